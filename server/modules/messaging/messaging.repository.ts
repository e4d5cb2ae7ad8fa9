import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Attachment, Message } from '../../../shared/schemas/messaging.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import { textLanguage } from '../../../shared/text-language.ts'
import type { DbOrTx } from '../../db/database.ts'
import {
  classes,
  classTeachers,
  conversationParticipants,
  conversations,
  guardianLearners,
  learners,
  memberships,
  messageAttachments,
  messageEdits,
  messages,
  users,
} from '../../db/schema.ts'

export type ConversationRow = typeof conversations.$inferSelect
export type ParticipantRow = typeof conversationParticipants.$inferSelect
export type MessageRow = Omit<typeof messages.$inferSelect, 'language'> & { authorName: string }

/** A message to store: who wrote what where, and when each other participant's unread wait ends. */
export interface NewMessage {
  schoolId: string
  conversationId: string
  authorId: string
  clientId: string
  body: string
  due: Map<string, Date>
}

const messageColumns = {
  id: messages.id,
  schoolId: messages.schoolId,
  conversationId: messages.conversationId,
  seq: messages.seq,
  authorId: messages.authorId,
  clientId: messages.clientId,
  body: messages.body,
  editedAt: messages.editedAt,
  createdAt: messages.createdAt,
  authorName: users.name,
}

/** Joins a person's membership of the school, only while their access is on (and in one role, if given). */
function activeMember(userId: AnyPgColumn, schoolId: string, role?: Role) {
  return and(
    eq(memberships.userId, userId),
    eq(memberships.schoolId, schoolId),
    isNull(memberships.disabledAt),
    role ? eq(memberships.role, role) : undefined,
  )
}

/** A stored message as clients see it. */
export function messageOf(r: MessageRow, attachments: Attachment[]): Message {
  return {
    id: r.id,
    conversationId: r.conversationId,
    seq: r.seq,
    authorId: r.authorId,
    authorName: r.authorName,
    clientId: r.clientId,
    body: r.body,
    attachments,
    editedAt: r.editedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }
}

