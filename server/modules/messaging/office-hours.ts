/**
 * Staff office hours (staff wellbeing): a parent writing outside them is told when a reply can
 * be expected, and the staff member's notification waits until hours start. Wall-clock times in
 * the school's zone, across clock changes (the notifications module's Intl arithmetic).
 */
import type { WeeklyHours } from '../../../shared/schemas/messaging.ts'
import { localParts, minutesOf, zonedInstant } from '../notifications/quiet-hours.ts'

const weekday = { start: '08:00', end: '17:00' }
/** The school default until an admin changes it: Monday to Friday, 08:00 to 17:00. */
export const SCHOOL_DEFAULT_HOURS: WeeklyHours = [weekday, weekday, weekday, weekday, weekday, null, null]

export interface EffectiveHours {
  hours: WeeklyHours
  timeZone: string
  enabled: boolean
}

/**
 * When office hours next start, or null when `now` is inside them (or hours are off, or the
 * week has no hours at all, which would otherwise hold every message for ever).
 */
export function officeHoursResume(now: Date, office: EffectiveHours): Date | null {
  if (!office.enabled) return null
  const p = localParts(now, office.timeZone)
  // Monday-first index of the local date.
  const today = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7
  const todays = office.hours[today]
  if (todays && p.minutes >= minutesOf(todays.start) && p.minutes < minutesOf(todays.end)) return null
  for (let offset = 0; offset <= 7; offset++) {
    const day = office.hours[(today + offset) % 7]
    if (!day) continue
    const start = minutesOf(day.start)
    if (offset === 0 && p.minutes >= start) continue
    return zonedInstant(p.year, p.month, p.day + offset, start, office.timeZone)
  }
  return null
}
