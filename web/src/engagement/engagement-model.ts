import type { EngagementFilter, FamilySummary } from '../../../shared/schemas/engagement.ts'
import type { Role } from '../../../shared/schemas/people.ts'

/** Who works in the engagement screens (the server checks again): the school's FEOs and admins. */
export const mayUseEngagement = (roles: readonly Role[]) => roles.some((role) => role === 'feo' || role === 'admin')

/** Who may read a family's page: those, and the designated safeguarding lead (who does not act on it). */
export const mayReadFamily = (roles: readonly Role[]) => mayUseEngagement(roles) || roles.includes('dsl')

/** The choices of "nothing reached in the last N weeks". */
export const WEEK_CHOICES: readonly number[] = [1, 2, 3, 4, 6, 8, 12, 26]

/** The filter as one select's value: "" (everyone), "class:<id>" or "year:<n>". */
export function filterValue(filter: EngagementFilter): string {
  if (filter.classId) return `class:${filter.classId}`
  if (filter.year !== undefined) return `year:${filter.year}`
  return ''
}

export function filterOf(value: string): EngagementFilter {
  if (value.startsWith('class:')) return { classId: value.slice('class:'.length) }
  if (value.startsWith('year:')) return { year: Number(value.slice('year:'.length)) }
  return {}
}

/** Year -1 is the nursery class and 0 reception, as Welsh schools number them. */
export function yearKey(year: number): [string, Record<string, number>] {
  if (year === -1) return ['web.engagement.filter.nursery', {}]
  if (year === 0) return ['web.engagement.filter.reception', {}]
  return ['web.engagement.filter.year', { year }]
}

export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100))

/**
 * A half-term's catalog key and values: "2026-27-1" is the autumn's first half of 2026-27. A key
 * of another shape is shown as it is.
 */
export function halfTermKey(key: string): [string, Record<string, string>] {
  const match = /^(\d{4}-\d{2})-([1-6])$/.exec(key)
  if (!match) return ['web.engagement.charts.unknown_half_term', { key }]
  return [`web.engagement.charts.half_term.${match[2]}`, { year: match[1] ?? '' }]
}

/** A median reply time in minutes as a catalog key and count: minutes under 90, hours under two days, then days. */
export function durationKey(minutes: number): [string, number] {
  if (minutes < 90) return ['web.engagement.reply.minutes', Math.round(minutes)]
  if (minutes < 48 * 60) return ['web.engagement.reply.hours', Math.round(minutes / 60)]
  return ['web.engagement.reply.days', Math.round(minutes / (24 * 60))]
}

/** A family's name as staff know it: its adults' names, or its learners' when no adult has an account. */
export function familyName(family: FamilySummary): string {
  const names = family.adults.length > 0 ? family.adults.map((a) => a.name) : family.learners.map((l) => l.name)
  return names.join(', ')
}

/** Channels a reminder may go on: email when an adult has an address, push when one has a device. */
export function reminderChannels(family: FamilySummary): ('email' | 'push')[] {
  const channels: ('email' | 'push')[] = []
  if (family.adults.some((a) => a.hasEmail)) channels.push('email')
  if (family.adults.some((a) => a.pushDevices > 0)) channels.push('push')
  return channels
}

/** Today in this device's time zone, as YYYY-MM-DD (the smallest follow-up date offered). */
export function today(): string {
  const now = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}
