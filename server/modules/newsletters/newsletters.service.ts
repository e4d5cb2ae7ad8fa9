import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import type { Audience, Newsletter, NewsletterDraft, NewsletterSummary, Preview } from '../../../shared/schemas/newsletters.ts'
import type { Db, DbOrTx } from '../../db/database.ts'
import { escapeHtml } from '../../email/render-email.ts'
import { AppError, notFound } from '../../errors.ts'
import { enqueueJobs } from '../../jobs/outbox.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertSchoolRole } from '../../policies/tenancy.policy.ts'
import { requestNotifications } from '../notifications/notify.ts'
import { countAudience } from './audience.ts'
import { rawHtmlIn, renderMarkdown } from './markdown.ts'
import { newsletterPath } from './newsletter-links.ts'
import { newsletterParams } from './newsletter-notification.ts'
import { assertMayAddress, assertMayManage, COMPOSER_ROLES, isOverseer, missingForSend } from './newsletters.policy.ts'
import { createNewslettersRepository, type NewsletterRow } from './newsletters.repository.ts'

export interface NewslettersDeps {
  db: Db
  clock: () => Date
  /** Asks the outbox relay to move new jobs to BullMQ now. */
  kick: () => void
}

/** A scheduled time may be this far in the past (a slow form) and still count as "now". */
const SCHEDULE_SLACK_MS = 60_000

/**
 * Writing, scheduling and cancelling newsletters. Every function takes the actor first and
 * checks the school role and, for one newsletter, that the asker may manage it.
 */
