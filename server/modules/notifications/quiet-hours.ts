/**
 * Local-time arithmetic for quiet hours and digests, with Intl only: a person's "21:00" is
 * wall-clock time in their zone (Europe/London by default), across both clock changes.
 */

interface LocalParts {
  year: number
  month: number
  day: number
  /** Minutes since local midnight. */
  minutes: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when Intl knows the zone (an IANA name such as Europe/London). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/**
 * The last answers of localParts: a dispatch batch asks the same instant ("now") in the same
 * zone for each of its recipients, and formatToParts is the costliest step in planning them.
 */
const recentParts = new Map<string, Readonly<LocalParts>>()

export function localParts(instant: Date, timeZone: string): Readonly<LocalParts> {
  const key = `${timeZone} ${instant.getTime()}`
  const known = recentParts.get(key)
  if (known) return known
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  )
  const local = Object.freeze({
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  })
  if (recentParts.size >= 1000) recentParts.clear()
  recentParts.set(key, local)
  return local
}

/** 'HH:MM' to minutes since midnight. */
export function minutesOf(time: string): number {
  const [h = '0', m = '0'] = time.split(':')
  return Number(h) * 60 + Number(m)
}

/** The local date as YYYY-MM-DD (the key of a day's digest). */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone)
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

/** The instant a local wall-clock time happens in a zone (day may overflow: 32 is next month). */
export function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes)
  let guess = wall
  // Two rounds settle the offset, including on the days the clocks change.
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone)
    const seen = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes)
    guess += wall - seen
  }
  return new Date(guess)
}

/**
 * When the quiet hours covering `now` end, or null when `now` is outside them (or there are
 * none). A window may cross midnight (21:00-07:00).
 */
export function quietUntil(now: Date, quiet: { start: string; end: string } | null, timeZone: string): Date | null {
  if (!quiet) return null
  const start = minutesOf(quiet.start)
  const end = minutesOf(quiet.end)
  if (start === end) return null
  const p = localParts(now, timeZone)
  const inside = start < end ? p.minutes >= start && p.minutes < end : p.minutes >= start || p.minutes < end
  if (!inside) return null
  const dayOffset = p.minutes >= end ? 1 : 0
  return zonedInstant(p.year, p.month, p.day + dayOffset, end, timeZone)
}

/** True when the person's daily digest time has come today (local time). */
export function digestDue(now: Date, time: string, timeZone: string): boolean {
  return localParts(now, timeZone).minutes >= minutesOf(time)
}
