import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import {
  conversationParticipants,
  conversations,
  messageAttachments,
  messageEdits,
  messageReports,
  messages,
  users,
} from '../../db/schema.ts'

/**
 * A family's conversations for its export. Which messages of a shared conversation it may see is
 * decided in SQL: its own adults' and staff messages; another family's words are never loaded.
 * File bytes are never selected.
 */
export function createExportConversationsRepository(db: DbOrTx) {
  return {
    conversations: (schoolId: string, adultIds: string[]) =>
      db
        .selectDistinct({
          id: conversations.id,
          kind: conversations.kind,
          title: conversations.title,
          createdAt: conversations.createdAt,
        })
        .from(conversations)
        .innerJoin(conversationParticipants, eq(conversationParticipants.conversationId, conversations.id))
        .where(and(eq(conversations.schoolId, schoolId), inArray(conversationParticipants.userId, adultIds)))
        .orderBy(asc(conversations.createdAt)),

    participants: (conversationIds: string[]) =>
      db
        .select({
          conversationId: conversationParticipants.conversationId,
          userId: conversationParticipants.userId,
          side: conversationParticipants.side,
          name: users.name,
        })
        .from(conversationParticipants)
        .innerJoin(users, eq(users.id, conversationParticipants.userId))
        .where(inArray(conversationParticipants.conversationId, conversationIds)),

    /** The family's own messages and staff messages in those conversations; nothing another family wrote. */
    messages: (conversationIds: string[], adultIds: string[]) =>
      db
        .select({
          id: messages.id,
          conversationId: messages.conversationId,
          seq: messages.seq,
          authorId: messages.authorId,
          authorName: users.name,
          side: conversationParticipants.side,
          body: messages.body,
          createdAt: messages.createdAt,
          editedAt: messages.editedAt,
        })
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .leftJoin(
          conversationParticipants,
          and(eq(conversationParticipants.conversationId, messages.conversationId), eq(conversationParticipants.userId, messages.authorId)),
        )
        .where(
          and(
            inArray(messages.conversationId, conversationIds),
            or(inArray(messages.authorId, adultIds), eq(conversationParticipants.side, 'staff')),
          ),
        )
        .orderBy(asc(messages.conversationId), asc(messages.seq)),

    /** How many messages of each conversation were written by neither the family nor staff. */
    messagesLeftOut: (conversationIds: string[], adultIds: string[]) =>
      db
        .select({ conversationId: messages.conversationId, count: sql<number>`count(*)::int` })
        .from(messages)
        .leftJoin(
          conversationParticipants,
          and(eq(conversationParticipants.conversationId, messages.conversationId), eq(conversationParticipants.userId, messages.authorId)),
        )
        .where(
          and(
            inArray(messages.conversationId, conversationIds),
            sql`not (${inArray(messages.authorId, adultIds)} or coalesce(${conversationParticipants.side} = 'staff', false))`,
          ),
        )
        .groupBy(messages.conversationId),

    edits: (messageIds: string[]) =>
      db
        .select({ messageId: messageEdits.messageId, previousBody: messageEdits.previousBody, createdAt: messageEdits.createdAt })
        .from(messageEdits)
        .where(inArray(messageEdits.messageId, messageIds))
        .orderBy(asc(messageEdits.createdAt)),

    /** File names and sizes only: the bytes are not part of the export. */
    attachments: (messageIds: string[]) =>
      db
        .select({
          id: messageAttachments.id,
          messageId: messageAttachments.messageId,
          fileName: messageAttachments.fileName,
          contentType: messageAttachments.contentType,
          size: messageAttachments.size,
        })
        .from(messageAttachments)
        .where(inArray(messageAttachments.messageId, messageIds)),

    reports: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: messageReports.id,
          messageId: messageReports.messageId,
          reporterId: messageReports.reporterId,
          reason: messageReports.reason,
          createdAt: messageReports.createdAt,
          resolvedAt: messageReports.resolvedAt,
        })
        .from(messageReports)
        .where(and(eq(messageReports.schoolId, schoolId), inArray(messageReports.reporterId, adultIds))),
  }
}
export type ExportConversationsRepository = ReturnType<typeof createExportConversationsRepository>
