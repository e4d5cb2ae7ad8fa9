/**
 * A meeting's iCalendar invitation (RFC 5545): one VEVENT with a stable UID, so a republished
 * agenda updates the event already in a member's calendar (SEQUENCE grows with each publication).
 * Titles and the agenda are written Welsh first, then English.
 */
export interface Invitation {
  meetingId: string
  host: string
  forumNameCy: string
  forumNameEn: string
  startsAt: Date
  durationMinutes: number
  place: string
  onlineUrl: string | null
  url: string
  sequence: number
  agenda: { titleCy: string; titleEn: string }[]
  /** Catalog words for the description's headings, Welsh and English. */
  agendaHeading: { cy: string; en: string }
  now: Date
}

/** Escapes a TEXT value (RFC 5545 3.3.11). */
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')

const stamp = (d: Date) => `${d.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`

/** Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1). */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  let size = 0
  for (const ch of line) {
    const bytes = Buffer.byteLength(ch)
    if (size + bytes > (out.length === 0 ? 75 : 74)) {
      out.push(current)
      current = ''
      size = 0
    }
    current += ch
    size += bytes
  }
  out.push(current)
  return out.join('\r\n ')
}

export function meetingInvitation(i: Invitation): string {
  const agenda = (lng: 'cy' | 'en') => i.agenda.map((e, n) => `${n + 1}. ${lng === 'cy' ? e.titleCy : e.titleEn}`).join('\n')
  const description = [`${i.agendaHeading.cy}\n${agenda('cy')}`, `${i.agendaHeading.en}\n${agenda('en')}`, i.url].join('\n\n')
  const location = [i.place, i.onlineUrl].filter(Boolean).join(' / ')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cyswllt//Forum//CY',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:forum-meeting-${i.meetingId}@${i.host}`,
    `SEQUENCE:${i.sequence}`,
    `DTSTAMP:${stamp(i.now)}`,
    `DTSTART:${stamp(i.startsAt)}`,
    `DTEND:${stamp(new Date(i.startsAt.getTime() + i.durationMinutes * 60_000))}`,
    `SUMMARY:${text(`${i.forumNameCy} / ${i.forumNameEn}`)}`,
    `DESCRIPTION:${text(description)}`,
    ...(location ? [`LOCATION:${text(location)}`] : []),
    `URL:${i.onlineUrl ?? i.url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(fold).join('\r\n')}\r\n`
}
