import { useEffect, useLayoutEffect, useState } from 'preact/hooks'
import type { LanguageChoice } from '../../shared/i18n.ts'
import { ApiError, api, type Me, setRequestLanguage, setSession } from './api.ts'
import { mayUseEngagement } from './engagement/engagement-model.ts'
import { engagementPage } from './engagement/engagement-routes.tsx'
import { forumPage } from './forum/forum-routes.tsx'
import { type I18n, LanguageContext, T, useText } from './i18n.tsx'
import { documentLanguage, initialLanguage, storeLanguage } from './language.ts'
import { LanguageSwitch } from './language-switch.tsx'
import { lazyPage } from './lazy-page.tsx'
import { useMessagingClient } from './messaging/messaging-client.ts'
import { newsletterPage } from './newsletters/newsletter-routes.tsx'
import { forgetOfflineReading } from './offline/service-worker.ts'
import { HomePage } from './pages/home-page.tsx'
import { MessagesPage } from './pages/messages-page.tsx'
import { NotificationsPage } from './pages/notifications-page.tsx'
import { SignInPage } from './pages/sign-in-page.tsx'
import { ThreadPage } from './pages/thread-page.tsx'
import { TokenPage } from './pages/token-page.tsx'
import { pushPromptAfterSignIn } from './push-prompt.tsx'
import { RealtimeContext, useRealtimeConnection } from './realtime.ts'
import { Link, navigate, usePath } from './router.tsx'
import { Alert } from './ui.tsx'
import { UnreadBadge, useUnread } from './unread-badge.tsx'

// In the entry: what a parent needs to sign in and read messages (home, messages, a thread,
// notifications). Other screens are chunks of their own, downloaded when opened (lazy-page.tsx;
// the newsletters, forum and engagement screens in their route files), so the script a parent
// downloads stays under the budget that scripts/check-bundle.ts checks in every build.
const AdminPage = lazyPage(() => import('./pages/admin-page.tsx').then((m) => m.AdminPage))
const DeliveriesPage = lazyPage(() => import('./pages/deliveries-page.tsx').then((m) => m.DeliveriesPage))
const RetentionPage = lazyPage(() => import('./retention/retention-page.tsx').then((m) => m.RetentionPage))
const NotificationSettingsPage = lazyPage(() => import('./pages/notification-settings-page.tsx').then((m) => m.NotificationSettingsPage))
const SafeguardingPage = lazyPage(() => import('./pages/safeguarding-page.tsx').then((m) => m.SafeguardingPage))
const SetupPage = lazyPage(() => import('./pages/setup-page.tsx').then((m) => m.SetupPage))

/** Links to the main screens, in the header. */
function TopNav({ me }: { me: Me }) {
  const text = useText()
  return (
    <nav class="top-nav" aria-label={text('web.newsletters.nav_label')}>
      <Link href="/newsletters" class="top-nav-link">
        <T k="web.newsletters.title" />
      </Link>
      <Link href="/forum" class="top-nav-link">
        <T k="web.forum.title" />
      </Link>
      {mayUseEngagement(me.roles) ? (
        <Link href="/engagement" class="top-nav-link">
          <T k="web.engagement.nav" />
        </Link>
      ) : null}
    </nav>
  )
}

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
  const socket = useRealtimeConnection(me ? me.id : null)
  const unread = useUnread(socket, me ? me.id : null)
  useMessagingClient(socket, me ? me.id : null)

  setRequestLanguage(choice)
  // Before the browser paints (and before any other task reads the page): the words and the
  // page's lang change together, so a screen reader never reads Welsh words as English.
  useLayoutEffect(() => {
    document.documentElement.lang = documentLanguage(choice)
  }, [choice])

  const applyMe = (next: Me | null) => {
    setSession(next)
    setMe(next)
    if (next) {
      setChoice(next.language)
      storeLanguage(next.language)
    } else void forgetOfflineReading() // signed out (here, elsewhere, or the session ended)
  }
  const signedIn = (next: Me) => {
    pushPromptAfterSignIn()
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

  // Signed out elsewhere (another tab, an admin disabling the account): show the sign-in page.
  useEffect(() => {
    if (!socket) return
    const ended = () => applyMe(null)
    socket.on('session.ended', ended)
    return () => {
      socket.off('session.ended', ended)
    }
  }, [socket])

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
    const newsletters = me.school && path.startsWith('/newsletters') ? newsletterPage(path, me, me.school.id) : null
    if (newsletters) return newsletters
    const forum = me.school && path.startsWith('/forum') ? forumPage(path, me, me.school.id) : null
    if (forum) return forum
    const engagement = me.school && path.startsWith('/engagement') ? engagementPage(path, me, me.school.id) : null
    if (engagement) return engagement
    if (path === '/messages' && me.school) return <MessagesPage me={me} schoolId={me.school.id} />
    const thread = /^\/messages\/([0-9a-f-]{36})$/.exec(path)?.[1]
    if (thread && me.school) return <ThreadPage key={thread} me={me} schoolId={me.school.id} conversationId={thread} />
    if (path === '/safeguarding' && me.school && me.roles.includes('dsl')) return <SafeguardingPage schoolId={me.school.id} />
    if (path === '/notifications') return <NotificationsPage unread={unread.count} onUnread={unread.set} />
    if (path === '/settings/notifications') {
      return (
        <NotificationSettingsPage
          language={me.language}
          onLanguage={(language) => applyMe({ ...me, language })}
          mayDownloadData={me.roles.includes('parent')}
        />
      )
    }
    // Shown to anyone in a school: the server answers 403 to those who are not its admins.
    if (path === '/admin/deliveries' && me.school) return <DeliveriesPage schoolId={me.school.id} />
    if (path === '/admin/retention' && me.school)
      return <RetentionPage schoolId={me.school.id} mayChangePeriods={me.roles.includes('admin')} />
    if (path === '/admin' && me.school && me.roles.includes('admin')) return <AdminPage schoolId={me.school.id} />
    return <HomePage me={me} onSignedOut={signOut} />
  }

  return (
    <LanguageContext.Provider value={{ choice, i18n }}>
      <RealtimeContext.Provider value={socket}>
        <Title />
        <a class="skip-link" href="#main">
          <T k="web.skip_to_main" />
        </a>
        {/* The banner holds the welcome to write in Welsh, so it is on every screen and inside a landmark. */}
        <header>
          <div class="top">
            <div class="brand">
              <Link href="/" class="brand-name">
                <T k="web.app_name" />
              </Link>
              <span class="tagline">
                <T k="web.tagline" />
              </span>
            </div>
            {me?.school ? <TopNav me={me} /> : null}
            <div class="top-tools">
              {me ? <UnreadBadge unread={unread.count} socket={socket} /> : null}
              <LanguageSwitch onChoose={choose} busy={saving} error={switchError} />
            </div>
          </div>
          <p class="welcome">
            <T k="web.welsh_welcome" block />
          </p>
        </header>
        {/* tabIndex -1: the skip link moves focus here, so the next Tab goes on from the page's content. */}
        <main id="main" tabIndex={-1}>
          {page()}
        </main>
      </RealtimeContext.Provider>
    </LanguageContext.Provider>
  )
}
