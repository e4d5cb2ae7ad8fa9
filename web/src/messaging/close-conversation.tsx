import { useState } from 'preact/hooks'
import type { Conversation } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert } from '../ui.tsx'

/**
 * Staff close a conversation (POST .../close) after confirming: it stays readable, and nobody
 * can send to it any more. Every participant's page hears it through conversation.updated.
 */
export function CloseConversation({
  schoolId,
  conversationId,
  onClosed,
}: {
  schoolId: string
  conversationId: string
  onClosed: (c: Conversation) => void
}) {
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const close = async () => {
    setBusy(true)
    setError(null)
    try {
      onClosed(await api.post<Conversation>(`/api/schools/${schoolId}/conversations/${conversationId}/close`))
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  if (!confirming) {
    return (
      <p class="actions">
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          <T k="web.messaging.close.open" />
        </button>
      </p>
    )
  }
  return (
    <section class="panel" aria-labelledby="close-question">
      <p id="close-question">
        <T k="web.messaging.close.confirm" />
      </p>
      <Alert error={error} />
      <div class="actions">
        <button type="button" onClick={close} disabled={busy}>
          <T k="web.messaging.close.yes" />
        </button>
        <button type="button" class="secondary" onClick={() => setConfirming(false)}>
          <T k="web.messaging.cancel" />
        </button>
      </div>
    </section>
  )
}
