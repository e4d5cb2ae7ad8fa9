import type { RecordItem } from '../../../shared/schemas/forum.ts'
import { ActionFacts } from '../forum/entry-actions.tsx'
import { forumApi } from '../forum/forum-api.ts'
import { Loaded, StatusBadge, Written } from '../forum/forum-text.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { Bi, T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { DateTime } from '../ui.tsx'

/** One item as every family sees it: what was raised, what happened, what the school is doing. Never who raised it. */
function RecordEntry({ item }: { item: RecordItem }) {
  const overdue = item.actions.filter((a) => a.overdue).length
  return (
    <li class="card record-item" data-item-id={item.id} data-status={item.status}>
      <h3 class="record-title">
        <Written cy={item.titleCy} en={item.titleEn} />
      </h3>
      <p class="status-line">
        <StatusBadge status={item.status} />
        {overdue > 0 ? (
          <>
            {' '}
            <strong class="overdue">
              <T k="web.forum.record.overdue_count" values={{ count: overdue }} />
            </strong>
          </>
        ) : null}
      </p>
      <p class="muted">
        <T k="web.forum.record.raised" /> <DateTime iso={item.raisedAt} />
        {' · '}
        <T k="web.forum.record.updated" /> <DateTime iso={item.updatedAt} />
      </p>
      {item.descriptionCy || item.descriptionEn ? <Written cy={item.descriptionCy} en={item.descriptionEn} block /> : null}
      {item.status === 'declined' && (item.declineReasonCy || item.declineReasonEn) ? (
        <div class="notice-box decline-reason">
          <strong>
            <T k="web.forum.item.decline_reason" />
          </strong>
          <Written cy={item.declineReasonCy ?? ''} en={item.declineReasonEn ?? ''} block />
        </div>
      ) : null}
      {item.decisions.length > 0 ? (
        <div class="record-decisions">
          <h4>
            <T k="web.forum.record.decisions" />
          </h4>
          <ul class="plain-list">
            {item.decisions.map((d) => (
              <li key={d.meetingId} class="record-decision">
                <span class="muted">
                  <T k="web.forum.record.meeting_of" /> <DateTime iso={d.meetingAt} />
                </span>
                <Written cy={d.decisionCy} en={d.decisionEn} block />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {item.actions.length > 0 ? (
        <div class="record-actions">
          <h4>
            <T k="web.forum.record.actions" />
          </h4>
          <ul class="plain-list">
            {item.actions.map((action) => (
              <li key={action.id} class={action.overdue ? 'forum-action is-overdue' : 'forum-action'} data-action-id={action.id}>
                <Written cy={action.descriptionCy} en={action.descriptionEn} block />
                <ActionFacts action={action} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  )
}

/**
 * "You said, we did": for every family of the school, each forum's items with their status,
 * dates, the reason when declined, the decisions taken and the actions with their due dates and
 * progress (overdue ones said in words). It never names who raised an item.
 */
export function ForumRecordPage({ schoolId }: { schoolId: string }) {
  const forums = forumApi(schoolId)
  const record = useLoaded(schoolId, forums.record)

  return (
    <div class="forum-page forum-record">
      <p>
        <Link href="/forum">
          <T k="web.forum.back_to_list" />
        </Link>
      </p>
      <h1>
        <T k="web.forum.record.title" />
      </h1>
      <p>
        <T k="web.forum.record.intro" />
      </p>
      <Loaded data={record.data} error={record.error}>
        {(r) =>
          r.forums.length === 0 ? (
            <p>
              <T k="web.forum.record.empty" />
            </p>
          ) : (
            r.forums.map((forum) => (
              <section key={forum.id} class="record-forum" data-forum-id={forum.id} aria-labelledby={`record-${forum.id}`}>
                <h2 id={`record-${forum.id}`}>
                  <Bi cy={forum.nameCy} en={forum.nameEn} />
                </h2>
                {forum.items.length === 0 ? (
                  <p>
                    <T k="web.forum.record.no_items" />
                  </p>
                ) : (
                  <ul class="cards record-items">
                    {forum.items.map((item) => (
                      <RecordEntry key={item.id} item={item} />
                    ))}
                  </ul>
                )}
              </section>
            ))
          )
        }
      </Loaded>
    </div>
  )
}
