import type { Me } from '../api.ts'
import { lazyPage } from '../lazy-page.tsx'
import { mayCompose } from './newsletter-model.ts'

// Each screen is a chunk of its own (see lazy-page.tsx): composing and reach are for staff.
const NewslettersPage = lazyPage(() => import('../pages/newsletters-page.tsx').then((m) => m.NewslettersPage))
const NewsletterComposePage = lazyPage(() => import('../pages/newsletter-compose-page.tsx').then((m) => m.NewsletterComposePage))
const NewsletterReachPage = lazyPage(() => import('../pages/newsletter-reach-page.tsx').then((m) => m.NewsletterReachPage))

/**
 * The newsletter screens for a path, or null when it is not one of theirs. /newsletters/:id
 * itself is the server's reading page, not the app. New and edit render the same component, so
 * saving a new draft (which moves the address to /newsletters/:id/edit) keeps the form as it is.
 */
export function newsletterPage(path: string, me: Me, schoolId: string) {
  if (path === '/newsletters') return <NewslettersPage me={me} schoolId={schoolId} />
  if (!mayCompose(me.roles)) return null
  if (path === '/newsletters/new') return <NewsletterComposePage me={me} schoolId={schoolId} newsletterId={null} />
  const edit = /^\/newsletters\/([0-9a-f-]{36})\/edit$/.exec(path)?.[1]
  if (edit) return <NewsletterComposePage me={me} schoolId={schoolId} newsletterId={edit} />
  const reach = /^\/newsletters\/([0-9a-f-]{36})\/reach$/.exec(path)?.[1]
  if (reach) return <NewsletterReachPage key={reach} schoolId={schoolId} newsletterId={reach} />
  return null
}
