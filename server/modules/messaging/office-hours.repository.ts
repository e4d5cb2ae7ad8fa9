import { and, eq, inArray, isNull, or } from 'drizzle-orm'
import type { OfficeHours } from '../../../shared/schemas/messaging.ts'
import type { DbOrTx } from '../../db/database.ts'
import { conversationParticipants, conversations, officeHours } from '../../db/schema.ts'
import { type EffectiveHours, SCHOOL_DEFAULT_HOURS } from './office-hours.ts'

/** A school's hours until an admin sets them. */
const BUILT_IN: EffectiveHours = { hours: SCHOOL_DEFAULT_HOURS, timeZone: 'Europe/London', enabled: true }

/**
 * Resolves hours from office_hours rows (school defaults and people's own): a staff member's hours
 * in a school are their own if set, else the school's, else the built-in default.
 */
function resolveHours(rows: (typeof officeHours.$inferSelect)[]): (schoolId: string, userId: string) => EffectiveHours {
  const bySchool = new Map<string, { fallback?: EffectiveHours; own: Map<string, EffectiveHours> }>()
  for (const row of rows) {
    const school = bySchool.get(row.schoolId) ?? { own: new Map<string, EffectiveHours>() }
    // A school default is always on; a person may turn their own off.
    if (row.userId === null) school.fallback = { hours: row.hours, timeZone: row.timeZone, enabled: true }
    else school.own.set(row.userId, { hours: row.hours, timeZone: row.timeZone, enabled: row.enabled })
    bySchool.set(row.schoolId, school)
  }
  return (schoolId, userId) => {
    const school = bySchool.get(schoolId)
    return school?.own.get(userId) ?? school?.fallback ?? BUILT_IN
  }
}

export function createOfficeHoursRepository(db: DbOrTx) {
  async function schoolDefault(schoolId: string): Promise<EffectiveHours> {
    const [row] = await db
      .select()
      .from(officeHours)
      .where(and(eq(officeHours.schoolId, schoolId), isNull(officeHours.userId)))
    return row ? { hours: row.hours, timeZone: row.timeZone, enabled: true } : BUILT_IN
  }

  return {
    schoolDefault,

    /** Each staff member's hours: their own if set, else the school's; one query. */
    async effectiveFor(schoolId: string, userIds: string[]): Promise<Map<string, EffectiveHours>> {
      if (userIds.length === 0) return new Map()
      const rows = await db
        .select()
        .from(officeHours)
        .where(and(eq(officeHours.schoolId, schoolId), or(isNull(officeHours.userId), inArray(officeHours.userId, userIds))))
      const hoursOf = resolveHours(rows)
      return new Map(userIds.map((id) => [id, hoursOf(schoolId, id)]))
    },

    /**
     * The hours of every staff participant of these conversations, read in one query: a function
     * giving a staff member's hours in a school (their own, else the school's, else the default).
     */
    async effectiveForConversations(conversationIds: string[]): Promise<(schoolId: string, userId: string) => EffectiveHours> {
      if (conversationIds.length === 0) return () => BUILT_IN
      const rows = await db
        .select()
        .from(officeHours)
        .where(
          and(
            inArray(
              officeHours.schoolId,
              db.select({ id: conversations.schoolId }).from(conversations).where(inArray(conversations.id, conversationIds)),
            ),
            or(
              isNull(officeHours.userId),
              inArray(
                officeHours.userId,
                db
                  .select({ id: conversationParticipants.userId })
                  .from(conversationParticipants)
                  .where(
                    and(inArray(conversationParticipants.conversationId, conversationIds), eq(conversationParticipants.side, 'staff')),
                  ),
              ),
            ),
          ),
        )
      return resolveHours(rows)
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
