/**
 * The system of record, as Drizzle tables. SQL migrations in ./migrations are generated from this
 * file by `npm run db:generate` (drizzle-kit) and run unchanged on PostgreSQL and PGlite.
 * Every tenant table carries school_id; users are people, who may belong to several schools
 * through memberships, so the users table is the one deliberate exception.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_school_user_role_key').on(t.schoolId, t.userId, t.role),
    index('memberships_user_idx').on(t.userId),
    check('memberships_role_check', sql`${t.role} in ('admin', 'teacher', 'feo', 'parent')`),
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
