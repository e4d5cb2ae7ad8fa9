import { and, desc, eq, gt, lte, ne } from 'drizzle-orm'
import type { Db } from '../../db/database.ts'
import { conversationParticipants, conversations, messages, users } from '../../db/schema.ts'
import { requestNotifications } from '../notifications/notify.ts'

export interface NotifyUnreadDeps {
  db: Db
  clock: () => Date
  /** Whether the person has a live socket on any server (server/presence.ts). */
  isConnected: (userId: string) => Promise<boolean>
  /** A connected person is checked again after this long. */
  recheckMs: number
}

/** Participants looked at per tick; the rest wait for the next one. */
const BATCH = 200

/**
 * Runs from the workers' periodic tick. A participant whose unread wait has come due (10 minutes
 * after the first message they have not read; for staff, no earlier than their office hours) is
 * notified through the pipeline (preferences, quiet hours and digests apply) if they still have
 * unread messages and no live socket. One notification per burst: the wait starts with the
 * first unread message and later messages do not restart it. Rows are locked with SKIP LOCKED,
 * so several workers share the work without sending twice; the dedupe key makes a retried tick
 * harmless as well. Returns how many people were notified.
 */
export async function notifyUnreadMessages(deps: NotifyUnreadDeps): Promise<number> {
  const now = deps.clock()
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: conversationParticipants.id,
        userId: conversationParticipants.userId,
        schoolId: conversationParticipants.schoolId,
        conversationId: conversationParticipants.conversationId,
        lastReadSeq: conversationParticipants.lastReadSeq,
        notifiedSeq: conversationParticipants.notifiedSeq,
        lastSeq: conversations.lastSeq,
      })
      .from(conversationParticipants)
      .innerJoin(conversations, eq(conversations.id, conversationParticipants.conversationId))
      .where(lte(conversationParticipants.notifyDueAt, now))
      .limit(BATCH)
      .for('update', { of: conversationParticipants, skipLocked: true })
    let notified = 0
    for (const row of due) {
      const settled = { notifyDueAt: null, notifiedSeq: row.lastSeq }
      if (row.lastReadSeq >= row.lastSeq || row.notifiedSeq >= row.lastSeq) {
        await tx.update(conversationParticipants).set({ notifyDueAt: null }).where(eq(conversationParticipants.id, row.id))
        continue
      }
      if (await deps.isConnected(row.userId)) {
        // Online but not reading (another tab, phone in a pocket): look again later.
        await tx
          .update(conversationParticipants)
          .set({ notifyDueAt: new Date(now.getTime() + deps.recheckMs) })
          .where(eq(conversationParticipants.id, row.id))
        continue
      }
      const [latest] = await tx
        .select({ name: users.name })
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(and(eq(messages.conversationId, row.conversationId), gt(messages.seq, row.lastReadSeq), ne(messages.authorId, row.userId)))
        .orderBy(desc(messages.seq))
        .limit(1)
      if (latest) {
        await requestNotifications(tx, {
          schoolId: row.schoolId,
          userIds: [row.userId],
          category: 'messages',
          kind: 'message_unread',
          params: { from: latest.name },
          path: `/messages/${row.conversationId}`,
          dedupeKey: `message-${row.conversationId}-${row.lastSeq}`,
        })
        notified++
      }
      await tx.update(conversationParticipants).set(settled).where(eq(conversationParticipants.id, row.id))
    }
    return notified
  })
}
