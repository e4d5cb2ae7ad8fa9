/**
 * Data retention tables (see server/modules/retention/README.md). Re-exported by schema.ts,
 * which drizzle-kit reads. The periods themselves default from config (RETENTION_*_DAYS); a
 * school's own choice per category is a row here.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { schools, users } from './schema.ts'

const id = () => uuid('id').primaryKey().defaultRandom()
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const schoolId = () =>
  uuid('school_id')
    .notNull()
    .references(() => schools.id, { onDelete: 'cascade' })

/** A school's own retention period for one category; no row means the configured default. */
export const schoolRetention = pgTable(
  'school_retention',
  {
    id: id(),
    schoolId: schoolId(),
    category: text('category').notNull(),
    days: integer('days').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('school_retention_key').on(t.schoolId, t.category),
    check('school_retention_category_check', sql`${t.category} in ('messages', 'notifications', 'newsletter_reach', 'contact_log')`),
    check('school_retention_days_check', sql`${t.days} between 7 and 3650`),
  ],
)

/**
 * A safeguarding hold: while it is not released, nothing about its subject (a family, one
 * person, or a conversation) is deleted by retention, whatever its age.
 */
export const retentionHolds = pgTable(
  'retention_holds',
  {
    id: id(),
    schoolId: schoolId(),
    subjectType: text('subject_type').$type<'family' | 'user' | 'conversation'>().notNull(),
    /** A user id (family: any adult of the family), or a conversation id. */
    subjectId: uuid('subject_id').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedBy: uuid('released_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('retention_holds_active_idx').on(t.schoolId, t.subjectType).where(sql`${t.releasedAt} is null`),
    check('retention_holds_subject_type_check', sql`${t.subjectType} in ('family', 'user', 'conversation')`),
  ],
)
