import type { Me } from '../api.ts'
import { NewsletterComposePage } from '../pages/newsletter-compose-page.tsx'
import { NewsletterReachPage } from '../pages/newsletter-reach-page.tsx'
import { NewslettersPage } from '../pages/newsletters-page.tsx'
import { mayCompose } from './newsletter-model.ts'

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
