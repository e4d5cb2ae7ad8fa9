import { and, eq, sql } from 'drizzle-orm'
import type { ContactKind } from '../../../shared/schemas/engagement.ts'
import type { DbOrTx } from '../../db/database.ts'
import { familyContacts, feoCaseload } from '../../db/schema.ts'
import { rowsOf, uuidArray } from './engagement.repository.ts'

export interface ContactRow {
  id: string
  adultId: string
  kind: ContactKind
  note: string
  at: string
  byName: string
  recordedBy: string | null
  followUpOn: string | null
  followUpDone: boolean
}

const contactColumns = sql`c.id, c.adult_id as "adultId", c.kind, c.note, c.happened_at as at,
  coalesce(u.name, '') as "byName", c.recorded_by as "recordedBy",
  to_char(c.follow_up_on, 'YYYY-MM-DD') as "followUpOn", c.follow_up_done_at is not null as "followUpDone"`

/** The FEO's contact log and caseloads. */
export function createContactsRepository(db: DbOrTx) {
  return {
    async insert(values: typeof familyContacts.$inferInsert): Promise<string> {
      const [row] = await db.insert(familyContacts).values(values).returning({ id: familyContacts.id })
      if (!row) throw new Error('contact not stored')
      return row.id
    },

    async one(schoolId: string, id: string): Promise<ContactRow | undefined> {
      const [row] = await rowsOf<ContactRow>(
        db,
        sql`select ${contactColumns} from family_contacts c left join users u on u.id = c.recorded_by
          where c.school_id = ${schoolId} and c.id = ${id}`,
      )
      return row
    },

    async update(schoolId: string, id: string, set: { followUpOn?: string | null; followUpDoneAt?: Date | null }) {
      await db
        .update(familyContacts)
        .set(set)
        .where(and(eq(familyContacts.schoolId, schoolId), eq(familyContacts.id, id)))
    },

    /** A family's log (by its adults), newest first. */
    ofAdults: (schoolId: string, adultIds: readonly string[]) =>
      rowsOf<ContactRow>(
        db,
        sql`select ${contactColumns} from family_contacts c left join users u on u.id = c.recorded_by
          where c.school_id = ${schoolId} and c.adult_id = any(${uuidArray(adultIds)})
          order by c.happened_at desc`,
      ),

    /** Open follow-ups due on or before a day. */
    dueBy: (schoolId: string, day: string) =>
      rowsOf<ContactRow>(
        db,
        sql`select ${contactColumns} from family_contacts c left join users u on u.id = c.recorded_by
          where c.school_id = ${schoolId} and c.follow_up_on is not null and c.follow_up_done_at is null
            and c.follow_up_on <= ${day}::date
          order by c.follow_up_on, c.happened_at`,
      ),

    async caseload(schoolId: string, feoId: string): Promise<Set<string>> {
      const rows = await db
        .select({ adultId: feoCaseload.adultId })
        .from(feoCaseload)
        .where(and(eq(feoCaseload.schoolId, schoolId), eq(feoCaseload.feoId, feoId)))
      return new Set(rows.map((r) => r.adultId))
    },

    async addToCaseload(schoolId: string, feoId: string, adultId: string) {
      await db.insert(feoCaseload).values({ schoolId, feoId, adultId }).onConflictDoNothing()
    },

    /** Takes the family out of the caseload, whichever of its adults it was added by. */
    async removeFromCaseload(schoolId: string, feoId: string, adultIds: readonly string[]) {
      await db.execute(
        sql`delete from feo_caseload where school_id = ${schoolId} and feo_id = ${feoId} and adult_id = any(${uuidArray(adultIds)})`,
      )
    },
  }
}
export type ContactsRepository = ReturnType<typeof createContactsRepository>
