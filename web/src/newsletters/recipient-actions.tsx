import { useState } from 'preact/hooks'
import type { ContactMethod, ReachRecipient } from '../../../shared/schemas/newsletters.ts'
import { api } from '../api.ts'
import { T, useText } from '../i18n.tsx'
import { Alert, useActionLabel } from '../ui.tsx'

const METHODS: readonly ContactMethod[] = ['phone', 'meeting', 'paper', 'other']

interface Props {
  /** /api/schools/:schoolId/newsletters/:newsletterId */
  base: string
  recipient: ReachRecipient
  /** After an action: a catalog key saying what was done (for the page's status line). */
  onDone: (message: string) => void
}

/**
 * Follow-ups for one adult: send the newsletter again on a channel they allow and can be
 * reached on now (only those get a button), or record that the family was reached another way.
 */
export function RecipientActions({ base, recipient, onDone }: Props) {
  const actionLabel = useActionLabel()
  const text = useText()
  const [recording, setRecording] = useState(false)
  const [method, setMethod] = useState<ContactMethod>('phone')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const path = `${base}/recipients/${recipient.userId}`
  const formId = `contact-${recipient.userId}`

  const act = async (call: () => Promise<unknown>, message: string) => {
    setBusy(true)
    setError(null)
    try {
      await call()
      setRecording(false)
      setNote('')
      onDone(message)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const remind = (channel: 'email' | 'push') =>
    act(() => api.post(`${path}/reminder`, { channel }), `web.newsletters.reach.reminder_sent_${channel}`)
  const record = (event: Event) => {
    event.preventDefault()
    const trimmed = note.trim()
    act(() => api.post(`${path}/contact`, trimmed ? { method, note: trimmed } : { method }), 'web.newsletters.reach.contact_recorded')
  }

  return (
    <div class="recipient-actions">
      {recipient.reminderChannels.map((channel) => (
        <button
          aria-label={actionLabel(`web.newsletters.reach.remind_${channel}`, recipient.name)}
          key={channel}
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => remind(channel)}
        >
          <T k={`web.newsletters.reach.remind_${channel}`} />
        </button>
      ))}
      {recording ? (
        <form class="contact-form" onSubmit={record}>
          <div class="field">
            <label for={`${formId}-method`}>
              <T k="web.newsletters.reach.contact_method" />
            </label>
            <select id={`${formId}-method`} value={method} onChange={(e) => setMethod(e.currentTarget.value as ContactMethod)}>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {text(`web.newsletters.reach.method.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${formId}-note`}>
              <T k="web.newsletters.reach.contact_note" />
            </label>
            <input id={`${formId}-note`} maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
          <div class="actions">
            <button type="submit" disabled={busy}>
              <T k="web.newsletters.reach.contact_save" />
            </button>
            <button type="button" class="secondary" onClick={() => setRecording(false)}>
              <T k="web.newsletters.reach.contact_cancel" />
            </button>
          </div>
        </form>
      ) : (
        <button
          aria-label={actionLabel('web.newsletters.reach.record_contact', recipient.name)}
          type="button"
          class="secondary"
          onClick={() => setRecording(true)}
        >
          <T k="web.newsletters.reach.record_contact" />
        </button>
      )}
      <Alert error={error} />
    </div>
  )
}
