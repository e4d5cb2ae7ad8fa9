/**
 * School days and half-terms, in Europe/London. Cyswllt holds no term dates yet, so both are
 * approximations a school can read at a glance: school days are Monday to Friday (bank holidays
 * and INSET days count), and half-terms follow the usual Welsh pattern with fixed boundaries.
 */
import type { HalfTerm } from '../../../shared/schemas/engagement.ts'
import { localDate, zonedInstant } from '../notifications/quiet-hours.ts'

export const SCHOOL_TIME_ZONE = 'Europe/London'

/** Month and day each half-term starts, from September: autumn 1 and 2, spring 1 and 2, summer 1 and 2. */
const STARTS: readonly [number, number][] = [
  [9, 1],
  [11, 1],
  [1, 1],
  [2, 24],
  [4, 20],
  [6, 1],
]

const dayString = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

/** The start of a local day (YYYY-MM-DD) in the school's time zone. */
export function dayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return zonedInstant(y, m, d, 0, SCHOOL_TIME_ZONE)
}

export const today = (now: Date) => localDate(now, SCHOOL_TIME_ZONE)

/** The half-terms of the school year `now` falls in, up to and including the current one. */
export function halfTermsSoFar(now: Date): HalfTerm[] {
  const day = today(now)
  const [year, month] = day.split('-').map(Number) as [number, number]
  const first = month >= 9 ? year : year - 1
  const starts = STARTS.map(([m, d]) => dayString(m >= 9 ? first : first + 1, m, d))
  const ends = [...starts.slice(1), dayString(first + 1, 9, 1)]
  const label = `${first}-${String((first + 1) % 100).padStart(2, '0')}`
  return starts.map((start, i) => ({ key: `${label}-${i + 1}`, start, end: ends[i] as string })).filter((term) => term.start <= day)
}

const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay()

/** Whole school days (Monday to Friday) between the day of `since` and the day of `now`, both left out. */
export function schoolDaysBetween(since: Date, now: Date): number {
  const from = today(since)
  const to = today(now)
  let count = 0
  const cursor = new Date(`${from}T12:00:00Z`)
  for (;;) {
    cursor.setUTCDate(cursor.getUTCDate() + 1)
    const day = cursor.toISOString().slice(0, 10)
    if (day >= to) return count
    const wd = weekday(day)
    if (wd !== 0 && wd !== 6) count++
  }
}
