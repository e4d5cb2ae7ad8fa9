import { useState } from 'preact/hooks'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { Alert } from '../ui.tsx'

/** Sends the person a test notification on every channel they chose (rate limited by the server). */
export function TestNotification() {
  const [sent, setSent] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const send = async () => {
    setBusy(true)
    setError(null)
    setSent(false)
    try {
      await api.post('/api/me/notifications/test', {})
      setSent(true)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="test-heading">
      <h2 id="test-heading">
        <T k="web.settings.test_title" />
      </h2>
      <p class="muted">
        <T k="web.settings.test_help" block />
      </p>
      <button type="button" class="secondary" onClick={send} disabled={busy}>
        <T k="web.settings.test" />
      </button>
      <Alert error={error} />
      <div role="status" class="status">
        {sent ? (
          <p>
            <T k="web.settings.test_sent" />{' '}
            <Link href="/notifications">
              <T k="web.notifications.title" />
            </Link>
          </p>
        ) : null}
      </div>
    </section>
  )
}
