import { useState } from 'preact/hooks'
import { api, type Me } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert, Field } from '../ui.tsx'

function PasswordForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError(null)
    try {
      onSignedIn(
        await api.post<Me>('/api/auth/password/sign-in', {
          email: String(form.get('email') ?? ''),
          password: String(form.get('password') ?? ''),
        }),
      )
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} class="stack">
      <Field id="password-email" label="web.sign_in.email_label">
        <input id="password-email" name="email" type="email" autocomplete="username" required />
      </Field>
      <Field id="password" label="web.sign_in.password_label">
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </Field>
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        <T k="web.sign_in.password_submit" />
      </button>
    </form>
  )
}

export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [sent, setSent] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [staffOpen, setStaffOpen] = useState(false)

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError(null)
    setSent(false)
    try {
      await api.post('/api/auth/magic-link', { email: String(form.get('email') ?? '') })
      setSent(true)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <h1>
        <T k="web.sign_in.title" />
      </h1>
      <form onSubmit={submit} class="stack">
        <Field id="email" label="web.sign_in.email_label">
          <input id="email" name="email" type="email" autocomplete="email" required />
        </Field>
        <Alert error={error} />
        <button type="submit" disabled={busy}>
          <T k="web.sign_in.submit" />
        </button>
      </form>
      <div role="status" class="status">
        {sent ? (
          <p>
            <T k="web.sign_in.sent" block />
          </p>
        ) : null}
      </div>
      <details class="staff" open={staffOpen} onToggle={(event) => setStaffOpen((event.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <T k="web.sign_in.password_label" />
        </summary>
        {staffOpen ? <PasswordForm onSignedIn={onSignedIn} /> : null}
      </details>
    </>
  )
}