export function createNewslettersService(deps: NewslettersDeps) {
  const repo = createNewslettersRepository(deps.db)

  async function progress(id: string, status: Newsletter['status']) {
    return { newsletterId: id, status, ...(await repo.progress(id)) }
  }

  async function view(row: NewsletterRow): Promise<Newsletter> {
    return {
      id: row.id,
      titleCy: row.titleCy,
      titleEn: row.titleEn,
      bodyCy: row.bodyCy,
      bodyEn: row.bodyEn,
      category: row.category as Newsletter['category'],
      audience: row.audience,
      singleLanguage: row.singleLanguage as Newsletter['singleLanguage'],
      singleLanguageReason: row.singleLanguageReason,
      status: row.status as Newsletter['status'],
      authorName: row.authorName,
      scheduledFor: row.scheduledFor?.toISOString() ?? null,
      sentAt: row.sentAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      attachments: await repo.attachments(row.id),
      progress: await progress(row.id, row.status as Newsletter['status']),
    }
  }

  /** The asker's roles in the school, once they are known to hold a composing role there (else 404/403). */
  const composerRoles = (actor: Actor, schoolId: string) => assertSchoolRole(actor, schoolId, COMPOSER_ROLES).roles.get(schoolId) ?? []

  /** The newsletter, if the asker may manage it (404 when it is not this school's). */
  async function load(actor: Actor, schoolId: string, id: string, db: DbOrTx = deps.db, lock = false) {
    const roles = composerRoles(actor, schoolId)
    const row = await createNewslettersRepository(db).find(schoolId, id, lock)
    if (!row) throw notFound()
    assertMayManage(roles, actor.userId, row)
    return row
  }

  /** Checks what a draft may hold: Markdown without HTML, and an audience of this school the asker may address. */
  async function checkDraft(actor: Actor, schoolId: string, draft: NewsletterDraft) {
    for (const field of ['bodyCy', 'bodyEn', 'titleCy', 'titleEn'] as const) {
      const html = rawHtmlIn(draft[field])
      if (html) throw new AppError('newsletters.html_not_allowed', 400, { html }, [{ field, reason: 'html' }])
    }
    await checkAudience(actor, schoolId, draft.audience)
  }

  async function checkAudience(actor: Actor, schoolId: string, audience: Audience) {
    const roles = composerRoles(actor, schoolId)
    if (audience.kind === 'classes') {
      const found = await repo.classesOf(schoolId, audience.classIds)
      if (found.length !== new Set(audience.classIds).size) throw new AppError('newsletters.audience_unknown', 400)
    }
    if (audience.kind === 'families') {
      const found = await repo.parentsOf(schoolId, audience.guardianIds)
      if (found.length !== new Set(audience.guardianIds).size) throw new AppError('newsletters.audience_unknown', 400)
    }
    if (audience.kind === 'forum' && !(await repo.forumOf(schoolId, audience.forumId))) {
      throw new AppError('newsletters.audience_unknown', 400)
    }
    assertMayAddress(roles, audience, isOverseer(roles) ? [] : await repo.classesTaughtBy(schoolId, actor.userId))
  }

  return {
    async create(actor: Actor, schoolId: string, draft: NewsletterDraft): Promise<Newsletter> {
      await checkDraft(actor, schoolId, draft)
      const id = await repo.insert({ ...draft, schoolId, authorId: actor.userId })
      return view((await repo.find(schoolId, id)) as NewsletterRow)
    },

    /** Changes a draft, or a scheduled newsletter before its send starts (409 after). */
    async update(actor: Actor, schoolId: string, id: string, draft: NewsletterDraft): Promise<Newsletter> {
      await load(actor, schoolId, id)
      await checkDraft(actor, schoolId, draft)
      if (!(await repo.updateIfEditable(schoolId, id, draft))) throw new AppError('newsletters.not_editable', 409)
      return view((await repo.find(schoolId, id)) as NewsletterRow)
    },

    async get(actor: Actor, schoolId: string, id: string): Promise<Newsletter> {
      return view(await load(actor, schoolId, id))
    },

    /** Every newsletter of the school for admins and FEOs; a teacher's own for a teacher. */
    async list(actor: Actor, schoolId: string): Promise<NewsletterSummary[]> {
      const roles = composerRoles(actor, schoolId)
      const found = await repo.list(schoolId, 200, isOverseer(roles) ? null : actor.userId)
      return found.map((n) => ({
        id: n.id,
        titleCy: n.titleCy,
        titleEn: n.titleEn,
        category: n.category as NewsletterSummary['category'],
        status: n.status as NewsletterSummary['status'],
        scheduledFor: n.scheduledFor?.toISOString() ?? null,
        sentAt: n.sentAt?.toISOString() ?? null,
        updatedAt: n.updatedAt.toISOString(),
        recipients: n.recipientsCount,
      }))
    },

    /** How many adults (and learners' families) an audience reaches now. */
    async count(actor: Actor, schoolId: string, audience: Audience) {
      await checkAudience(actor, schoolId, audience)
      return countAudience(deps.db, schoolId, audience)
    },

    async audienceOptions(actor: Actor, schoolId: string) {
      const roles = composerRoles(actor, schoolId)
      const options = await repo.audienceOptions(schoolId)
      if (isOverseer(roles)) {
        const yearGroups = [...new Set(options.classes.map((c) => c.yearGroup).filter((y): y is number => y !== null))]
        return { ...options, yearGroups }
      }
      const taught = await repo.classesTaughtBy(schoolId, actor.userId)
      return { classes: options.classes.filter((c) => taught.includes(c.id)), yearGroups: [], families: [], forums: [] }
    },

    /** The body as families will see it: Welsh, English, or both with Welsh first. */
    async preview(actor: Actor, schoolId: string, id: string, language: LanguageChoice): Promise<Preview> {
      const row = await load(actor, schoolId, id)
      const part = (lng: 'cy' | 'en') =>
        `<section lang="${lng}"><h1>${escapeHtml(lng === 'cy' ? row.titleCy : row.titleEn)}</h1>${renderMarkdown(lng === 'cy' ? row.bodyCy : row.bodyEn)}</section>`
      const html = language === 'both' ? `${part('cy')}${part('en')}` : part(language)
      return { language, html }
    },

    /** Sends the newsletter to the asker alone, in both languages, through the pipeline. */
    async sendTest(actor: Actor, schoolId: string, id: string) {
      const row = await load(actor, schoolId, id)
      await deps.db.transaction((tx) =>
        requestNotifications(tx, {
          schoolId,
          userIds: [actor.userId],
          category: row.category === 'urgent' ? 'urgent' : 'newsletters',
          kind: 'newsletter_test',
          params: newsletterParams(row),
          path: newsletterPath(row.id),
          perRecipient: new Map([[actor.userId, { language: 'both' as const }]]),
        }),
      )
      deps.kick()
    },

    /**
     * Sends now, or schedules for `at`: checks both languages are there (or the one-language mark
     * and reason), that the audience is not empty, and queues the send job (delayed for later)
     * in the same transaction. Both languages go in the one fan-out, at the same moment.
     */
    async send(actor: Actor, schoolId: string, id: string, at: Date | null): Promise<Newsletter> {
      const now = deps.clock()
      if (at && at.getTime() < now.getTime() - SCHEDULE_SLACK_MS) throw new AppError('newsletters.schedule_in_past', 400)
      await deps.db.transaction(async (tx) => {
        const row = await load(actor, schoolId, id, tx, true)
        if (row.status !== 'draft' && row.status !== 'scheduled') throw new AppError('newsletters.not_editable', 409)
        const missing = missingForSend(row)
        if (missing.length > 0) {
          throw new AppError(
            'newsletters.incomplete',
            400,
            { fields: missing.join(', ') },
            missing.map((field) => ({ field, reason: 'required' })),
          )
        }
        await checkAudience(actor, schoolId, row.audience)
        const { guardians } = await countAudience(tx, schoolId, row.audience)
        if (guardians === 0) throw new AppError('newsletters.empty_audience', 400)
        const runAt = at && at > now ? at : now
        const revision = row.revision + 1
        await createNewslettersRepository(tx).setStatus(id, 'scheduled', { scheduledFor: runAt, revision })
        await enqueueJobs(tx, [
          { name: JOBS.sendNewsletter, data: { newsletterId: id, revision }, jobId: `newsletter-send-${id}-${revision}`, runAt },
        ])
      })
      deps.kick()
      return view((await repo.find(schoolId, id)) as NewsletterRow)
    },

    /** Cancels a draft or a scheduled send; its queued job then finds nothing to do. */
    async cancel(actor: Actor, schoolId: string, id: string): Promise<Newsletter> {
      await deps.db.transaction(async (tx) => {
        const row = await load(actor, schoolId, id, tx, true)
        if (row.status !== 'draft' && row.status !== 'scheduled') throw new AppError('newsletters.not_editable', 409)
        await createNewslettersRepository(tx).setStatus(id, 'cancelled', { revision: row.revision + 1 })
      })
      return view((await repo.find(schoolId, id)) as NewsletterRow)
    },

    /** Progress of a send (for the author and overseers). */
    async progress(actor: Actor, schoolId: string, id: string) {
      const row = await load(actor, schoolId, id)
      return progress(row.id, row.status as Newsletter['status'])
    },

    load,
  }
}
export type NewslettersService = ReturnType<typeof createNewslettersService>
