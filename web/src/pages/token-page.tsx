import { useEffect, useRef, useState } from 'preact/hooks'
import { api, type Me } from '../api.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { Alert } from '../ui.tsx'

interface Props {
  /** Where to POST `{ token }` from the address: a sign-in link or an invitation. */
  endpoint: string
  onSignedIn: (me: Me) => void
}

/** Opens a link from an email: trades its token for a session, then shows home. */
export function TokenPage({ endpoint, onSignedIn }: Props) {
  const [failed, setFailed] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const started = useRef(false)

  useEffect(() => {
    if (started.current) return
    started.current = true
    const token = new URLSearchParams(location.search).get('token')
    if (!token) {
      setFailed(true)
      return
    }
    api.post<Me>(endpoint, { token }).then(onSignedIn, (err: unknown) => {
      setError(err)
      setFailed(true)
    })
  }, [endpoint, onSignedIn])

  if (!failed) {
    return (
      <h1 aria-busy="true">
        <T k="web.sign_in.verifying" />
      </h1>
    )
  }
  return (
    <>
      <h1>
        <T k="web.sign_in.failed" />
      </h1>
      <Alert error={error} />
      <p>
        <Link href="/signin" class="button-link">
          <T k="web.sign_in.title" />
        </Link>
      </p>
    </>
  )
}
