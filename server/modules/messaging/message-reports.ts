import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Message, MessagePage, MessageReport } from '../../../shared/schemas/messaging.ts'
import type { Db } from '../../db/database.ts'
import { memberships, messageReports, users } from '../../db/schema.ts'
import { AppError, forbidden, notFound } from '../../errors.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import { requestNotifications } from '../notifications/notify.ts'
import { isSafeguardingLead } from './messaging.policy.ts'
import { createMessagingRepository } from './messaging.repository.ts'
import { loadConversation, type MessagingActor, rolesIn } from './messaging-access.ts'

/**
 * Safeguarding: anyone in a conversation can report a message; reports go to the school's
 * designated safeguarding lead (the dsl role), who can read any conversation of the school.
 * Every such read is written to the audit log, in the same transaction as nothing else: the
 * read is refused if the audit entry cannot be written.
 */
export function createMessageReportsService(deps: { db: Db; clock: () => Date }) {
  const repo = createMessagingRepository(deps.db)

  function assertLead(actor: MessagingActor, schoolId: string) {
    if (!isSafeguardingLead(rolesIn(actor, schoolId))) throw forbidden()
  }

  return {
    /** Reports a message; reporting the same message twice is one report. */
    async report(
      actor: MessagingActor,
      schoolId: string,
      conversationId: string,
      messageId: string,
      reason: string,
    ): Promise<{ id: string }> {
      await loadConversation(repo, actor, schoolId, conversationId)
      return deps.db.transaction(async (tx) => {
        const message = await createMessagingRepository(tx).message(conversationId, messageId)
        if (!message) throw notFound()
        const [created] = await tx
          .insert(messageReports)
          .values({ schoolId, messageId, conversationId, reporterId: actor.userId, reason })
          .onConflictDoNothing()
          .returning({ id: messageReports.id })
        if (!created) {
          const [existing] = await tx
            .select({ id: messageReports.id })
            .from(messageReports)
            .where(and(eq(messageReports.messageId, messageId), eq(messageReports.reporterId, actor.userId)))
          if (!existing) throw new AppError('internal', 500)
          return existing
        }
        const leads = await tx
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.schoolId, schoolId), eq(memberships.role, 'dsl'), isNull(memberships.disabledAt)))
        await requestNotifications(tx, {
          schoolId,
          userIds: leads.map((l) => l.userId),
          category: 'safeguarding',
          kind: 'message_reported',
          path: '/safeguarding/reports',
          dedupeKey: `message-report-${created.id}`,
        })
        await recordAudit(tx, {
          schoolId,
          actorId: actor.userId,
          action: 'message.reported',
          subjectId: messageId,
          data: { reportId: created.id },
        })
        return created
      })
    },

    /** The school's reports, newest first (safeguarding lead only). */
    async list(actor: MessagingActor, schoolId: string): Promise<MessageReport[]> {
      assertLead(actor, schoolId)
      const rows = await deps.db
        .select({ report: messageReports, reporterName: users.name })
        .from(messageReports)
        .leftJoin(users, eq(users.id, messageReports.reporterId))
        .where(eq(messageReports.schoolId, schoolId))
        .orderBy(desc(messageReports.createdAt))
        .limit(500)
      const messages = new Map<string, Message>()
      for (const id of new Set(rows.map((r) => r.report.conversationId))) {
        const ids = rows.filter((r) => r.report.conversationId === id).map((r) => r.report.messageId)
        for (const m of await repo.messagesById(id, ids)) messages.set(m.id, m)
      }
      return rows.flatMap(({ report, reporterName }) => {
        const message = messages.get(report.messageId)
        if (!message) return []
        return [
          {
            id: report.id,
            message,
            reporterName,
            reason: report.reason,
            createdAt: report.createdAt.toISOString(),
            resolvedAt: report.resolvedAt?.toISOString() ?? null,
          },
        ]
      })
    },

    async resolve(actor: MessagingActor, schoolId: string, reportId: string): Promise<void> {
      assertLead(actor, schoolId)
      await deps.db.transaction(async (tx) => {
        const [row] = await tx
          .update(messageReports)
          .set({ resolvedAt: deps.clock(), resolvedBy: actor.userId })
          .where(and(eq(messageReports.id, reportId), eq(messageReports.schoolId, schoolId)))
          .returning({ id: messageReports.id })
        if (!row) throw notFound()
        await recordAudit(tx, { schoolId, actorId: actor.userId, action: 'message_report.resolved', subjectId: reportId })
      })
    },

    /**
     * The safeguarding lead reads a whole conversation (any in the school), with earlier
     * versions of edited messages. The read is audit-logged before anything is returned.
     */
    async readConversation(
      actor: MessagingActor,
      schoolId: string,
      conversationId: string,
      before?: number,
    ): Promise<MessagePage & { edits: { messageId: string; previousBody: string; editedAt: string }[] }> {
      assertLead(actor, schoolId)
      const access = await loadConversation(repo, actor, schoolId, conversationId, { asLead: true })
      await recordAudit(deps.db, {
        schoolId,
        actorId: actor.userId,
        action: 'conversation.read_by_safeguarding_lead',
        subjectId: conversationId,
        data: { participant: access.participant !== null },
      })
      const page = await repo.page(conversationId, { before, limit: 200 })
      const edits = await repo.editsOfMessages(page.messages.filter((m) => m.editedAt).map((m) => m.id))
      return { ...page, lastSeq: access.conversation.lastSeq, edits }
    },
  }
}
export type MessageReportsService = ReturnType<typeof createMessageReportsService>
