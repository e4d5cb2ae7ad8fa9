import { useEffect, useState } from 'preact/hooks'
import type { LanguageChoice } from '../../shared/i18n.ts'
import { ApiError, api, type Me, setRequestLanguage, setSession } from './api.ts'
import { type I18n, LanguageContext, T, useText } from './i18n.tsx'
import { documentLanguage, initialLanguage, storeLanguage } from './language.ts'
import { LanguageSwitch } from './language-switch.tsx'
import { AdminPage } from './pages/admin-page.tsx'
import { HomePage } from './pages/home-page.tsx'
import { SetupPage } from './pages/setup-page.tsx'
import { SignInPage } from './pages/sign-in-page.tsx'
import { TokenPage } from './pages/token-page.tsx'
import { Link, navigate, usePath } from './router.tsx'
import { Alert } from './ui.tsx'

function Title() {
  const text = useText()
  const title = text('web.app_name')
  useEffect(() => {
    document.title = title
  }, [title])
  return null
}

export function App({ i18n }: { i18n: I18n }) {
  const [choice, setChoice] = useState<LanguageChoice>(initialLanguage)
  /** undefined while the first GET /api/me is on its way; null when signed out. */
  const [me, setMe] = useState<Me | null | undefined>(undefined)
  const [bootError, setBootError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [switchError, setSwitchError] = useState<unknown>(null)
  const path = usePath()

  setRequestLanguage(choice)
  useEffect(() => {
    document.documentElement.lang = documentLanguage(choice)
  }, [choice])

  const applyMe = (next: Me | null) => {
    setSession(next)
    setMe(next)
    if (next) {
      setChoice(next.language)
      storeLanguage(next.language)
    }
  }
  const signedIn = (next: Me) => {
    applyMe(next)
    navigate('/', true)
  }
  const signOut = () => {
    applyMe(null)
    navigate('/', true)
  }

  useEffect(() => {
    api.get<Me>('/api/me').then(applyMe, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) applyMe(null)
      else setBootError(error)
    })
  }, [])

  useEffect(() => {
    if (me && path === '/signin') navigate('/', true)
  }, [me, path])

  const choose = async (next: LanguageChoice) => {
    setSwitchError(null)
    if (!me) {
      setChoice(next)
      storeLanguage(next)
      return
    }
    setSaving(true)
    try {
      applyMe(await api.patch<Me>('/api/me', { language: next }))
    } catch (error) {
      setSwitchError(error)
    } finally {
      setSaving(false)
    }
  }

  const page = () => {
    if (me === undefined) {
      return bootError ? (
        <Alert error={bootError} />
      ) : (
        <p aria-busy="true">
          <T k="web.loading" />
        </p>
      )
    }
    if (path === '/signin/verify') return <TokenPage endpoint="/api/auth/magic-link/consume" onSignedIn={signedIn} />
    if (path === '/invitation') return <TokenPage endpoint="/api/auth/invitations/accept" onSignedIn={signedIn} />
    if (path === '/setup') return <SetupPage onSignedIn={signedIn} />
    if (!me) return <SignInPage onSignedIn={signedIn} />
    if (path === '/admin' && me.school && me.roles.includes('admin')) return <AdminPage schoolId={me.school.id} />
    return <HomePage me={me} onSignedOut={signOut} />
  }

  return (
    <LanguageContext.Provider value={{ choice, i18n }}>
      <Title />
      <header class="top">
        <div class="brand">
          <Link href="/" class="brand-name">
            <T k="web.app_name" />
          </Link>
          <span class="tagline">
            <T k="web.tagline" />
          </span>
        </div>
        <LanguageSwitch onChoose={choose} busy={saving} error={switchError} />
      </header>
      <p class="welcome">
        <T k="web.welsh_welcome" block />
      </p>
      <main id="main">{page()}</main>
    </LanguageContext.Provider>
  )
}
