/**
 * Family forum tables (see server/modules/forum/README.md). Re-exported by schema.ts, which
 * drizzle-kit reads.
 */
import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { classes, schools, users } from './schema.ts'

const id = () => uuid('id').primaryKey().defaultRandom()
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const schoolId = () =>
  uuid('school_id')
    .notNull()
    .references(() => schools.id, { onDelete: 'cascade' })

/** A forum of the school: a Family Forum, a Parent Council with class representatives. */
export const forums = pgTable(
  'forums',
  {
    id: id(),
    schoolId: schoolId(),
    nameCy: text('name_cy').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionCy: text('description_cy').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /** Open items (proposed or accepted) one member may have at once: stops flooding. */
    openItemLimit: integer('open_item_limit').notNull().default(3),
    createdAt: createdAt(),
  },
  (t) => [index('forums_school_idx').on(t.schoolId)],
)

/** Who belongs to a forum, in which role, and which class or year a representative speaks for. */
export const forumMembers = pgTable(
  'forum_members',
  {
    id: id(),
    schoolId: schoolId(),
    forumId: uuid('forum_id')
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    representsClassId: uuid('represents_class_id').references(() => classes.id, { onDelete: 'set null' }),
    representsYear: integer('represents_year'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('forum_members_forum_user_key').on(t.forumId, t.userId),
    index('forum_members_user_idx').on(t.userId),
    check('forum_members_role_check', sql`${t.role} in ('member', 'chair', 'facilitator')`),
  ],
)

/**
 * An agenda item raised by a member, in the language they wrote it (`original_language`); the
 * other language may be added. An anonymous item keeps its author for facilitators only.
 */
export const forumItems = pgTable(
  'forum_items',
  {
    id: id(),
    schoolId: schoolId(),
    forumId: uuid('forum_id')
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    anonymous: boolean('anonymous').notNull().default(false),
    originalLanguage: text('original_language').notNull(),
    titleCy: text('title_cy').notNull().default(''),
    titleEn: text('title_en').notNull().default(''),
    descriptionCy: text('description_cy').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    status: text('status').notNull().default('proposed'),
    /** Scheduled on a meeting that did not reach it: ranks first on the next agenda. */
    carriedOver: boolean('carried_over').notNull().default(false),
    declineReasonCy: text('decline_reason_cy'),
    declineReasonEn: text('decline_reason_en'),
    /** When a facilitator passed it to the designated safeguarding lead. */
    referredAt: timestamp('referred_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('forum_items_forum_idx').on(t.forumId, t.createdAt),
    index('forum_items_author_idx').on(t.forumId, t.authorId, t.status),
    check('forum_items_language_check', sql`${t.originalLanguage} in ('cy', 'en')`),
    check(
      'forum_items_status_check',
      sql`${t.status} in ('proposed', 'accepted', 'scheduled', 'discussed', 'actioned', 'declined', 'withdrawn')`,
    ),
  ],
)

/** One support per member per item; withdrawing deletes the row. */
export const forumItemSupports = pgTable(
  'forum_item_supports',
  {
    schoolId: schoolId(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => forumItems.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('forum_item_supports_key').on(t.itemId, t.userId)],
)

/** An item's full history: proposed, each status change, text added, passed to the lead. */
export const forumItemEvents = pgTable(
  'forum_item_events',
  {
    id: id(),
    schoolId: schoolId(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => forumItems.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    language: text('language'),
    createdAt: createdAt(),
  },
  (t) => [index('forum_item_events_item_idx').on(t.itemId, t.createdAt)],
)

/** An item's live thread; the client's own id makes a resend after a reconnect harmless. */
export const forumItemComments = pgTable(
  'forum_item_comments',
  {
    id: id(),
    schoolId: schoolId(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => forumItems.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    clientId: uuid('client_id').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('forum_item_comments_client_key').on(t.authorId, t.clientId),
    index('forum_item_comments_item_idx').on(t.itemId, t.createdAt),
  ],
)

/** A meeting: when, how long, where; its agenda is published, its minutes approved and locked. */
export const forumMeetings = pgTable(
  'forum_meetings',
  {
    id: id(),
    schoolId: schoolId(),
    forumId: uuid('forum_id')
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    place: text('place').notNull().default(''),
    onlineUrl: text('online_url'),
    status: text('status').notNull().default('planned'),
    /** Grows with each publication, so the calendar invitation's SEQUENCE updates members' calendars. */
    publications: integer('publications').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    minutesStatus: text('minutes_status').notNull().default('none'),
    minutesApprovedAt: timestamp('minutes_approved_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('forum_meetings_forum_idx').on(t.forumId, t.startsAt),
    check('forum_meetings_status_check', sql`${t.status} in ('planned', 'published')`),
    check('forum_meetings_minutes_check', sql`${t.minutesStatus} in ('none', 'draft', 'shared', 'approved')`),
    check('forum_meetings_duration_check', sql`${t.durationMinutes} > 0`),
  ],
)

/** One line of a meeting's agenda: an item, or a standing item with its own titles; then its minutes. */
export const forumAgendaEntries = pgTable(
  'forum_agenda_entries',
  {
    id: id(),
    schoolId: schoolId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => forumMeetings.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').references(() => forumItems.id, { onDelete: 'set null' }),
    position: integer('position').notNull(),
    titleCy: text('title_cy').notNull().default(''),
    titleEn: text('title_en').notNull().default(''),
    durationMinutes: integer('duration_minutes').notNull(),
    reached: boolean('reached'),
    minutesCy: text('minutes_cy').notNull().default(''),
    minutesEn: text('minutes_en').notNull().default(''),
    decisionCy: text('decision_cy').notNull().default(''),
    decisionEn: text('decision_en').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('forum_agenda_entries_position_key').on(t.meetingId, t.position),
    index('forum_agenda_entries_item_idx').on(t.itemId),
  ],
)

/** An action decided in a meeting: who, by when, and what the school reports back. */
export const forumActions = pgTable(
  'forum_actions',
  {
    id: id(),
    schoolId: schoolId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => forumMeetings.id, { onDelete: 'cascade' }),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => forumAgendaEntries.id, { onDelete: 'cascade' }),
    /** The item that raised it, kept when the agenda changes: "you said, we did" links back through it. */
    itemId: uuid('item_id').references(() => forumItems.id, { onDelete: 'set null' }),
    descriptionCy: text('description_cy').notNull(),
    descriptionEn: text('description_en').notNull(),
    owner: text('owner').notNull(),
    dueOn: date('due_on').notNull(),
    status: text('status').notNull().default('open'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('forum_actions_meeting_idx').on(t.meetingId),
    index('forum_actions_item_idx').on(t.itemId),
    check('forum_actions_status_check', sql`${t.status} in ('open', 'in_progress', 'done')`),
  ],
)

/** A member says whether they will come, and the language they ask for in the meeting. */
export const forumAttendance = pgTable(
  'forum_attendance',
  {
    schoolId: schoolId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => forumMeetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    attending: boolean('attending').notNull(),
    language: text('language').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('forum_attendance_key').on(t.meetingId, t.userId),
    check('forum_attendance_language_check', sql`${t.language} in ('cy', 'en', 'interpretation')`),
  ],
)
