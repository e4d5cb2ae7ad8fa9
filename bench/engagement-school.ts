/**
 * The engagement bench's school: 1,500 families and a term of their history, written straight
 * to the database with one INSERT ... SELECT over generate_series per table (about ten seconds).
 *
 * People (engagement-people.ts): 50 classes across years 0-6, 1,715 learners (a sibling in
 * every seventh household), 2,100 adults (a second adult in two households of five; cy, en and
 * both in turn; channels and sign-ins as engagement-keys.ts says, with one household in 16
 * hard to reach), an FEO, an admin and ten teachers. History over the last 16 weeks
 * (engagement-history.ts, engagement-forum.ts): 12 newsletters to everyone with their
 * notifications and deliveries, about 3,200 conversations and 22,700 messages in Welsh or
 * English, class announcement channels, a family forum with items, supports, comments and a
 * meeting's attendance, 500 FEO contacts and a caseload.
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'
import { seedContacts, seedForum } from './engagement-forum.ts'
import { seedMessages, seedNewsletters } from './engagement-history.ts'
import { idOf, key, rowsOf } from './engagement-keys.ts'
import { type SchoolPeople, seedEngagementPeople } from './engagement-people.ts'

export interface EngagementSchool extends SchoolPeople {
  /** The family the family-page request reads: two adults, two learners, conversations, contacts. */
  familyId: string
  /** A class and a year group for the filtered requests. */
  classId: string
  year: number
}

/** The tables the engagement queries read that grow with a school's history. */
export const LARGE_TABLES = [
  'messages',
  'deliveries',
  'notifications',
  'newsletter_recipients',
  'conversation_participants',
  'family_contacts',
] as const

/** One school of SHAPE.families families with a term's history; `tag` keeps its ids and emails apart from other schools'. */
export async function makeEngagementSchool(db: Db, tag: string, at: Date): Promise<EngagementSchool> {
  const people = await seedEngagementPeople(db, tag, at)
  await seedNewsletters(db, people, people.adults)
  await seedMessages(db, people)
  await seedForum(db, people)
  await seedContacts(db, people)
  // Family 0 has two adults (0 % 5 < 2) and two learners (0 % 7 = 0); its id is its smallest adult id.
  const adults = [await idOf(db, key(people, 'adult', '0', '0')), await idOf(db, key(people, 'adult', '0', '1'))]
  return {
    ...people,
    familyId: adults.sort()[0] as string,
    classId: await idOf(db, key(people, 'class', '3')),
    year: 3 % 7,
  }
}

/** Rows of each large table, in the whole database and in one school. */
export async function countRows(db: Db, schoolId: string): Promise<{ table: string; school: number; all: number }[]> {
  const out = []
  for (const table of LARGE_TABLES) {
    const [found] = await rowsOf<{ school: number; all: number }>(
      db,
      sql`select count(*) filter (where school_id = ${schoolId})::int as school, count(*)::int as all from ${sql.identifier(table)}`,
    )
    out.push({ table, school: found?.school ?? 0, all: found?.all ?? 0 })
  }
  return out
}