/** Conversations, participants and messages: queries only, no rules. */
export function createMessagingRepository(db: DbOrTx) {
  async function attachmentsOf(messageIds: string[]): Promise<Map<string, Attachment[]>> {
    const out = new Map<string, Attachment[]>()
    if (messageIds.length === 0) return out
    const rows = await db
      .select({
        id: messageAttachments.id,
        messageId: messageAttachments.messageId,
        fileName: messageAttachments.fileName,
        contentType: messageAttachments.contentType,
        size: messageAttachments.size,
      })
      .from(messageAttachments)
      .where(inArray(messageAttachments.messageId, messageIds))
      .orderBy(asc(messageAttachments.createdAt))
    for (const { messageId, ...attachment } of rows) {
      const list = out.get(messageId as string) ?? []
      list.push(attachment)
      out.set(messageId as string, list)
    }
    return out
  }

  async function toMessages(rows: MessageRow[]): Promise<Message[]> {
    const attachments = await attachmentsOf(rows.map((r) => r.id))
    return rows.map((r) => messageOf(r, attachments.get(r.id) ?? []))
  }

  return {
    toMessages,

    async rolesIn(schoolId: string, userId: string): Promise<Role[]> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.schoolId, schoolId), eq(memberships.userId, userId), isNull(memberships.disabledAt)))
      return rows.map((r) => r.role as Role)
    },

    /** Whether the staff member teaches a class of one of the guardian's learners. */
    async teachesLearnerOf(schoolId: string, teacherId: string, guardianId: string): Promise<boolean> {
      const rows = await db
        .select({ id: classTeachers.id })
        .from(classTeachers)
        .innerJoin(learners, eq(learners.classId, classTeachers.classId))
        .innerJoin(guardianLearners, eq(guardianLearners.learnerId, learners.id))
        .where(
          and(eq(classTeachers.schoolId, schoolId), eq(classTeachers.teacherId, teacherId), eq(guardianLearners.guardianId, guardianId)),
        )
        .limit(1)
      return rows.length > 0
    },

    /** Every guardian of these learners of the school, with the learner's class. */
    async guardiansOfLearners(schoolId: string, learnerIds: string[]) {
      if (learnerIds.length === 0) return []
      return db
        .select({ guardianId: guardianLearners.guardianId, learnerId: learners.id, classId: learners.classId })
        .from(guardianLearners)
        .innerJoin(learners, eq(learners.id, guardianLearners.learnerId))
        .innerJoin(memberships, activeMember(guardianLearners.guardianId, schoolId, 'parent'))
        .where(and(eq(learners.schoolId, schoolId), inArray(learners.id, learnerIds)))
    },

    async classIdsTaughtBy(schoolId: string, teacherId: string): Promise<string[]> {
      const rows = await db
        .select({ classId: classTeachers.classId })
        .from(classTeachers)
        .where(and(eq(classTeachers.schoolId, schoolId), eq(classTeachers.teacherId, teacherId)))
      return rows.map((r) => r.classId)
    },

    /** Guardians (parents, access not disabled) of every learner in a class. */
    async guardiansOfClass(schoolId: string, classId: string): Promise<string[]> {
      const rows = await db
        .selectDistinct({ guardianId: guardianLearners.guardianId })
        .from(guardianLearners)
        .innerJoin(learners, eq(learners.id, guardianLearners.learnerId))
        .innerJoin(memberships, activeMember(guardianLearners.guardianId, schoolId, 'parent'))
        .where(and(eq(learners.schoolId, schoolId), eq(learners.classId, classId)))
      return rows.map((r) => r.guardianId)
    },

    async teachersOfClass(schoolId: string, classId: string): Promise<string[]> {
      const rows = await db
        .select({ teacherId: classTeachers.teacherId })
        .from(classTeachers)
        .where(and(eq(classTeachers.schoolId, schoolId), eq(classTeachers.classId, classId)))
      return rows.map((r) => r.teacherId)
    },

    /** A conversation of the school with the person's participation in it (null if not in it), in one query. */
    async conversationFor(
      schoolId: string,
      conversationId: string,
      userId: string,
    ): Promise<{ conversation: ConversationRow; participant: ParticipantRow | null } | null> {
      const [row] = await db
        .select({ conversation: conversations, participant: conversationParticipants })
        .from(conversations)
        .leftJoin(
          conversationParticipants,
          and(eq(conversationParticipants.conversationId, conversations.id), eq(conversationParticipants.userId, userId)),
        )
        .where(and(eq(conversations.id, conversationId), eq(conversations.schoolId, schoolId)))
      return row ?? null
    },

    async conversationByDirectKey(schoolId: string, directKey: string): Promise<ConversationRow | null> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.schoolId, schoolId), eq(conversations.directKey, directKey)))
      return row ?? null
    },

    async conversationOfClass(schoolId: string, classId: string): Promise<ConversationRow | null> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.schoolId, schoolId), eq(conversations.classId, classId)))
      return row ?? null
    },

    /** Creates a conversation; null when a concurrent request created the same direct or class one first. */
    async insertConversation(values: typeof conversations.$inferInsert): Promise<ConversationRow | null> {
      const [row] = await db.insert(conversations).values(values).onConflictDoNothing().returning()
      return row ?? null
    },

    async addParticipants(schoolId: string, conversationId: string, people: { userId: string; side: 'staff' | 'family' }[]) {
      if (people.length === 0) return
      await db
        .insert(conversationParticipants)
        .values(people.map((p) => ({ schoolId, conversationId, userId: p.userId, side: p.side })))
        .onConflictDoNothing()
    },

    async participants(conversationIds: string[]) {
      if (conversationIds.length === 0) return []
      return db
        .select({
          conversationId: conversationParticipants.conversationId,
          userId: conversationParticipants.userId,
          name: users.name,
          side: conversationParticipants.side,
          lastReadSeq: conversationParticipants.lastReadSeq,
          lastDeliveredSeq: conversationParticipants.lastDeliveredSeq,
          notifyDueAt: conversationParticipants.notifyDueAt,
        })
        .from(conversationParticipants)
        .innerJoin(users, eq(users.id, conversationParticipants.userId))
        .where(inArray(conversationParticipants.conversationId, conversationIds))
        .orderBy(asc(conversationParticipants.createdAt))
    },

    /** The person's conversations in a school, most recent first. */
    async conversationsOf(schoolId: string, userId: string, limit: number) {
      return db
        .select({ conversation: conversations, lastReadSeq: conversationParticipants.lastReadSeq, side: conversationParticipants.side })
        .from(conversationParticipants)
        .innerJoin(conversations, eq(conversations.id, conversationParticipants.conversationId))
        .where(and(eq(conversationParticipants.userId, userId), eq(conversationParticipants.schoolId, schoolId)))
        .orderBy(desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`))
        .limit(limit)
    },

    async lastMessages(conversationIds: { id: string; lastSeq: number }[]): Promise<Message[]> {
      const wanted = conversationIds.filter((c) => c.lastSeq > 0)
      if (wanted.length === 0) return []
      const rows = await db
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(
          sql`(${messages.conversationId}, ${messages.seq}) in (${sql.join(
            wanted.map((c) => sql`(${c.id}::uuid, ${c.lastSeq}::integer)`),
            sql`, `,
          )})`,
        )
      return toMessages(rows)
    },

    /** Messages already stored under these authors' client ids (resends), in one query. */
    async messagesByClientIds(keys: { authorId: string; clientId: string }[]) {
      if (keys.length === 0) return []
      const wanted = JSON.stringify(keys.map((k) => ({ author_id: k.authorId, client_id: k.clientId })))
      return db
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(
          sql`(${messages.authorId}, ${messages.clientId}) in (select author_id, client_id from jsonb_to_recordset(${wanted}::jsonb) as k(author_id uuid, client_id uuid))`,
        )
    },

    /** Conversations by id (any school: the caller checks each against the asker's school). */
    async conversationsById(ids: string[]): Promise<ConversationRow[]> {
      if (ids.length === 0) return []
      return db.select().from(conversations).where(inArray(conversations.id, ids))
    },

    async message(conversationId: string, messageId: string) {
      const [row] = await db
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
      return row ?? null
    },

    /** A page of messages, oldest first: after a number (catching up), before one (scrolling back), or the latest. */
    async page(conversationId: string, query: { after?: number; before?: number; limit: number }) {
      const where = [eq(messages.conversationId, conversationId)]
      if (query.after !== undefined) where.push(gt(messages.seq, query.after))
      if (query.before !== undefined) where.push(lt(messages.seq, query.before))
      const forward = query.after !== undefined
      const rows = await db
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(and(...where))
        .orderBy(forward ? asc(messages.seq) : desc(messages.seq))
        .limit(query.limit + 1)
      const hasMore = rows.length > query.limit
      const page = rows.slice(0, query.limit)
      if (!forward) page.reverse()
      return { messages: await toMessages(page), hasMore }
    },

    async editMessage(schoolId: string, messageId: string, previousBody: string, body: string, now: Date) {
      await db.insert(messageEdits).values({ schoolId, messageId, previousBody })
      await db
        .update(messages)
        .set({ body, language: textLanguage(body), editedAt: now })
        .where(eq(messages.id, messageId))
    },

    /** Earlier bodies of edited messages, oldest first. */
    async editsOfMessages(messageIds: string[]) {
      if (messageIds.length === 0) return []
      const rows = await db
        .select({ messageId: messageEdits.messageId, previousBody: messageEdits.previousBody, createdAt: messageEdits.createdAt })
        .from(messageEdits)
        .where(inArray(messageEdits.messageId, messageIds))
        .orderBy(asc(messageEdits.createdAt))
      return rows.map((r) => ({ messageId: r.messageId, previousBody: r.previousBody, editedAt: r.createdAt.toISOString() }))
    },

    async messagesById(conversationId: string, messageIds: string[]): Promise<Message[]> {
      if (messageIds.length === 0) return []
      const rows = await db
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(and(eq(messages.conversationId, conversationId), inArray(messages.id, messageIds)))
      return toMessages(rows)
    },

    /** Moves a participant's read (and so delivered) mark forward, never back. */
    async markRead(conversationId: string, userId: string, seq: number) {
      const [row] = await db
        .update(conversationParticipants)
        .set({
          lastReadSeq: sql`greatest(${conversationParticipants.lastReadSeq}, ${seq})`,
          lastDeliveredSeq: sql`greatest(${conversationParticipants.lastDeliveredSeq}, ${seq})`,
        })
        .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.userId, userId)))
        .returning()
      return row ?? null
    },

    async markDelivered(conversationId: string, userId: string, seq: number) {
      const [row] = await db
        .update(conversationParticipants)
        .set({ lastDeliveredSeq: sql`greatest(${conversationParticipants.lastDeliveredSeq}, ${seq})` })
        .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.userId, userId)))
        .returning()
      return row ?? null
    },

    /**
     * Stores messages in one statement, all or none: each conversation's next numbers under its
     * row lock (rows locked in id order, so two batches cannot deadlock; numbers have no gaps and
     * follow the order given), the messages, each author's read and received marks, and each
     * other participant's wait before an unread-message notification (`due`; a wait already
     * running stands, so it is the earliest of a burst). Concurrent batches touching a
     * conversation queue on its row. Returns the stored rows in the order given, undefined where
     * the conversation is gone. Inside a transaction (attachments) the rows stay locked until it ends.
     */
    async storeMessages(batch: NewMessage[], now: Date): Promise<(Omit<MessageRow, 'authorName'> | undefined)[]> {
      if (batch.length === 0) return []
      const input = batch.map((m, ord) => ({
        ord,
        school_id: m.schoolId,
        conversation_id: m.conversationId,
        author_id: m.authorId,
        client_id: m.clientId,
        body: m.body,
        language: textLanguage(m.body),
      }))
      // The earliest wait per recipient and conversation, from the messages they did not write.
      const dues = new Map<string, { conversation_id: string; user_id: string; due: string }>()
      for (const m of batch)
        for (const [userId, due] of m.due) {
          if (userId === m.authorId) continue
          const key = `${m.conversationId}:${userId}`
          const at = due.toISOString()
          const known = dues.get(key)
          if (!known || at < known.due) dues.set(key, { conversation_id: m.conversationId, user_id: userId, due: at })
        }
      const result = await db.execute(sql`
        with input as (
          select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
            as i(ord int, school_id uuid, conversation_id uuid, author_id uuid, client_id uuid, body text, language text)
        ), counts as (
          select conversation_id, count(*)::int as n from input group by conversation_id
        ), locked as (
          select c.id from ${conversations} c where c.id in (select conversation_id from counts) order by c.id for update
        ), next as (
          update ${conversations} c set last_seq = c.last_seq + counts.n, last_message_at = ${now.toISOString()}::timestamptz
          from counts, locked where c.id = counts.conversation_id and locked.id = c.id
          returning c.id, c.last_seq
        ), numbered as (
          select i.*, next.last_seq - counts.n + row_number() over (partition by i.conversation_id order by i.ord) as seq
          from input i join counts on counts.conversation_id = i.conversation_id join next on next.id = i.conversation_id
        ), made as (
          insert into ${messages} (school_id, conversation_id, seq, author_id, client_id, body, language)
          select school_id, conversation_id, seq, author_id, client_id, body, language from numbered order by ord
          returning id, seq, author_id, client_id, created_at
        ), authored as (
          select conversation_id, author_id as user_id, max(seq)::int as seq from numbered group by conversation_id, author_id
        ), dues as (
          select * from jsonb_to_recordset(${JSON.stringify([...dues.values()])}::jsonb) as d(conversation_id uuid, user_id uuid, due timestamptz)
        ), marks as (
          update ${conversationParticipants} as cp set
            last_read_seq = greatest(cp.last_read_seq, coalesce(m.seq, 0)),
            last_delivered_seq = greatest(cp.last_delivered_seq, coalesce(m.seq, 0)),
            notify_due_at = coalesce(cp.notify_due_at, m.due)
          from (
            select coalesce(a.conversation_id, d.conversation_id) as conversation_id, coalesce(a.user_id, d.user_id) as user_id, a.seq, d.due
            from authored a full join dues d on d.conversation_id = a.conversation_id and d.user_id = a.user_id
          ) m, next
          where cp.conversation_id = m.conversation_id and cp.user_id = m.user_id and next.id = m.conversation_id
        )
        select id, seq, author_id, client_id, created_at from made`)
      // The body and ids are the caller's own; only what the database chose comes back.
      const rows = (result as unknown as { rows: { id: string; seq: number; author_id: string; client_id: string; created_at: string }[] })
        .rows
      const byClient = new Map(rows.map((r) => [`${r.author_id}:${r.client_id}`, r]))
      return batch.map((m) => {
        const row = byClient.get(`${m.authorId}:${m.clientId}`)
        if (!row) return undefined
        return {
          id: row.id,
          schoolId: m.schoolId,
          conversationId: m.conversationId,
          seq: Number(row.seq),
          authorId: m.authorId,
          clientId: m.clientId,
          body: m.body,
          editedAt: null,
          createdAt: new Date(row.created_at),
        }
      })
    },

    async closeConversation(conversationId: string, userId: string, now: Date) {
      await db.update(conversations).set({ closedAt: now, closedBy: userId }).where(eq(conversations.id, conversationId))
    },

    /** Messages in the person's own conversations of the school that match every word. */
    async search(schoolId: string, userId: string, q: string, limit: number) {
      const rows = await db
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .innerJoin(
          conversationParticipants,
          and(eq(conversationParticipants.conversationId, messages.conversationId), eq(conversationParticipants.userId, userId)),
        )
        .where(
          and(
            eq(messages.schoolId, schoolId),
            sql`to_tsvector('simple', ${messages.body}) @@ plainto_tsquery('simple', ${q})`,
            ne(messages.body, ''),
          ),
        )
        .orderBy(desc(messages.createdAt))
        .limit(limit)
      return toMessages(rows)
    },
  }
}
export type MessagingRepository = ReturnType<typeof createMessagingRepository>

/** Who a person may start a direct conversation with; queries only (messaging.policy.ts holds the rule). */
export function createContactsRepository(db: DbOrTx) {
  return {
    async classExists(schoolId: string, classId: string): Promise<boolean> {
      const rows = await db
        .select({ id: classes.id })
        .from(classes)
        .where(and(eq(classes.id, classId), eq(classes.schoolId, schoolId)))
      return rows.length > 0
    },

    /** Classes of the school: all, or these ids. */
    async classes(schoolId: string, ids: string[] | 'all') {
      if (ids !== 'all' && ids.length === 0) return []
      return db
        .select({ id: classes.id, nameCy: classes.nameCy, nameEn: classes.nameEn, yearGroup: classes.yearGroup })
        .from(classes)
        .where(and(eq(classes.schoolId, schoolId), ids === 'all' ? undefined : inArray(classes.id, ids)))
        .orderBy(asc(classes.nameEn))
    },

    /** Staff with a school-wide role (admin, FEO, DSL), with their roles. */
    async schoolWideStaff(schoolId: string) {
      return db
        .select({ userId: users.id, name: users.name, role: memberships.role })
        .from(users)
        .innerJoin(memberships, activeMember(users.id, schoolId))
        .where(inArray(memberships.role, ['admin', 'feo', 'dsl']))
        .orderBy(asc(users.name))
    },

    /** Teachers of the classes of a guardian's learners. */
    async teachersOfGuardian(schoolId: string, guardianId: string) {
      return db
        .selectDistinct({ userId: users.id, name: users.name, learner: learners.name })
        .from(guardianLearners)
        .innerJoin(learners, eq(learners.id, guardianLearners.learnerId))
        .innerJoin(classTeachers, eq(classTeachers.classId, learners.classId))
        .innerJoin(users, eq(users.id, classTeachers.teacherId))
        .innerJoin(memberships, activeMember(users.id, schoolId, 'teacher'))
        .where(and(eq(guardianLearners.schoolId, schoolId), eq(guardianLearners.guardianId, guardianId)))
    },

    /** Guardians of the school's learners: all of them, or those in the given classes. */
    async guardians(schoolId: string, classIds: string[] | 'all') {
      if (classIds !== 'all' && classIds.length === 0) return []
      return db
        .select({ userId: users.id, name: users.name, learner: learners.name, learnerId: learners.id })
        .from(guardianLearners)
        .innerJoin(learners, eq(learners.id, guardianLearners.learnerId))
        .innerJoin(users, eq(users.id, guardianLearners.guardianId))
        .innerJoin(memberships, activeMember(users.id, schoolId, 'parent'))
        .where(and(eq(guardianLearners.schoolId, schoolId), classIds === 'all' ? undefined : inArray(learners.classId, classIds)))
        .orderBy(asc(users.name))
    },
  }
}

export function createAttachmentsRepository(db: DbOrTx) {
  return {
    async insert(values: typeof messageAttachments.$inferInsert): Promise<Attachment> {
      const [row] = await db.insert(messageAttachments).values(values).returning({
        id: messageAttachments.id,
        fileName: messageAttachments.fileName,
        contentType: messageAttachments.contentType,
        size: messageAttachments.size,
      })
      if (!row) throw new Error('attachment not stored')
      return row
    },
    async byId(schoolId: string, attachmentId: string) {
      const [row] = await db
        .select()
        .from(messageAttachments)
        .where(and(eq(messageAttachments.id, attachmentId), eq(messageAttachments.schoolId, schoolId)))
      return row ?? null
    },
  }
}
