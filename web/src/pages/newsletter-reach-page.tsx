import { useEffect, useState } from 'preact/hooks'
import type { Newsletter, Reach } from '../../../shared/schemas/newsletters.ts'
import { api } from '../api.ts'
import { T, Written } from '../i18n.tsx'
import { newslettersApi } from '../newsletters/newsletter-model.ts'
import { ReachChart } from '../newsletters/reach-chart.tsx'
import { ReachTable } from '../newsletters/reach-table.tsx'
import { Link } from '../router.tsx'
import { Alert, DateTime } from '../ui.tsx'

/**
 * Who a sent newsletter reached: the share of families reached within 24 hours, overall and per
 * class, and the families not reached, with reminders and contacts made another way.
 */
export function NewsletterReachPage({ schoolId, newsletterId }: { schoolId: string; newsletterId: string }) {
  const base = `${newslettersApi(schoolId)}/${newsletterId}`
  const [newsletter, setNewsletter] = useState<Newsletter | null>(null)
  const [reach, setReach] = useState<Reach | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [showAll, setShowAll] = useState(false)
  const [done, setDone] = useState<string | null>(null)

  const load = () =>
    api.get<Reach>(`${base}/reach`).then(
      (answer) => {
        setReach(answer)
        setError(null)
      },
      (err: unknown) => setError(err),
    )
  useEffect(() => {
    api.get<Newsletter>(base).then(setNewsletter, setError)
    load()
  }, [base])

  const afterAction = (message: string) => {
    setDone(message)
    load()
  }
  const shown = reach ? (showAll ? reach.all : reach.notReached) : []

  return (
    <div class="newsletter-reach">
      <p>
        <Link href="/newsletters">
          <T k="web.newsletters.back" />
        </Link>
      </p>
      <h1>
        <T k="web.newsletters.reach.title" />
      </h1>
      {newsletter ? (
        <p class="reach-newsletter">
          <Link href={`/newsletters/${newsletter.id}/edit`}>
            <Written cy={newsletter.titleCy} en={newsletter.titleEn} />
          </Link>
          {newsletter.sentAt ? (
            <span class="muted">
              {' · '}
              <T k="web.newsletters.list.sent_at" /> <DateTime iso={newsletter.sentAt} />
            </span>
          ) : null}
        </p>
      ) : null}
      <Alert error={error} />
      {reach === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : (
        <>
          <ReachChart reach={reach} />
          <h2 id="recipients-heading">
            <T k={showAll ? 'web.newsletters.reach.all_title' : 'web.newsletters.reach.not_reached_title'} />
          </h2>
          {showAll ? null : (
            <p class="muted">
              <T k="web.newsletters.reach.not_reached_help" />
            </p>
          )}
          <div class="field">
            <label class="choice">
              <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
              <T k="web.newsletters.reach.show_all" />
            </label>
          </div>
          <div role="status" class="status">
            {done ? (
              <p>
                <T k={done} />
              </p>
            ) : null}
          </div>
          {shown.length === 0 ? (
            <p class="reach-everyone">
              <T k={showAll ? 'web.newsletters.reach.no_recipients' : 'web.newsletters.reach.everyone_reached'} />
            </p>
          ) : (
            <ReachTable base={base} recipients={shown} all={showAll} onDone={afterAction} />
          )}
        </>
      )}
    </div>
  )
}
