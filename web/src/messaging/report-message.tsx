import { useState } from 'preact/hooks'
import type { Message } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert } from '../ui.tsx'

/** The server's longest reason (ReportMessage). */
const REASON_MAX_LENGTH = 2000

/**
 * "Report this message", offered under anyone else's message: a short reason goes to the
 * school's designated safeguarding lead (POST .../messages/:id/report), and the person is told
 * so. Reporting the same message again is harmless: the server keeps one report per person.
 */
export function ReportMessage({ schoolId, message }: { schoolId: string; message: Message }) {
  const [state, setState] = useState<'closed' | 'open' | 'sent'>('closed')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const id = `report-${message.id}`

  const send = async (event: Event) => {
    event.preventDefault()
    if (reason.trim() === '') return
    setBusy(true)
    setError(null)
    try {
      await api.post(`/api/schools/${schoolId}/conversations/${message.conversationId}/messages/${message.id}/report`, {
        reason: reason.trim(),
      })
      setState('sent')
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  if (state === 'sent') {
    return (
      <p class="notice-box report-sent" role="status">
        <T k="web.messaging.report.sent" />
      </p>
    )
  }
  if (state === 'closed') {
    return (
      <button type="button" class="link-button" onClick={() => setState('open')}>
        <T k="web.messaging.report.open" />
      </button>
    )
  }
  return (
    <form class="report-form" onSubmit={send}>
      <label for={id}>
        <T k="web.messaging.report.reason" />
      </label>
      <p class="counter">
        <T k="web.messaging.report.explain" />
      </p>
      <textarea
        id={id}
        class="compose-text"
        rows={3}
        required
        maxLength={REASON_MAX_LENGTH}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <Alert error={error} />
      <div class="actions">
        <button type="submit" disabled={busy || reason.trim() === ''}>
          <T k="web.messaging.report.send" />
        </button>
        <button type="button" class="secondary" onClick={() => setState('closed')}>
          <T k="web.messaging.cancel" />
        </button>
      </div>
    </form>
  )
}
