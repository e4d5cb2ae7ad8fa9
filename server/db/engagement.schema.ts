/**
 * The Family Engagement Officer's tables (see server/modules/engagement/README.md). Re-exported
 * by schema.ts, which drizzle-kit reads. A family has no row: it is the adults who share
 * learners, so both tables point at one adult of the family, and any adult finds it again.
 */
import { sql } from 'drizzle-orm'
import { check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { schools, users } from './schema.ts'

const id = () => uuid('id').primaryKey().defaultRandom()
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const schoolId = () =>
  uuid('school_id')
    .notNull()
    .references(() => schools.id, { onDelete: 'cascade' })

/**
 * The FEO's contact log: a phone call, home visit, coffee morning, meeting or a note, with an
 * optional follow-up date. Read only by FEOs, admins and the DSL, and every reading is audited.
 */
export const familyContacts = pgTable(
  'family_contacts',
  {
    id: id(),
    schoolId: schoolId(),
    /** One adult of the family (its id when the contact was logged). */
    adultId: uuid('adult_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    note: text('note').notNull().default(''),
    happenedAt: timestamp('happened_at', { withTimezone: true }).notNull().defaultNow(),
    followUpOn: date('follow_up_on'),
    followUpDoneAt: timestamp('follow_up_done_at', { withTimezone: true }),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('family_contacts_adult_idx').on(t.schoolId, t.adultId, t.happenedAt),
    index('family_contacts_happened_idx').on(t.schoolId, t.happenedAt),
    index('family_contacts_follow_up_idx')
      .on(t.schoolId, t.followUpOn)
      .where(sql`${t.followUpOn} is not null and ${t.followUpDoneAt} is null`),
    check('family_contacts_kind_check', sql`${t.kind} in ('phone', 'home_visit', 'coffee_morning', 'meeting', 'note')`),
  ],
)

/** The families an FEO keeps in their own caseload (by one adult of each). */
export const feoCaseload = pgTable(
  'feo_caseload',
  {
    id: id(),
    schoolId: schoolId(),
    feoId: uuid('feo_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    adultId: uuid('adult_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('feo_caseload_key').on(t.schoolId, t.feoId, t.adultId)],
)
