import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm'
import type { NewsletterDraft, NewsletterStatus } from '../../../shared/schemas/newsletters.ts'
import type { DbOrTx } from '../../db/database.ts'
import {
  classes,
  classTeachers,
  deliveries,
  forums,
  guardianLearners,
  learners,
  memberships,
  newsletterAttachments,
  newsletterContacts,
  newsletterRecipients,
  newsletters,
  users,
} from '../../db/schema.ts'
import { audienceGuardians, recipientLanguage } from './audience.ts'

export type NewsletterRow = typeof newsletters.$inferSelect & { authorName: string }
export type RecipientRow = typeof newsletterRecipients.$inferSelect

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows

/** Newsletters, their recipients, files and follow-up contacts: queries only, no rules. */
export function createNewslettersRepository(db: DbOrTx) {
  const withAuthor = { ...getTableColumns(newsletters), authorName: sql<string>`coalesce(${users.name}, '')` }
  return {
    async insert(values: NewsletterDraft & { schoolId: string; authorId: string }) {
      const [row] = await db.insert(newsletters).values(values).returning({ id: newsletters.id })
      return row?.id as string
    },

    /** One newsletter of a school (schoolId null: by id alone, for jobs). */
    async find(schoolId: string | null, id: string, lock = false): Promise<NewsletterRow | undefined> {
      const query = db
        .select(withAuthor)
        .from(newsletters)
        .leftJoin(users, eq(users.id, newsletters.authorId))
        .where(and(schoolId ? eq(newsletters.schoolId, schoolId) : undefined, eq(newsletters.id, id)))
      const [row] = lock ? await query.for('update', { of: newsletters }) : await query
      return row
    },

    /** The school's newsletters, newest change first; only one author's when `authorId` is given. */
    async list(schoolId: string, limit: number, authorId: string | null) {
      return db
        .select()
        .from(newsletters)
        .where(and(eq(newsletters.schoolId, schoolId), authorId ? eq(newsletters.authorId, authorId) : undefined))
        .orderBy(desc(newsletters.updatedAt))
        .limit(limit)
    },

    /** Changes a newsletter only while it is a draft or waiting to be sent; false otherwise. */
    async updateIfEditable(schoolId: string, id: string, values: Partial<typeof newsletters.$inferInsert>): Promise<boolean> {
      const updated = await db
        .update(newsletters)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(newsletters.schoolId, schoolId), eq(newsletters.id, id), inArray(newsletters.status, ['draft', 'scheduled'])))
        .returning({ id: newsletters.id })
      return updated.length > 0
    },

    async setStatus(id: string, status: NewsletterStatus, values: Partial<typeof newsletters.$inferInsert> = {}) {
      await db
        .update(newsletters)
        .set({ ...values, status, updatedAt: new Date() })
        .where(eq(newsletters.id, id))
    },

    /** Sends that should have started but have not (their delayed job lost), or fan-outs gone quiet. */
    async stalled(now: Date, quietMs: number) {
      return db
        .select({ id: newsletters.id, revision: newsletters.revision })
        .from(newsletters)
        .where(
          sql`(${newsletters.status} = 'scheduled' and ${newsletters.scheduledFor} < ${new Date(now.getTime() - quietMs)})
            or (${newsletters.status} = 'sending' and ${newsletters.updatedAt} < ${new Date(now.getTime() - quietMs)})`,
        )
        .limit(100)
    },

    /** Writes one recipient row per adult of the audience, in their language (one statement). */
    async resolveRecipients(n: { id: string; schoolId: string; audience: NewsletterRow['audience']; singleLanguage: string | null }) {
      const single = n.singleLanguage === 'cy' || n.singleLanguage === 'en' ? n.singleLanguage : null
      await db.execute(sql`insert into newsletter_recipients (school_id, newsletter_id, user_id, language)
        select ${n.schoolId}, ${n.id}, u.id, ${recipientLanguage(n.schoolId, single)}
        from (${audienceGuardians(n.schoolId, n.audience)}) g join users u on u.id = g.user_id
        on conflict do nothing`)
      const [row] = await db.select({ n: count() }).from(newsletterRecipients).where(eq(newsletterRecipients.newsletterId, n.id))
      return row?.n ?? 0
    },

    /** Recipients without a notification yet, locked for this transaction. */
    async pendingRecipients(newsletterId: string, limit: number) {
      return db
        .select({ id: newsletterRecipients.id, userId: newsletterRecipients.userId, language: newsletterRecipients.language })
        .from(newsletterRecipients)
        .where(and(eq(newsletterRecipients.newsletterId, newsletterId), isNull(newsletterRecipients.notificationId)))
        .orderBy(asc(newsletterRecipients.id))
        .limit(limit)
        .for('update', { skipLocked: true })
    },

    /** How many recipients have no notification yet, those other transactions hold included. */
    async unlinkedCount(newsletterId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(newsletterRecipients)
        .where(and(eq(newsletterRecipients.newsletterId, newsletterId), isNull(newsletterRecipients.notificationId)))
      return row?.n ?? 0
    },

    /** Points recipients at the notifications made for them (found by the newsletter's dedupe key). */
    async linkNotifications(newsletterId: string, dedupeKey: string, recipientIds: string[]) {
      if (recipientIds.length === 0) return
      await db.execute(sql`update newsletter_recipients r set notification_id = n.id
        from notifications n
        where r.newsletter_id = ${newsletterId} and r.id = any(${`{${recipientIds.join(',')}}`}::uuid[])
          and n.user_id = r.user_id and n.dedupe_key = ${dedupeKey}`)
    },

    /** Fan-out and delivery counts for the progress bar (email and push deliveries only). */
    async progress(newsletterId: string) {
      const result = await db.execute(sql`select
          (select count(*)::int from newsletter_recipients where newsletter_id = ${newsletterId}) as recipients,
          (select count(*)::int from newsletter_recipients where newsletter_id = ${newsletterId} and notification_id is not null) as resolved,
          count(*) filter (where d.status = 'sent')::int as sent,
          count(*) filter (where d.status = 'failed')::int as failed,
          count(*) filter (where d.status in ('queued', 'held', 'digest', 'sending'))::int
            -- Recipients whose deliveries are not planned yet are still to go as well.
            + (select count(*)::int from newsletter_recipients pr where pr.newsletter_id = ${newsletterId}
                and not exists (select 1 from ${deliveries} pd where pd.notification_id = pr.notification_id)) as pending
        from newsletter_recipients r join ${deliveries} d on d.notification_id = r.notification_id and d.channel <> 'in_app'
        where r.newsletter_id = ${newsletterId}`)
      const row = rows<{ recipients: number; resolved: number; sent: number; failed: number; pending: number }>(result)[0]
      return row ?? { recipients: 0, resolved: 0, sent: 0, failed: 0, pending: 0 }
    },

    async recipient(newsletterId: string, userId: string) {
      const [row] = await db
        .select()
        .from(newsletterRecipients)
        .where(and(eq(newsletterRecipients.newsletterId, newsletterId), eq(newsletterRecipients.userId, userId)))
      return row
    },

    async recipientById(id: string) {
      const [row] = await db.select().from(newsletterRecipients).where(eq(newsletterRecipients.id, id))
      return row
    },

    /** The first opening counts; later ones change nothing. */
    async markOpened(recipientId: string, via: 'app' | 'email', at: Date) {
      await db
        .update(newsletterRecipients)
        .set({ openedAt: at, openedVia: via })
        .where(and(eq(newsletterRecipients.id, recipientId), isNull(newsletterRecipients.openedAt)))
    },

    /** Newsletters sent to a person in a school, newest first. */
    async received(schoolId: string, userId: string, limit: number) {
      return db
        .select({
          id: newsletters.id,
          titleCy: newsletters.titleCy,
          titleEn: newsletters.titleEn,
          category: newsletters.category,
          sentAt: newsletters.sentAt,
          language: newsletterRecipients.language,
          openedAt: newsletterRecipients.openedAt,
        })
        .from(newsletterRecipients)
        .innerJoin(newsletters, eq(newsletters.id, newsletterRecipients.newsletterId))
        .where(and(eq(newsletterRecipients.schoolId, schoolId), eq(newsletterRecipients.userId, userId)))
        .orderBy(desc(newsletters.sentAt))
        .limit(limit)
    },

    async attachments(newsletterId: string) {
      return db
        .select({
          id: newsletterAttachments.id,
          fileName: newsletterAttachments.fileName,
          contentType: newsletterAttachments.contentType,
          size: newsletterAttachments.size,
        })
        .from(newsletterAttachments)
        .where(eq(newsletterAttachments.newsletterId, newsletterId))
        .orderBy(asc(newsletterAttachments.createdAt))
    },

    async insertAttachment(values: typeof newsletterAttachments.$inferInsert) {
      const [row] = await db.insert(newsletterAttachments).values(values).returning({
        id: newsletterAttachments.id,
        fileName: newsletterAttachments.fileName,
        contentType: newsletterAttachments.contentType,
        size: newsletterAttachments.size,
      })
      return row
    },

    async attachment(newsletterId: string, id: string) {
      const [row] = await db
        .select()
        .from(newsletterAttachments)
        .where(and(eq(newsletterAttachments.newsletterId, newsletterId), eq(newsletterAttachments.id, id)))
      return row
    },

    async deleteAttachment(newsletterId: string, id: string) {
      await db
        .delete(newsletterAttachments)
        .where(and(eq(newsletterAttachments.newsletterId, newsletterId), eq(newsletterAttachments.id, id)))
    },

    async insertContact(values: typeof newsletterContacts.$inferInsert) {
      await db.insert(newsletterContacts).values(values)
    },

    /** Classes of the school among these ids (an audience naming another school's class is refused). */
    async classesOf(schoolId: string, ids: string[]) {
      if (ids.length === 0) return []
      return db
        .select({ id: classes.id })
        .from(classes)
        .where(and(eq(classes.schoolId, schoolId), inArray(classes.id, ids)))
    },

    async classesTaughtBy(schoolId: string, teacherId: string) {
      const found = await db
        .select({ id: classTeachers.classId })
        .from(classTeachers)
        .where(and(eq(classTeachers.schoolId, schoolId), eq(classTeachers.teacherId, teacherId)))
      return found.map((c) => c.id)
    },

    /** Parents of the school among these ids. */
    async parentsOf(schoolId: string, ids: string[]) {
      if (ids.length === 0) return []
      return db
        .selectDistinct({ id: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.schoolId, schoolId), eq(memberships.role, 'parent'), inArray(memberships.userId, ids)))
    },

    /** The forum, if it is this school's (an audience naming another school's forum is refused). */
    async forumOf(schoolId: string, forumId: string) {
      const [row] = await db
        .select({ id: forums.id })
        .from(forums)
        .where(and(eq(forums.schoolId, schoolId), eq(forums.id, forumId)))
      return row
    },

    /** What the audience picker offers: classes, year groups, families (by adult, with learners) and forums. */
    async audienceOptions(schoolId: string) {
      const classRows = await db
        .select({ id: classes.id, nameCy: classes.nameCy, nameEn: classes.nameEn, yearGroup: classes.yearGroup })
        .from(classes)
        .where(eq(classes.schoolId, schoolId))
        .orderBy(asc(classes.yearGroup), asc(classes.nameEn))
      const families = await db
        .select({ guardianId: users.id, name: users.name, learners: sql<string[]>`array_agg(${learners.name} order by ${learners.name})` })
        .from(guardianLearners)
        .innerJoin(users, eq(users.id, guardianLearners.guardianId))
        .innerJoin(learners, eq(learners.id, guardianLearners.learnerId))
        .where(eq(guardianLearners.schoolId, schoolId))
        .groupBy(users.id, users.name)
        .orderBy(asc(users.name))
      const forumRows = await db
        .select({ id: forums.id, nameCy: forums.nameCy, nameEn: forums.nameEn })
        .from(forums)
        .where(eq(forums.schoolId, schoolId))
        .orderBy(asc(forums.nameEn))
      return { classes: classRows, families, forums: forumRows }
    },
  }
}
export type NewslettersRepository = ReturnType<typeof createNewslettersRepository>
