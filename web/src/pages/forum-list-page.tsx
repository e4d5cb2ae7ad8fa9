import type { Me } from '../api.ts'
import { CreateForumForm } from '../forum/create-forum-form.tsx'
import { forumApi } from '../forum/forum-api.ts'
import { mayCreateForum } from '../forum/forum-model.ts'
import { Loading } from '../forum/forum-text.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { Bi, T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { Alert } from '../ui.tsx'

/**
 * The family forums the person may read, with their role in each; "You said, we did" for
 * everyone; and, for admins and FEOs, the form that creates a forum.
 */
export function ForumListPage({ me, schoolId }: { me: Me; schoolId: string }) {
  const forums = forumApi(schoolId)
  const list = useLoaded(schoolId, forums.forums)

  return (
    <div class="forum-page">
      <h1>
        <T k="web.forum.title" />
      </h1>
      <p>
        <T k="web.forum.intro" />
      </p>
      <p class="actions">
        <Link href="/forum-record" class="button-link secondary">
          <T k="web.forum.record.title" />
        </Link>
      </p>
      <section aria-labelledby="forum-list-heading">
        <h2 id="forum-list-heading">
          <T k="web.forum.list.title" />
        </h2>
        <Alert error={list.error} />
        {list.data === null ? (
          list.error ? null : (
            <Loading />
          )
        ) : list.data.length === 0 ? (
          <p>
            <T k="web.forum.list.empty" />
          </p>
        ) : (
          <ul class="cards forum-list">
            {list.data.map((forum) => (
              <li key={forum.id} class="card forum-card" data-forum-id={forum.id}>
                <Link href={`/forum/${forum.id}`} class="forum-name">
                  <Bi cy={forum.nameCy} en={forum.nameEn} />
                </Link>
                <span class="muted">
                  {forum.myRole ? (
                    <>
                      <T k={`web.forum.role.${forum.myRole}`} />
                      {' · '}
                    </>
                  ) : null}
                  <T k="web.forum.list.members" values={{ count: forum.members }} />
                  {' · '}
                  <T k="web.forum.list.open_items" values={{ count: forum.openItems }} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {mayCreateForum(me.roles) ? <CreateForumForm forums={forums} /> : null}
    </div>
  )
}
