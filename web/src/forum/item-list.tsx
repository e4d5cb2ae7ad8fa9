import type { AgendaItemSummary } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { DateTime } from '../ui.tsx'
import { Author, StatusBadge, Written } from './forum-text.tsx'

/** The forum's items, newest first: title in the person's language, status, support, who proposed it. */
export function ItemList({ forumId, items }: { forumId: string; items: AgendaItemSummary[] }) {
  if (items.length === 0) {
    return (
      <p>
        <T k="web.forum.items.empty" />
      </p>
    )
  }
  return (
    <ul class="cards item-list">
      {items.map((item) => (
        <li key={item.id} class="card forum-item" data-item-id={item.id} data-status={item.status}>
          <Link href={`/forum/${forumId}/items/${item.id}`} class="forum-item-title">
            <Written cy={item.titleCy} en={item.titleEn} />
          </Link>
          <span class="forum-item-meta">
            <StatusBadge status={item.status} />{' '}
            <span class="support-count" data-supports={item.supports}>
              <T k="web.forum.support.count" values={{ count: item.supports }} />
            </span>
            {item.supportedByMe ? (
              <span class="muted">
                {' · '}
                <T k="web.forum.support.yours" />
              </span>
            ) : null}
            {item.carriedOver ? (
              <span class="carried-over">
                {' · '}
                <T k="web.forum.items.carried_over" />
              </span>
            ) : null}
          </span>
          <span class="muted">
            <Author name={item.authorName} mine={item.mine} anonymous={item.anonymous} />
            {' · '}
            <DateTime iso={item.createdAt} />
          </span>
        </li>
      ))}
    </ul>
  )
}
