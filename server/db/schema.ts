/**
 * The system of record, as Drizzle tables. SQL migrations in ./migrations are generated from this
 * file by `npm run db:generate` (drizzle-kit) and run unchanged on PostgreSQL and PGlite.
 * Every tenant table carries school_id; users are people, who may belong to several schools
 * through memberships, so the users table is the one deliberate exception.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { CategoryChannels } from '../../shared/schemas/notifications.ts'

const id = () => uuid('id').primaryKey().defaultRandom()
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

export const schools = pgTable('schools', {
  id: id(),
  nameCy: text('name_cy').notNull(),
  nameEn: text('name_en').notNull(),
  createdAt: createdAt(),
})

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Stored lower-case; null for a guardian known only by phone. */
    email: text('email'),
    phone: text('phone'),
    name: text('name').notNull(),
    /** Recorded at first contact (Welsh Language Standards); unknown means both. */
    language: text('language').notNull().default('both'),
    passwordHash: text('password_hash'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), check('users_language_check', sql`${t.language} in ('cy', 'en', 'both')`)],
)

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** An admin turned this person's access to the school off: their roles here no longer count. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_school_user_role_key').on(t.schoolId, t.userId, t.role),
    index('memberships_user_idx').on(t.userId),
    check('memberships_role_check', sql`${t.role} in ('admin', 'teacher', 'feo', 'dsl', 'parent')`),
  ],
)

export const classes = pgTable(
  'classes',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    nameCy: text('name_cy').notNull(),
    nameEn: text('name_en').notNull(),
    /** National Curriculum year: 0 is Reception (Derbyn), -1 Nursery (Meithrin). */
    yearGroup: integer('year_group'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('classes_school_name_en_key').on(t.schoolId, t.nameEn),
    uniqueIndex('classes_school_name_cy_key').on(t.schoolId, t.nameCy),
  ],
)

export const learners = pgTable(
  'learners',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    /** The MIS reference (UPN or admission number): the key a re-import upserts by. */
    externalRef: text('external_ref').notNull(),
    name: text('name').notNull(),
    classId: uuid('class_id').references(() => classes.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('learners_school_ref_key').on(t.schoolId, t.externalRef), index('learners_class_idx').on(t.classId)],
)

export const guardianLearners = pgTable(
  'guardian_learners',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    guardianId: uuid('guardian_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('guardian_learners_key').on(t.schoolId, t.guardianId, t.learnerId),
    index('guardian_learners_learner_idx').on(t.learnerId),
  ],
)

export const classTeachers = pgTable(
  'class_teachers',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    classId: uuid('class_id')
      .notNull()
      .references(() => classes.id, { onDelete: 'cascade' }),
    teacherId: uuid('teacher_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('class_teachers_key').on(t.schoolId, t.classId, t.teacherId)],
)

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    /** Null only for the one-time link that creates the first school. */
    schoolId: uuid('school_id').references(() => schools.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invitations_token_key').on(t.tokenHash), check('invitations_kind_check', sql`${t.kind} in ('setup', 'member')`)],
)

export const magicLinks = pgTable(
  'magic_links',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('magic_links_token_key').on(t.tokenHash)],
)

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The school the person is working in during this session. */
    schoolId: uuid('school_id').references(() => schools.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sessions_token_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
)

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    schoolId: uuid('school_id').references(() => schools.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    subjectId: uuid('subject_id'),
    data: jsonb('data').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_school_idx').on(t.schoolId, t.createdAt)],
)

export const familyImports = pgTable('family_imports', {
  id: id(),
  schoolId: uuid('school_id')
    .notNull()
    .references(() => schools.id, { onDelete: 'cascade' }),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  status: text('status').notNull().default('queued'),
  csv: text('csv').notNull(),
  totalRows: integer('total_rows').notNull(),
  processedRows: integer('processed_rows').notNull().default(0),
  result: jsonb('result'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
})

/** Instance-wide values generated at first start (session secret, VAPID keys); not tenant data. */
export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
})

/**
 * How each person wants to be told things. Per person, not per school (like users): one parent
 * with children in two schools keeps one set of choices. No row means the defaults.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Email and push on or off, per category. In-app is always on. */
    channels: jsonb('channels').$type<CategoryChannels>().notNull(),
    /** 'HH:MM' local times; both null means no quiet hours. */
    quietStart: text('quiet_start'),
    quietEnd: text('quiet_end'),
    timeZone: text('time_zone').notNull().default('Europe/London'),
    digest: text('digest').notNull().default('off'),
    digestTime: text('digest_time').notNull().default('17:00'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('notification_preferences_digest_check', sql`${t.digest} in ('off', 'daily')`)],
)

