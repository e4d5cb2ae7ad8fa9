import { useState } from 'preact/hooks'
import { api } from './api.ts'
import { T } from './i18n.tsx'
import { outbox, useOutboxCount } from './messaging/outbox.ts'
import { forgetOfflineReading } from './offline/service-worker.ts'
import { Alert } from './ui.tsx'

/**
 * The sign-out button. Unsent messages wait in this device's storage; signing out deletes them,
 * and what the service worker kept for offline reading (a shared family phone must not keep
 * them), so with any waiting the person is first told how many would be lost and asked to
 * confirm.
 */
export function SignOut({ onSignedOut }: { onSignedOut: () => void }) {
  const unsent = useOutboxCount()
  const [asking, setAsking] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const signOut = async () => {
    setBusy(true)
    setError(null)
    try {
      // Before the request: the server's answer also ends this session's socket, and the app may
      // show the sign-in page on that before this call returns. The person has agreed to lose them.
      outbox.forget()
      await api.post('/api/auth/sign-out')
      await forgetOfflineReading()
      onSignedOut()
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  if (asking && unsent > 0) {
    return (
      <section class="panel" aria-labelledby="sign-out-question">
        <p id="sign-out-question">
          <T k="web.messaging.outbox.sign_out_warning" values={{ count: unsent }} />
        </p>
        <Alert error={error} />
        <div class="actions">
          <button type="button" onClick={signOut} disabled={busy}>
            <T k="web.messaging.outbox.sign_out_anyway" />
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(false)}>
            <T k="web.messaging.cancel" />
          </button>
        </div>
      </section>
    )
  }
  return (
    <>
      <Alert error={error} />
      <button type="button" class="secondary" onClick={() => (unsent > 0 ? setAsking(true) : signOut())} disabled={busy}>
        <T k="web.home.sign_out" />
      </button>
    </>
  )
}
