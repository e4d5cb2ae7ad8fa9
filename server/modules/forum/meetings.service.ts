import type { AgendaSuggestion, Meeting, MeetingDraft, MeetingSummary, SetAgenda, SetAttendance } from '../../../shared/schemas/forum.ts'
import type { Db, DbOrTx } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertMay, mayAttend, mayFacilitate } from './forum.policy.ts'
import { type ForumDeps, itemTitles, meetingPath, notifyForum } from './forum-events.ts'
import { createForumsRepository } from './forums.repository.ts'
import { loadForum } from './forums.service.ts'
import { moveItems } from './item-moves.ts'
import { createItemsRepository } from './items.repository.ts'
import { meetingInvitation } from './meeting-invitation.ts'
import { meetingSummary, meetingView } from './meeting-view.ts'
import { createMeetingsRepository, type MeetingRow } from './meetings.repository.ts'

export interface MeetingsDeps extends ForumDeps {
  db: Db
  publicUrl: string
  /** A catalog sentence in one language. */
  t: (key: string, lng: 'cy' | 'en') => string
}

/** A meeting's date and time as words, in Welsh and in English (Wales' time zone). */
export function meetingWhen(startsAt: Date) {
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/London' }).format(startsAt)
  return { whenCy: format('cy-GB'), whenEn: format('en-GB') }
}

