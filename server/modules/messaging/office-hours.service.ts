import type { OfficeHours } from '../../../shared/schemas/messaging.ts'
import type { Db } from '../../db/database.ts'
import { AppError, forbidden } from '../../errors.ts'
import { isTimeZone } from '../notifications/quiet-hours.ts'
import { sideOf } from './messaging.policy.ts'
import { type MessagingActor, rolesIn } from './messaging-access.ts'
import { createOfficeHoursRepository } from './office-hours.repository.ts'

function assertValid(value: OfficeHours): void {
  if (!isTimeZone(value.timeZone)) throw new AppError('messaging.bad_time_zone', 400)
  for (const day of value.hours) {
    if (day && day.start >= day.end) throw new AppError('messaging.bad_office_hours', 400)
  }
}

/** The school's default office hours (admins set them) and each staff member's own. */
export function createOfficeHoursService(deps: { db: Db }) {
  const repo = createOfficeHoursRepository(deps.db)
  return {
    async schoolDefault(actor: MessagingActor, schoolId: string): Promise<OfficeHours> {
      rolesIn(actor, schoolId)
      const value = await repo.schoolDefault(schoolId)
      return { hours: value.hours, timeZone: value.timeZone, enabled: true }
    },

    async setSchoolDefault(actor: MessagingActor, schoolId: string, value: OfficeHours): Promise<OfficeHours> {
      if (!rolesIn(actor, schoolId).includes('admin')) throw forbidden()
      assertValid(value)
      await repo.save(schoolId, null, { ...value, enabled: true })
      return { ...value, enabled: true }
    },

    /** A staff member's own hours; the school's until they set their own. */
    async own(actor: MessagingActor, schoolId: string): Promise<OfficeHours> {
      if (sideOf(rolesIn(actor, schoolId)) !== 'staff') throw forbidden()
      const own = await repo.own(schoolId, actor.userId)
      if (own) return own
      const value = await repo.schoolDefault(schoolId)
      return { hours: value.hours, timeZone: value.timeZone, enabled: true }
    },

    async setOwn(actor: MessagingActor, schoolId: string, value: OfficeHours): Promise<OfficeHours> {
      if (sideOf(rolesIn(actor, schoolId)) !== 'staff') throw forbidden()
      assertValid(value)
      await repo.save(schoolId, actor.userId, value)
      return value
    },
  }
}
export type OfficeHoursService = ReturnType<typeof createOfficeHoursService>
