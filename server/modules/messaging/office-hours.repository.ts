import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { OfficeHours } from '../../../shared/schemas/messaging.ts'
import type { DbOrTx } from '../../db/database.ts'
import { officeHours } from '../../db/schema.ts'
import { type EffectiveHours, SCHOOL_DEFAULT_HOURS } from './office-hours.ts'

export function createOfficeHoursRepository(db: DbOrTx) {
  async function schoolDefault(schoolId: string): Promise<EffectiveHours> {
    const [row] = await db
      .select()
      .from(officeHours)
      .where(and(eq(officeHours.schoolId, schoolId), isNull(officeHours.userId)))
    return row
      ? { hours: row.hours, timeZone: row.timeZone, enabled: true }
      : { hours: SCHOOL_DEFAULT_HOURS, timeZone: 'Europe/London', enabled: true }
  }

  return {
    schoolDefault,

    /** Each staff member's hours: their own if set, else the school's. */
    async effectiveFor(schoolId: string, userIds: string[]): Promise<Map<string, EffectiveHours>> {
      const fallback = await schoolDefault(schoolId)
      const out = new Map<string, EffectiveHours>(userIds.map((id) => [id, fallback]))
      if (userIds.length === 0) return out
      const rows = await db
        .select()
        .from(officeHours)
        .where(and(eq(officeHours.schoolId, schoolId), inArray(officeHours.userId, userIds)))
      for (const row of rows) out.set(row.userId as string, { hours: row.hours, timeZone: row.timeZone, enabled: row.enabled })
      return out
    },

    /** null userId sets the school default. */
    async save(schoolId: string, userId: string | null, value: OfficeHours): Promise<void> {
      const values = { schoolId, userId, hours: value.hours, timeZone: value.timeZone, enabled: value.enabled, updatedAt: new Date() }
      const existing = await db
        .select({ id: officeHours.id })
        .from(officeHours)
        .where(and(eq(officeHours.schoolId, schoolId), userId ? eq(officeHours.userId, userId) : isNull(officeHours.userId)))
      if (existing[0]) await db.update(officeHours).set(values).where(eq(officeHours.id, existing[0].id))
      else await db.insert(officeHours).values(values)
    },

    async own(schoolId: string, userId: string): Promise<OfficeHours | null> {
      const [row] = await db
        .select()
        .from(officeHours)
        .where(and(eq(officeHours.schoolId, schoolId), eq(officeHours.userId, userId)))
      return row ? { hours: row.hours, timeZone: row.timeZone, enabled: row.enabled } : null
    },
  }
}
export type OfficeHoursRepository = ReturnType<typeof createOfficeHoursRepository>
