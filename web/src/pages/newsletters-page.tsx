import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { NewsletterSummary, ReceivedNewsletter } from '../../../shared/schemas/newsletters.ts'
import { api, type Me } from '../api.ts'
import { T, Written } from '../i18n.tsx'
import { mayAddressAll, mayCompose, newslettersApi } from '../newsletters/newsletter-model.ts'
import { Link } from '../router.tsx'
import { Alert, DateTime } from '../ui.tsx'

/** A newsletters list from the API: null until it arrives; the error if it did not. */
function useNewsletters<T>(url: string) {
  const [list, setList] = useState<T[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    api.get<{ newsletters: T[] }>(url).then((answer) => setList(answer.newsletters), setError)
  }, [url])
  return { list, error }
}

/** The error, "Loading…", the list's empty sentence, or the list itself. */
function ListBody<T>({
  list,
  error,
  empty,
  children,
}: {
  list: T[] | null
  error: unknown
  empty: string
  children: (list: T[]) => ComponentChildren
}) {
  return (
    <>
      <Alert error={error} />
      {list === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : list.length === 0 ? (
        <p>
          <T k={empty} />
        </p>
      ) : (
        children(list)
      )}
    </>
  )
}

/** The school's newsletters (admins and FEOs), or a teacher's own, with their status. */
function SchoolNewsletters({ schoolId, overseer }: { schoolId: string; overseer: boolean }) {
  const { list, error } = useNewsletters<NewsletterSummary>(newslettersApi(schoolId))

  return (
    <section aria-labelledby="school-newsletters-heading">
      <h2 id="school-newsletters-heading">
        <T k={overseer ? 'web.newsletters.list.school' : 'web.newsletters.list.own'} />
      </h2>
      <p class="actions">
        <Link href="/newsletters/new" class="button-link">
          <T k="web.newsletters.new" />
        </Link>
      </p>
      <ListBody list={list} error={error} empty="web.newsletters.list.empty">
        {(list) => (
          <ul class="cards newsletter-list">
            {list.map((n) => (
              <li key={n.id} class="card newsletter-item" data-id={n.id}>
                <Link href={`/newsletters/${n.id}/edit`} class="newsletter-title">
                  {n.titleCy || n.titleEn ? <Written cy={n.titleCy} en={n.titleEn} /> : <T k="web.newsletters.untitled" />}
                </Link>
                <span class="newsletter-meta">
                  <span class={`status-badge status-${n.status}`} data-status={n.status}>
                    <T k={`web.newsletters.status.${n.status}`} />
                  </span>{' '}
                  <T k={`web.newsletters.category.${n.category}`} />
                </span>
                <span class="muted">
                  {n.sentAt ? (
                    <>
                      <T k="web.newsletters.list.sent_at" /> <DateTime iso={n.sentAt} />
                      {' · '}
                      <T k="web.newsletters.list.recipients" values={{ count: n.recipients }} />
                    </>
                  ) : n.scheduledFor && n.status === 'scheduled' ? (
                    <>
                      <T k="web.newsletters.send.scheduled_for" /> <DateTime iso={n.scheduledFor} />
                    </>
                  ) : (
                    <>
                      <T k="web.newsletters.list.updated_at" /> <DateTime iso={n.updatedAt} />
                    </>
                  )}
                </span>
                {n.status === 'sending' || n.status === 'sent' ? (
                  <Link href={`/newsletters/${n.id}/reach`} class="newsletter-reach-link">
                    <T k="web.newsletters.reach.open" />
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </ListBody>
    </section>
  )
}

/**
 * What the person received, newest first: the title in their language, when it was sent,
 * whether they opened it. Each opens the server's page for it (a full page load, no script).
 */
function ReceivedNewsletters({ schoolId }: { schoolId: string }) {
  const { list, error } = useNewsletters<ReceivedNewsletter>(`${newslettersApi(schoolId)}/received`)

  return (
    <section aria-labelledby="received-heading">
      <h2 id="received-heading">
        <T k="web.newsletters.received.title" />
      </h2>
      <ListBody list={list} error={error} empty="web.newsletters.received.empty">
        {(list) => (
          <ul class="notices received-list">
            {list.map((n) => (
              <li key={n.id} class={n.openedAt ? 'notice received' : 'notice received unread'} data-id={n.id}>
                <a href={n.url}>
                  {n.category === 'newsletter' ? null : (
                    <span class="notice-flag">
                      <T k={`web.newsletters.category.${n.category}`} />
                    </span>
                  )}
                  <span class="notice-title">
                    <Written cy={n.titleCy} en={n.titleEn} />
                  </span>
                  {n.sentAt ? (
                    <span class="notice-time">
                      <T k="web.newsletters.list.sent_at" /> <DateTime iso={n.sentAt} />
                    </span>
                  ) : null}
                  <span class="notice-time" data-opened={n.openedAt ? 'yes' : 'no'}>
                    <T k={n.openedAt ? 'web.newsletters.received.opened' : 'web.newsletters.received.not_opened'} />
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </ListBody>
    </section>
  )
}

/** Newsletters: for staff who write them, the school's list and "New newsletter"; for everyone, what they received. */
export function NewslettersPage({ me, schoolId }: { me: Me; schoolId: string }) {
  return (
    <>
      <h1>
        <T k="web.newsletters.title" />
      </h1>
      {mayCompose(me.roles) ? <SchoolNewsletters schoolId={schoolId} overseer={mayAddressAll(me.roles)} /> : null}
      <ReceivedNewsletters schoolId={schoolId} />
    </>
  )
}
