/**
 * Messaging tables (see server/modules/messaging/README.md). Re-exported by schema.ts, which
 * drizzle-kit reads; kept apart so neither file grows past one reading.
 */
import { sql } from 'drizzle-orm'
import { boolean, check, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { WeeklyHours } from '../../shared/schemas/messaging.ts'
import { classes, schools, users } from './schema.ts'

const id = () => uuid('id').primaryKey().defaultRandom()
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * A conversation: direct (one family member and one staff member), group (staff and chosen
 * families) or a class announcement channel (a class's teachers post, families read and reply
 * privately). Messages are numbered by last_seq, taken under the row's lock.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'direct' | 'group' | 'announcement'>().notNull(),
    /** Group name, as written by the staff member who started it. */
    title: text('title'),
    /** The class of an announcement channel. */
    classId: uuid('class_id').references(() => classes.id, { onDelete: 'cascade' }),
    /** Sorted participant ids of a direct conversation: one conversation per pair and school. */
    directKey: text('direct_key'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    lastSeq: integer('last_seq').notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('conversations_direct_key').on(t.schoolId, t.directKey),
    uniqueIndex('conversations_class_key').on(t.schoolId, t.classId),
    index('conversations_school_idx').on(t.schoolId, t.lastMessageAt),
    check('conversations_kind_check', sql`${t.kind} in ('direct', 'group', 'announcement')`),
  ],
)

/** Who is in a conversation, and how far each has received and read. */
export const conversationParticipants = pgTable(
  'conversation_participants',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** staff or family: what the person may do here (families do not post to announcements). */
    side: text('side').$type<'staff' | 'family'>().notNull(),
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    lastDeliveredSeq: integer('last_delivered_seq').notNull().default(0),
    /** When to tell this person about unread messages if they are still unread and offline; null when nothing waits. */
    notifyDueAt: timestamp('notify_due_at', { withTimezone: true }),
    /** The last message they were notified about, so one burst gives one notification. */
    notifiedSeq: integer('notified_seq').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('conversation_participants_key').on(t.conversationId, t.userId),
    index('conversation_participants_user_idx').on(t.userId, t.schoolId),
    index('conversation_participants_due_idx').on(t.notifyDueAt).where(sql`${t.notifyDueAt} is not null`),
    check('conversation_participants_side_check', sql`${t.side} in ('staff', 'family')`),
  ],
)

/** A message. (author_id, client_id) makes a resend after a reconnect the same message. */
export const messages = pgTable(
  'messages',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id').notNull(),
    /** Plain text as written; never HTML. Rendered as text everywhere. */
    body: text('body').notNull(),
    /** cy or en as read from the body when it was written (shared/text-language.ts); null when unclear. */
    language: text('language'),
    /** Set when the author corrected it (within 5 minutes); earlier bodies are in message_edits. */
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    uniqueIndex('messages_author_client_key').on(t.authorId, t.clientId),
    index('messages_school_author_idx').on(t.schoolId, t.authorId, t.createdAt),
    index('messages_search_idx').using('gin', sql`to_tsvector('simple', ${t.body})`),
  ],
)

/** Earlier versions of an edited message: nothing said is lost. */
export const messageEdits = pgTable(
  'message_edits',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    previousBody: text('previous_body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('message_edits_message_idx').on(t.messageId)],
)

/** A file uploaded for a message: kept in the database with the rest of the record. */
export const messageAttachments = pgTable(
  'message_attachments',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** Null until the message it was uploaded for is sent. */
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    /** Detected from the bytes, never taken from the name or the browser. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('message_attachments_message_idx').on(t.messageId), index('message_attachments_conversation_idx').on(t.conversationId)],
)

/** Someone reported a message to the school's designated safeguarding lead. */
export const messageReports = pgTable(
  'message_reports',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('message_reports_message_reporter_key').on(t.messageId, t.reporterId),
    index('message_reports_school_idx').on(t.schoolId),
  ],
)

/**
 * Office hours: the school's default (user_id null) and a staff member's own. Parents writing
 * outside them are told when to expect a reply; the staff member's notification waits.
 */
export const officeHours = pgTable(
  'office_hours',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    hours: jsonb('hours').$type<WeeklyHours>().notNull(),
    timeZone: text('time_zone').notNull().default('Europe/London'),
    /** Staff may turn off their own hours (e.g. the FEO who answers any time). */
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('office_hours_school_user_key').on(t.schoolId, t.userId),
    uniqueIndex('office_hours_school_default_key').on(t.schoolId).where(sql`${t.userId} is null`),
  ],
)
