import type { ForumAction, Meeting, MeetingSummary } from '../../../shared/schemas/forum.ts'
import type { ActionRow, EntryRow, MeetingRow } from './meetings.repository.ts'

/** Today's date in the school's time zone (Wales), as YYYY-MM-DD. */
export const schoolDay = (now: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now)

export function actionView(a: ActionRow, now: Date): ForumAction {
  return {
    id: a.id,
    meetingId: a.meetingId,
    entryId: a.entryId,
    itemId: a.itemId,
    descriptionCy: a.descriptionCy,
    descriptionEn: a.descriptionEn,
    owner: a.owner,
    dueOn: a.dueOn,
    status: a.status as ForumAction['status'],
    doneAt: a.doneAt?.toISOString() ?? null,
    overdue: a.status !== 'done' && a.dueOn < schoolDay(now),
  }
}

export function meetingSummary(m: MeetingRow): MeetingSummary {
  return {
    id: m.id,
    forumId: m.forumId,
    startsAt: m.startsAt.toISOString(),
    durationMinutes: m.durationMinutes,
    place: m.place,
    onlineUrl: m.onlineUrl,
    status: m.status as MeetingSummary['status'],
    minutesStatus: m.minutesStatus as MeetingSummary['minutesStatus'],
  }
}

export function meetingView(
  m: MeetingRow,
  entries: EntryRow[],
  actions: ActionRow[],
  attendance: { userId: string; attending: boolean; language: string }[],
  userId: string,
  now: Date,
): Meeting {
  const coming = attendance.filter((a) => a.attending)
  const mine = attendance.find((a) => a.userId === userId)
  return {
    ...meetingSummary(m),
    publishedAt: m.publishedAt?.toISOString() ?? null,
    minutesApprovedAt: m.minutesApprovedAt?.toISOString() ?? null,
    agendaMinutes: entries.reduce((sum, e) => sum + e.durationMinutes, 0),
    agenda: entries.map((e) => ({
      id: e.id,
      position: e.position,
      itemId: e.itemId,
      titleCy: e.titleCy,
      titleEn: e.titleEn,
      durationMinutes: e.durationMinutes,
      reached: e.reached,
      minutesCy: e.minutesCy,
      minutesEn: e.minutesEn,
      decisionCy: e.decisionCy,
      decisionEn: e.decisionEn,
      actions: actions.filter((a) => a.entryId === e.id).map((a) => actionView(a, now)),
    })),
    attendance: {
      coming: coming.length,
      notComing: attendance.length - coming.length,
      welsh: coming.filter((a) => a.language === 'cy').length,
      english: coming.filter((a) => a.language === 'en').length,
      interpretation: coming.filter((a) => a.language === 'interpretation').length,
    },
    myAttendance: mine ? { attending: mine.attending, language: mine.language as 'cy' | 'en' | 'interpretation' } : null,
  }
}