/** One thing to tell one person: the in-app list is these rows; channels are in deliveries. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    /** Catalog key under notification.kinds (message_received, newsletter_published, ...). */
    kind: text('kind').notNull(),
    /** Values for the catalog texts; push text never uses them (no learner names in push). */
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    /** Path inside the web app the notification opens. */
    path: text('path').notNull().default('/'),
    /** A feature's own key, so asking twice for the same event makes one notification. */
    dedupeKey: text('dedupe_key'),
    /** The language to write it in, when the feature decided (newsletters: the household rule); else the person's. */
    language: text('language'),
    /** Send on this channel only (a reminder on a channel staff chose); in-app is always kept. */
    onlyChannel: text('only_channel'),
    /** An iCalendar invitation (RFC 5545) sent with the email: a forum meeting's agenda. */
    calendar: text('calendar'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_key').on(t.userId, t.dedupeKey),
    index('notifications_user_school_idx').on(t.userId, t.schoolId, t.createdAt),
    index('notifications_school_read_idx').on(t.schoolId, t.readAt).where(sql`${t.readAt} is not null`),
    /**
     * Unread counts (the badge; every dispatch and fan-out reads the recipient's). Without it the
     * count visits every notification the person has kept (400 days): with 200 each, 500
     * recipients' counts took 220 ms against 10 ms with it.
     */
    index('notifications_user_unread_idx').on(t.userId, t.schoolId).where(sql`${t.readAt} is null`),
    check('notifications_category_check', sql`${t.category} in ('messages', 'newsletters', 'forum', 'urgent', 'safeguarding')`),
  ],
)

/**
 * Jobs a transaction asked for, written in that same transaction; a relay moves them to BullMQ
 * under their deterministic job id, so a Redis outage at commit time loses nothing.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    jobName: text('job_name').notNull(),
    jobId: text('job_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** Not before this moment (a scheduled newsletter): relayed as a BullMQ delayed job. */
    runAt: timestamp('run_at', { withTimezone: true }),
    relayedAt: timestamp('relayed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outbox_job_id_key').on(t.jobId), index('outbox_pending_idx').on(t.createdAt).where(sql`${t.relayedAt} is null`)],
)

/** A browser (device) that accepted web push for a person. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    label: text('label').notNull().default(''),
    createdAt: createdAt(),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint), index('push_subscriptions_user_idx').on(t.userId)],
)

/** A daily digest email: one per person per local date, claimed before it is sent. */
export const notificationDigests = pgTable(
  'notification_digests',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    digestDate: text('digest_date').notNull(),
    status: text('status').notNull().default('sending'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('notification_digests_user_date_key').on(t.userId, t.digestDate)],
)

/**
 * One row per (notification, recipient, channel), claimed before the send and marked sent,
 * failed or skipped with a reason; a job that runs twice finds it done and sends nothing.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    /**
     * The notification's school and person, copied for the indexes. No foreign keys of their own:
     * the notification's (cascading from its school and person) already remove the row with them,
     * and a newsletter's fan-out writes 3 deliveries a recipient, where each key's check cost
     * about a sixth of the insert.
     */
    schoolId: uuid('school_id').notNull(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    channel: text('channel').notNull(),
    /** queued, held (quiet hours), digest (waiting for the daily digest), sending, sent, failed, skipped. */
    status: text('status').notNull(),
    /** Why it was skipped or failed: preference, no_address, quiet_hours, bad_address, push_gone, gave_up, ... */
    reason: text('reason'),
    lastError: text('last_error'),
    notBefore: timestamp('not_before', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** The job that claimed it last: only that job may take it again while it is 'sending' (after a crash). */
    claimedBy: text('claimed_by'),
    /** The run of that job that holds it: BullMQ can start a job again while its first run still sends (lock lost with Redis). */
    claimToken: uuid('claim_token'),
    /** While 'sending': the holding run renews this; another run of the same job takes the row only once it has passed. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** Push subscriptions this delivery already reached, so a retry sends only to the rest. */
    reached: jsonb('reached').$type<string[]>().notNull().default([]),
    /** How many times an admin asked for a retry; part of the retry's job id. */
    retries: integer('retries').notNull().default(0),
    digestId: uuid('digest_id').references(() => notificationDigests.id, { onDelete: 'set null' }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_notification_user_channel_key').on(t.notificationId, t.userId, t.channel),
    index('deliveries_status_idx').on(t.status, t.notBefore),
    index('deliveries_school_status_idx').on(t.schoolId, t.status),
    index('deliveries_user_status_idx').on(t.userId, t.status),
    /** Engagement: what reached whom, and when. */
    index('deliveries_school_reached_idx').on(t.schoolId, t.userId, t.sentAt).where(sql`${t.status} = 'sent' and ${t.channel} <> 'in_app'`),
    check('deliveries_channel_check', sql`${t.channel} in ('in_app', 'email', 'push')`),
    check('deliveries_status_check', sql`${t.status} in ('queued', 'held', 'digest', 'sending', 'sent', 'failed', 'skipped')`),
  ],
)

export * from './engagement.schema.ts'
export * from './forum.schema.ts'
export * from './messaging.schema.ts'
export * from './newsletters.schema.ts'
export * from './retention.schema.ts'
