import { useState } from 'preact/hooks'
import type { NewsletterStatus } from '../../../shared/schemas/newsletters.ts'
import { T } from '../i18n.tsx'
import { DateTime } from '../ui.tsx'

interface Props {
  status: NewsletterStatus
  scheduledFor: string | null
  busy: boolean
  onTest: () => void
  /** Sends now (at null) or schedules for the ISO moment given. */
  onSend: (at: string | null) => void
  onCancel: () => void
}

/** A datetime-local value (the device's local time, no zone) as an ISO moment, or null when unreadable. */
function isoOf(local: string): string | null {
  const date = new Date(local)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/**
 * Sending: a test to oneself, now (after a confirmation, as it goes to every family in the
 * audience), or at a chosen time; a scheduled send can be cancelled before it starts.
 */
export function SendControls({ status, scheduledFor, busy, onTest, onSend, onCancel }: Props) {
  const [confirming, setConfirming] = useState(false)
  const [at, setAt] = useState('')
  const when = isoOf(at)

  return (
    <section class="send-controls" aria-labelledby="send-heading">
      <h2 id="send-heading">
        <T k="web.newsletters.send.title" />
      </h2>
      {status === 'scheduled' && scheduledFor ? (
        <p class="status-line">
          <T k="web.newsletters.send.scheduled_for" /> <DateTime iso={scheduledFor} />
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="secondary" disabled={busy} onClick={onTest}>
          <T k="web.newsletters.send.test" />
        </button>
        {confirming ? null : (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            <T k="web.newsletters.send.now" />
          </button>
        )}
      </div>
      {confirming ? (
        <div class="panel send-confirm">
          <p id="send-confirm-text">
            <T k="web.newsletters.send.confirm" />
          </p>
          <div class="actions">
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setConfirming(false)
                onSend(null)
              }}
            >
              <T k="web.newsletters.send.confirm_yes" />
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              <T k="web.newsletters.send.confirm_no" />
            </button>
          </div>
        </div>
      ) : null}
      <div class="schedule-row">
        <div class="field">
          <label for="newsletter-schedule-at">
            <T k="web.newsletters.send.schedule_at" />
          </label>
          <input id="newsletter-schedule-at" type="datetime-local" value={at} onInput={(e) => setAt(e.currentTarget.value)} />
        </div>
        <button type="button" class="secondary" disabled={busy || !when} onClick={() => when && onSend(when)}>
          <T k="web.newsletters.send.schedule" />
        </button>
      </div>
      {status === 'scheduled' ? (
        <button type="button" class="secondary danger" disabled={busy} onClick={onCancel}>
          <T k="web.newsletters.send.cancel" />
        </button>
      ) : null}
    </section>
  )
}
