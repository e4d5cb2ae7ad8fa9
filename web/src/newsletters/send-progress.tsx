import { useEffect, useRef } from 'preact/hooks'
import type { NewsletterProgress } from '../../../shared/schemas/newsletters.ts'
import { api } from '../api.ts'
import { T, useText } from '../i18n.tsx'
import { useRealtimeEvent } from '../realtime.ts'
import { newslettersApi } from './newsletter-model.ts'

/** Still moving: the fan-out runs, or deliveries wait to go (they keep going after the fan-out). */
const moving = (p: NewsletterProgress) => p.status === 'sending' || p.pending > 0
const POLL_MS = 2000
/**
 * After the fan-out the deliveries are created a moment later (so for an instant nothing is
 * pending): polling goes on until the figures stood still this many times running.
 */
const SETTLE_POLLS = 3

interface Props {
  schoolId: string
  progress: NewsletterProgress
  /** Sent now: the send job is queued (status still scheduled) and will start any moment. */
  starting: boolean
  onProgress: (progress: NewsletterProgress) => void
}

/**
 * Keeps a newsletter's progress live: from the socket's newsletter.progress events (to its author
 * and the school's admins and FEOs), as long as the page is open.
 */
export function useNewsletterProgress(newsletterId: string | null, onProgress: (progress: NewsletterProgress) => void) {
  useRealtimeEvent('newsletter.progress', (next) => {
    if (next.newsletterId === newsletterId) onProgress(next)
  })
}

/**
 * The send as it goes: recipients resolved out of the audience, and deliveries sent, failed and
 * still to go. Polled every 2 seconds while anything still moves, and until the figures settle
 * after that (deliveries after the fan-out are not announced on the socket), on top of the live
 * events the page follows.
 */
export function SendProgress({ schoolId, progress, starting, onProgress }: Props) {
  const text = useText()
  const id = progress.newsletterId
  const watching = moving(progress) || (starting && progress.status === 'scheduled')
  /** Whether this page saw the send move, so it waits for the figures to settle once it stops. */
  const watched = useRef(false)
  useEffect(() => {
    if (!watching && !watched.current) return
    watched.current = watching
    let current = true
    let still = 0
    let last = ''
    const poll = () =>
      api.get<NewsletterProgress>(`${newslettersApi(schoolId)}/${id}/progress`).then(
        (next) => {
          if (!current) return
          const seen = JSON.stringify(next)
          still = seen === last ? still + 1 : 0
          last = seen
          onProgress(next)
          if (!watching && still >= SETTLE_POLLS) clearInterval(timer)
        },
        // A failed poll is tried again on the next tick.
        () => undefined,
      )
    const timer = setInterval(poll, POLL_MS)
    poll()
    return () => {
      current = false
      clearInterval(timer)
    }
  }, [schoolId, id, watching])

  const { recipients, resolved, sent, failed, pending } = progress
  const done = sent + failed
  return (
    <section class="panel send-progress" aria-labelledby="send-progress-heading" data-status={progress.status}>
      <h2 id="send-progress-heading">
        <T k="web.newsletters.progress.title" />
      </h2>
      <p class="progress-status" aria-live="polite">
        <T k={`web.newsletters.status.${progress.status}`} />
      </p>
      <label class="block" for="progress-resolved">
        <T k="web.newsletters.progress.resolved" values={{ resolved, recipients }} />
      </label>
      <progress id="progress-resolved" max={Math.max(recipients, 1)} value={resolved} />
      <label class="block" for="progress-delivered">
        <T k="web.newsletters.progress.delivered" values={{ done, total: done + pending }} />
      </label>
      <progress
        id="progress-delivered"
        max={Math.max(done + pending, 1)}
        value={done}
        aria-valuetext={text('web.newsletters.progress.delivered', { done, total: done + pending })}
      />
      <dl class="progress-numbers">
        <div>
          <dt>
            <T k="web.newsletters.progress.sent" />
          </dt>
          <dd data-count="sent">{sent}</dd>
        </div>
        <div>
          <dt>
            <T k="web.newsletters.progress.failed" />
          </dt>
          <dd data-count="failed">{failed}</dd>
        </div>
        <div>
          <dt>
            <T k="web.newsletters.progress.pending" />
          </dt>
          <dd data-count="pending">{pending}</dd>
        </div>
      </dl>
    </section>
  )
}
