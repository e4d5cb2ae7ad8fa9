import { useState } from 'preact/hooks'
import { forumApi } from '../forum/forum-api.ts'
import { isFamilyMember } from '../forum/forum-model.ts'
import { Author, Loaded, Outcome, StatusBadge, Written } from '../forum/forum-text.tsx'
import { ItemActions, SupportButton } from '../forum/item-actions.tsx'
import { ItemComments } from '../forum/item-comments.tsx'
import { ItemHistory } from '../forum/item-history.tsx'
import { ItemTexts } from '../forum/item-texts.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { Bi, T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { DateTime } from '../ui.tsx'

interface Props {
  schoolId: string
  forumId: string
  itemId: string
}

/**
 * One item: its text in both languages (which one is the original), who proposed it (or "a
 * family"), support, status and history, the live discussion, and what the person may do to it.
 */
export function ForumItemPage({ schoolId, forumId, itemId }: Props) {
  const forums = forumApi(schoolId)
  const forum = useLoaded(forumId, () => forums.forum(forumId))
  const item = useLoaded(`${forumId}/${itemId}`, () => forums.item(forumId, itemId))
  const [done, setDone] = useState<string | null>(null)
  const changed = (message: string) => {
    setDone(message)
    item.reload()
  }
  const facilitator = forum.data?.canFacilitate === true
  const member = isFamilyMember(forum.data?.myRole ?? null)

  return (
    <div class="forum-page forum-item-page">
      <p>
        <Link href={`/forum/${forumId}`}>
          {forum.data ? <Bi cy={forum.data.nameCy} en={forum.data.nameEn} /> : <T k="web.forum.back_to_forum" />}
        </Link>
      </p>
      <Loaded data={item.data} error={item.error ?? forum.error}>
        {(it) => (
          <>
            <h1 class="item-heading">
              <Written cy={it.titleCy} en={it.titleEn} />
            </h1>
            <p class="status-line">
              <StatusBadge status={it.status} />{' '}
              <span class="muted">
                <Author name={it.authorName} mine={it.mine} anonymous={it.anonymous} />
                {' · '}
                <DateTime iso={it.createdAt} />
              </span>
            </p>
            {it.carriedOver ? (
              <p class="notice-box">
                <T k="web.forum.items.carried_over_help" />
              </p>
            ) : null}
            {it.status === 'declined' && (it.declineReasonCy || it.declineReasonEn) ? (
              <div class="notice-box decline-reason">
                <strong>
                  <T k="web.forum.item.decline_reason" />
                </strong>
                <Written cy={it.declineReasonCy ?? ''} en={it.declineReasonEn ?? ''} block />
              </div>
            ) : null}
            <Outcome done={done} error={null} />
            <ItemTexts
              forums={forums}
              item={it}
              mayEdit={(lng) => (lng === it.originalLanguage ? it.mine && it.status === 'proposed' : it.mine || facilitator)}
              onSaved={changed}
            />
            <SupportButton forums={forums} item={it} onChanged={changed} mayAct={member} />
            <ItemActions forums={forums} item={it} onChanged={changed} facilitator={facilitator} />
            <ItemHistory events={it.history} />
            <ItemComments
              forums={forums}
              forumId={forumId}
              itemId={itemId}
              mayComment={member || facilitator}
              onItemUpdated={item.reload}
            />
          </>
        )}
      </Loaded>
    </div>
  )
}