/** Meetings: time and place, the agenda (never longer than the meeting), publication, attendance. */
export function createMeetingsService(deps: MeetingsDeps) {
  const repo = createMeetingsRepository(deps.db)

  /** The forum (read access checked) and the meeting in it; 404 when the meeting is not this forum's. */
  async function load(actor: Actor | null, schoolId: string, forumId: string, meetingId: string, db: DbOrTx = deps.db, lock = false) {
    const loaded = await loadForum(db, actor, schoolId, forumId)
    const meeting = await createMeetingsRepository(db).find(forumId, meetingId, lock)
    if (!meeting) throw notFound()
    return { ...loaded, meeting }
  }

  async function view(meeting: MeetingRow, userId: string, db: DbOrTx = deps.db): Promise<Meeting> {
    const meetings = createMeetingsRepository(db)
    const [entries, actions, attendance] = await Promise.all([
      meetings.entries(meeting.id),
      meetings.actions(meeting.id),
      meetings.attendance(meeting.id),
    ])
    return meetingView(meeting, entries, actions, attendance, userId, deps.clock())
  }

  async function reload(forumId: string, meetingId: string, userId: string) {
    return view((await repo.find(forumId, meetingId)) as MeetingRow, userId)
  }

  const draftValues = (draft: MeetingDraft) => ({
    startsAt: new Date(draft.startsAt),
    durationMinutes: draft.durationMinutes,
    place: draft.place.trim(),
    onlineUrl: draft.onlineUrl,
  })

  function checkDraft(draft: MeetingDraft) {
    if (!draft.place.trim() && !draft.onlineUrl) {
      throw new AppError('forum.meeting_place_required', 400, {}, [{ field: 'place', reason: 'required' }])
    }
  }

  return {
    load,
    view,

    async list(actor: Actor | null, schoolId: string, forumId: string): Promise<MeetingSummary[]> {
      await loadForum(deps.db, actor, schoolId, forumId)
      return (await repo.list(forumId)).map(meetingSummary)
    },

    async create(actor: Actor | null, schoolId: string, forumId: string, draft: MeetingDraft): Promise<Meeting> {
      const { access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      checkDraft(draft)
      const id = await repo.insert({ schoolId, forumId, ...draftValues(draft) })
      return reload(forumId, id, access.userId)
    },

    async get(actor: Actor | null, schoolId: string, forumId: string, meetingId: string): Promise<Meeting> {
      const { meeting, access } = await load(actor, schoolId, forumId, meetingId)
      return view(meeting, access.userId)
    },

    /** Changes time or place until the minutes are approved; never shorter than the agenda set. */
    async update(actor: Actor | null, schoolId: string, forumId: string, meetingId: string, draft: MeetingDraft): Promise<Meeting> {
      const { access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      checkDraft(draft)
      await deps.db.transaction(async (tx) => {
        const { meeting } = await load(actor, schoolId, forumId, meetingId, tx, true)
        if (meeting.minutesStatus === 'approved') throw new AppError('forum.minutes_locked', 409)
        const total = (await createMeetingsRepository(tx).entries(meetingId)).reduce((s, e) => s + e.durationMinutes, 0)
        if (total > draft.durationMinutes) {
          throw new AppError('forum.agenda_too_long', 400, { total, length: draft.durationMinutes })
        }
        await createMeetingsRepository(tx).update(meetingId, draftValues(draft))
      })
      return reload(forumId, meetingId, access.userId)
    },

    /** Accepted items for the agenda: carried over first, then by support. */
    async suggest(actor: Actor | null, schoolId: string, forumId: string, meetingId: string): Promise<AgendaSuggestion[]> {
      const { access } = await load(actor, schoolId, forumId, meetingId)
      assertMay(mayFacilitate(access))
      return createItemsRepository(deps.db).rankedAccepted(forumId)
    },

    /**
     * Sets the agenda in order. Items must be accepted (or already on this agenda); the lines
     * together may not run longer than the meeting. Items put on it become scheduled; items
     * taken off go back to accepted. Fixed once minutes are being written.
     */
    async setAgenda(actor: Actor | null, schoolId: string, forumId: string, meetingId: string, agenda: SetAgenda): Promise<Meeting> {
      const { access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      const now = deps.clock()
      await deps.db.transaction(async (tx) => {
        const { meeting } = await load(actor, schoolId, forumId, meetingId, tx, true)
        if (meeting.minutesStatus !== 'none') throw new AppError('forum.agenda_locked', 409)
        const total = agenda.entries.reduce((sum, e) => sum + e.durationMinutes, 0)
        if (total > meeting.durationMinutes) throw new AppError('forum.agenda_too_long', 400, { total, length: meeting.durationMinutes })
        const itemIds = agenda.entries.flatMap((e) => ('itemId' in e ? [e.itemId] : []))
        if (new Set(itemIds).size !== itemIds.length) throw new AppError('forum.agenda_duplicate_item', 400)
        const meetings = createMeetingsRepository(tx)
        const items = createItemsRepository(tx)
        const before = (await meetings.entries(meetingId)).flatMap((e) => (e.itemId ? [e.itemId] : []))
        const found = new Map((await items.list(forumId, access.userId)).map((i) => [i.id, i]))
        for (const id of itemIds) {
          const item = found.get(id)
          if (!item) throw new AppError('forum.item_unknown', 400)
          const onThis = item.status === 'scheduled' && before.includes(id)
          if (item.status !== 'accepted' && !onThis) throw new AppError('forum.item_not_accepted', 409, { title: itemTitles(item).titleEn })
        }
        await meetings.replaceEntries(
          schoolId,
          meetingId,
          agenda.entries.map((line, position) => {
            const item = 'itemId' in line ? found.get(line.itemId) : undefined
            const titles = item
              ? itemTitles(item)
              : 'titleCy' in line
                ? { titleCy: line.titleCy.trim(), titleEn: line.titleEn.trim() }
                : null
            return {
              itemId: item?.id ?? null,
              position,
              durationMinutes: line.durationMinutes,
              ...(titles ?? { titleCy: '', titleEn: '' }),
            }
          }),
        )
        const added = itemIds.filter((id) => !before.includes(id))
        const removed = before.filter((id) => !itemIds.includes(id))
        const pick = (ids: string[]) => ids.map((id) => found.get(id)).filter((item) => item !== undefined)
        const by = { actorId: access.userId, now }
        await moveItems(tx, pick(added), { from: 'accepted', to: 'scheduled', carriedOver: false, tell: 'scheduled', ...by })
        // Taken off the agenda: back to accepted (each change is told, as every other).
        await moveItems(tx, pick(removed), { from: 'scheduled', to: 'accepted', carriedOver: false, tell: 'accepted', ...by })
      })
      deps.kick()
      return reload(forumId, meetingId, access.userId)
    },

    /** Publishes the agenda: every member is told, with an iCalendar invitation in the email. */
    async publish(actor: Actor | null, schoolId: string, forumId: string, meetingId: string): Promise<Meeting> {
      const { access, forum } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      const now = deps.clock()
      await deps.db.transaction(async (tx) => {
        const { meeting } = await load(actor, schoolId, forumId, meetingId, tx, true)
        if (meeting.minutesStatus === 'approved') throw new AppError('forum.minutes_locked', 409)
        const meetings = createMeetingsRepository(tx)
        const entries = await meetings.entries(meetingId)
        if (entries.length === 0) throw new AppError('forum.agenda_empty', 400)
        const sequence = meeting.publications + 1
        await meetings.update(meetingId, { status: 'published', publications: sequence, publishedAt: now })
        const url = `${deps.publicUrl}${meetingPath(forumId, meetingId)}`
        const calendar = meetingInvitation({
          meetingId,
          host: new URL(deps.publicUrl).hostname,
          forumNameCy: forum.nameCy,
          forumNameEn: forum.nameEn,
          startsAt: meeting.startsAt,
          durationMinutes: meeting.durationMinutes,
          place: meeting.place,
          onlineUrl: meeting.onlineUrl,
          url,
          sequence,
          agenda: entries,
          agendaHeading: { cy: deps.t('forum.invitation.agenda', 'cy'), en: deps.t('forum.invitation.agenda', 'en') },
          now,
        })
        await notifyForum(tx, {
          schoolId,
          userIds: await createForumsRepository(tx).memberIds(forumId),
          kind: 'forum_agenda_published',
          params: {
            forumCy: forum.nameCy,
            forumEn: forum.nameEn,
            ...meetingWhen(meeting.startsAt),
            place: meeting.place || (meeting.onlineUrl ?? ''),
          },
          path: meetingPath(forumId, meetingId),
          key: `forum-agenda-${meetingId}-${sequence}`,
          calendar,
        })
      })
      deps.kick()
      return reload(forumId, meetingId, access.userId)
    },

    /** A member will come or not, and asks for Welsh, English or interpretation in the meeting. */
    async attend(actor: Actor | null, schoolId: string, forumId: string, meetingId: string, answer: SetAttendance): Promise<Meeting> {
      const { meeting, access } = await load(actor, schoolId, forumId, meetingId)
      assertMay(mayAttend(access))
      if (meeting.status !== 'published') throw new AppError('forum.meeting_not_published', 409)
      if (meeting.minutesStatus === 'approved') throw new AppError('forum.minutes_locked', 409)
      await repo.setAttendance({ schoolId, meetingId, userId: access.userId, ...answer })
      return reload(forumId, meetingId, access.userId)
    },
  }
}
export type MeetingsService = ReturnType<typeof createMeetingsService>
