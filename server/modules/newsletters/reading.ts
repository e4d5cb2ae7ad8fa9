import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { ReceivedNewsletter } from '../../../shared/schemas/newsletters.ts'
import { ROLES, STAFF_ROLES } from '../../../shared/schemas/people.ts'
import type { Db } from '../../db/database.ts'
import { notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertSchoolRole } from '../../policies/tenancy.policy.ts'
import { newsletterPath, readRecipientToken } from './newsletter-links.ts'
import { createNewslettersRepository, type NewsletterRow } from './newsletters.repository.ts'

/** Who is reading a newsletter page: a recipient (by session or by their own link) or staff. */
export interface Reader {
  newsletter: NewsletterRow
  /** The recipient row when a recipient reads it (openings are counted for them). */
  recipientId: string | null
  /** The language it was sent to them in, or the staff member's own. */
  language: LanguageChoice
  /** The link token, kept on the page's own links (language toggle, files). */
  token: string | null
}

/**
 * Reading newsletters: the list a family received, and the page that shows one. The page
 * accepts the recipient's own link (from the email or a notification) without signing in,
 * or a session of a recipient or of staff of the school.
 */
export function createReadingService(deps: { db: Db; secret: string; clock: () => Date }) {
  const repo = createNewslettersRepository(deps.db)
  const visible = (n: NewsletterRow) => n.status === 'sending' || n.status === 'sent'

  return {
    async received(actor: Actor, schoolId: string): Promise<ReceivedNewsletter[]> {
      assertSchoolRole(actor, schoolId, ROLES)
      const found = await repo.received(schoolId, actor.userId, 100)
      return found.map((n) => ({
        id: n.id,
        titleCy: n.titleCy,
        titleEn: n.titleEn,
        category: n.category as ReceivedNewsletter['category'],
        language: n.language as LanguageChoice,
        sentAt: n.sentAt?.toISOString() ?? null,
        openedAt: n.openedAt?.toISOString() ?? null,
        url: newsletterPath(n.id),
      }))
    },

    /**
     * Who may read this newsletter: the holder of a recipient link for it, a signed-in recipient,
     * or staff of its school. Anyone else gets 404 (its existence is not confirmed).
     */
    async reader(newsletterId: string, actor: Actor | null, token: string | undefined): Promise<Reader> {
      const n = await repo.find(null, newsletterId)
      if (!n) throw notFound()
      const fromLink = token ? readRecipientToken(deps.secret, token) : null
      if (fromLink) {
        const recipient = await repo.recipientById(fromLink)
        if (recipient && recipient.newsletterId === n.id && visible(n)) {
          return { newsletter: n, recipientId: recipient.id, language: recipient.language as LanguageChoice, token: token ?? null }
        }
      }
      if (actor) {
        const recipient = await repo.recipient(n.id, actor.userId)
        if (recipient && visible(n)) {
          return { newsletter: n, recipientId: recipient.id, language: recipient.language as LanguageChoice, token: null }
        }
        const roles = actor.roles.get(n.schoolId) ?? []
        if (roles.some((r) => STAFF_ROLES.includes(r))) return { newsletter: n, recipientId: null, language: actor.language, token: null }
      }
      throw notFound()
    },

    /** Counts the first opening of a recipient: through the email's link, or in the app. */
    async markOpened(reader: Reader, via: 'app' | 'email') {
      if (reader.recipientId) await repo.markOpened(reader.recipientId, via, deps.clock())
    },

    attachments: (newsletterId: string) => repo.attachments(newsletterId),
    attachment: (newsletterId: string, id: string) => repo.attachment(newsletterId, id),
  }
}
export type ReadingService = ReturnType<typeof createReadingService>
