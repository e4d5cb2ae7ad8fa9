import { forumApi } from '../forum/forum-api.ts'
import { ForumMembers } from '../forum/forum-members.tsx'
import { isFamilyMember } from '../forum/forum-model.ts'
import { Loaded, Written } from '../forum/forum-text.tsx'
import { ItemList } from '../forum/item-list.tsx'
import { MeetingList, NewMeetingForm } from '../forum/meetings.tsx'
import { ProposeItemForm } from '../forum/propose-item-form.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { Bi, T, useLanguage } from '../i18n.tsx'
import { Link, navigate } from '../router.tsx'

/**
 * One forum: what it is for, its members, its items (with "propose an item" for members) and
 * its meetings (with "new meeting" for facilitators).
 */
export function ForumPage({ schoolId, forumId }: { schoolId: string; forumId: string }) {
  const { choice } = useLanguage()
  const forums = forumApi(schoolId)
  const forum = useLoaded(forumId, () => forums.forum(forumId))
  const items = useLoaded(forumId, () => forums.items(forumId))
  const meetings = useLoaded(forumId, () => forums.meetings(forumId))
  const f = forum.data

  return (
    <div class="forum-page">
      <p>
        <Link href="/forum">
          <T k="web.forum.back_to_list" />
        </Link>
      </p>
      <h1>{f ? <Bi cy={f.nameCy} en={f.nameEn} /> : <T k="web.forum.title" />}</h1>
      <Loaded data={f} error={forum.error}>
        {(f) => (
          <>
            <div class="forum-description">
              <Written cy={f.descriptionCy} en={f.descriptionEn} block />
            </div>
            {f.myRole ? (
              <p class="muted">
                <T k="web.forum.your_role" />{' '}
                <strong>
                  <T k={`web.forum.role.${f.myRole}`} />
                </strong>
              </p>
            ) : null}
            <section aria-labelledby="forum-items-heading">
              <h2 id="forum-items-heading">
                <T k="web.forum.items.title" />
              </h2>
              <Loaded data={items.data} error={items.error}>
                {(list) => <ItemList forumId={forumId} items={list} />}
              </Loaded>
            </section>
            {isFamilyMember(f.myRole) ? (
              <ProposeItemForm
                forums={forums}
                forumId={forumId}
                defaultLanguage={choice === 'en' ? 'en' : 'cy'}
                openItemLimit={f.openItemLimit}
                onProposed={() => {
                  items.reload()
                  forum.reload()
                }}
              />
            ) : null}
            <section aria-labelledby="forum-meetings-heading">
              <h2 id="forum-meetings-heading">
                <T k="web.forum.meetings.title" />
              </h2>
              <Loaded data={meetings.data} error={meetings.error}>
                {(list) => <MeetingList forumId={forumId} meetings={list} />}
              </Loaded>
              {f.canFacilitate ? (
                <NewMeetingForm forums={forums} forumId={forumId} onCreated={(id) => navigate(`/forum/${forumId}/meetings/${id}`)} />
              ) : null}
            </section>
            <ForumMembers forums={forums} forum={f} onChanged={forum.reload} />
          </>
        )}
      </Loaded>
    </div>
  )
}
