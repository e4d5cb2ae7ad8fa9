import type { ForumAction, Meeting, NewAction, SetMinutes, UpdateAction } from '../../../shared/schemas/forum.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertMay, mayFacilitate } from './forum.policy.ts'
import { type ForumDeps, itemPath, itemTitles, meetingPath, notifyForum } from './forum-events.ts'
import { createForumsRepository } from './forums.repository.ts'
import { loadForum } from './forums.service.ts'
import { moveItems } from './item-moves.ts'
import { createItemsRepository } from './items.repository.ts'
import { actionView } from './meeting-view.ts'
import { createMeetingsRepository } from './meetings.repository.ts'
import { type MeetingsService, meetingWhen } from './meetings.service.ts'

/**
 * Minutes and actions: written per agenda entry in both languages, shared with members as a
 * draft, amended, then approved and locked. Approval moves reached items to discussed and
 * carries the rest over to the next agenda. Actions stay open to updates: the school reports back.
 */
export function createMinutesService(deps: ForumDeps & { db: Db; meetings: MeetingsService }) {
  /** The meeting, with the asker checked as a facilitator and the minutes still open. */
  async function openMinutes(actor: Actor | null, schoolId: string, forumId: string, meetingId: string) {
    const loaded = await deps.meetings.load(actor, schoolId, forumId, meetingId)
    assertMay(mayFacilitate(loaded.access))
    if (loaded.meeting.minutesStatus === 'approved') throw new AppError('forum.minutes_locked', 409)
    return loaded
  }

  async function reload(forumId: string, meetingId: string, userId: string): Promise<Meeting> {
    const meeting = await createMeetingsRepository(deps.db).find(forumId, meetingId)
    if (!meeting) throw notFound()
    return deps.meetings.view(meeting, userId)
  }

  return {
    /** Writes minutes for agenda entries (all in one transaction; an unknown entry changes nothing). */
    async setMinutes(actor: Actor | null, schoolId: string, forumId: string, meetingId: string, minutes: SetMinutes): Promise<Meeting> {
      const { access } = await openMinutes(actor, schoolId, forumId, meetingId)
      await deps.db.transaction(async (tx) => {
        const meetings = createMeetingsRepository(tx)
        const meeting = await meetings.find(forumId, meetingId, true)
        if (!meeting || meeting.minutesStatus === 'approved') throw new AppError('forum.minutes_locked', 409)
        for (const line of minutes.entries) {
          const { entryId, ...values } = line
          if (!(await meetings.updateEntry(meetingId, entryId, values))) throw new AppError('forum.entry_unknown', 400)
        }
        if (meeting.minutesStatus === 'none') await meetings.update(meetingId, { minutesStatus: 'draft' })
      })
      return reload(forumId, meetingId, access.userId)
    },

    /** Sends the draft minutes to the members, who may ask for amendments before approval. */
    async share(actor: Actor | null, schoolId: string, forumId: string, meetingId: string): Promise<Meeting> {
      const { access, meeting, forum } = await openMinutes(actor, schoolId, forumId, meetingId)
      if (meeting.minutesStatus === 'none') throw new AppError('forum.minutes_empty', 400)
      const now = deps.clock()
      await deps.db.transaction(async (tx) => {
        await createMeetingsRepository(tx).update(meetingId, { minutesStatus: 'shared' })
        await notifyForum(tx, {
          schoolId,
          userIds: await createForumsRepository(tx).memberIds(forumId),
          kind: 'forum_minutes_draft',
          params: { forumCy: forum.nameCy, forumEn: forum.nameEn, ...meetingWhen(meeting.startsAt) },
          path: meetingPath(forumId, meetingId),
          key: `forum-minutes-draft-${meetingId}-${now.getTime()}`,
        })
      })
      deps.kick()
      return reload(forumId, meetingId, access.userId)
    },

    /**
     * Approves and locks the minutes. Items the meeting reached become discussed; items it did
     * not reach go back to accepted, carried over to rank first on the next agenda. Authors,
     * supporters and members are told.
     */
    async approve(actor: Actor | null, schoolId: string, forumId: string, meetingId: string): Promise<Meeting> {
      const { access, forum } = await openMinutes(actor, schoolId, forumId, meetingId)
      const now = deps.clock()
      await deps.db.transaction(async (tx) => {
        const meetings = createMeetingsRepository(tx)
        const items = createItemsRepository(tx)
        const meeting = await meetings.find(forumId, meetingId, true)
        if (!meeting || meeting.minutesStatus === 'approved') throw new AppError('forum.minutes_locked', 409)
        if (meeting.minutesStatus === 'none') throw new AppError('forum.minutes_empty', 400)
        const entries = (await meetings.entries(meetingId)).filter((e) => e.itemId)
        const all = new Map((await items.list(forumId, access.userId, ['scheduled'])).map((i) => [i.id, i]))
        const reached = entries.filter((e) => e.reached === true && all.has(e.itemId as string)).map((e) => e.itemId as string)
        const notReached = entries.filter((e) => e.reached !== true && all.has(e.itemId as string)).map((e) => e.itemId as string)
        const pick = (ids: string[]) => ids.map((id) => all.get(id)).filter((item) => item !== undefined)
        const by = { actorId: access.userId, now }
        await moveItems(tx, pick(reached), { from: 'scheduled', to: 'discussed', carriedOver: false, tell: 'discussed', ...by })
        await moveItems(tx, pick(notReached), { from: 'scheduled', to: 'accepted', carriedOver: true, tell: 'carried_over', ...by })
        await meetings.update(meetingId, { minutesStatus: 'approved', minutesApprovedAt: now })
        await notifyForum(tx, {
          schoolId,
          userIds: await createForumsRepository(tx).memberIds(forumId),
          kind: 'forum_minutes_approved',
          params: { forumCy: forum.nameCy, forumEn: forum.nameEn, ...meetingWhen(meeting.startsAt) },
          path: meetingPath(forumId, meetingId),
          key: `forum-minutes-approved-${meetingId}`,
        })
      })
      deps.kick()
      return reload(forumId, meetingId, access.userId)
    },

    /** Records an action on an agenda entry, linked to the item the entry discusses. */
    async addAction(actor: Actor | null, schoolId: string, forumId: string, meetingId: string, action: NewAction): Promise<ForumAction> {
      await openMinutes(actor, schoolId, forumId, meetingId)
      const meetings = createMeetingsRepository(deps.db)
      const entry = (await meetings.entries(meetingId)).find((e) => e.id === action.entryId)
      if (!entry) throw new AppError('forum.entry_unknown', 400)
      const row = await meetings.insertAction({
        schoolId,
        meetingId,
        entryId: entry.id,
        itemId: entry.itemId,
        descriptionCy: action.descriptionCy.trim(),
        descriptionEn: action.descriptionEn.trim(),
        owner: action.owner.trim(),
        dueOn: action.dueOn,
      })
      return actionView(row, deps.clock())
    },

    /** The school reports back on an action; when it is done, the item's author and supporters are told. */
    async updateAction(
      actor: Actor | null,
      schoolId: string,
      forumId: string,
      actionId: string,
      update: UpdateAction,
    ): Promise<ForumAction> {
      const { access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      const now = deps.clock()
      const row = await deps.db.transaction(async (tx) => {
        const meetings = createMeetingsRepository(tx)
        const action = await meetings.findAction(forumId, actionId)
        if (!action) throw notFound()
        const updated = await meetings.updateAction(actionId, {
          status: update.status,
          doneAt: update.status === 'done' ? (action.doneAt ?? now) : null,
        })
        if (update.status === 'done' && action.status !== 'done' && action.itemId) {
          const item = await createItemsRepository(tx).find(forumId, action.itemId, access.userId)
          const supporters = item ? ((await createItemsRepository(tx).supporterIds([item.id])).get(item.id) ?? []) : []
          if (item)
            await notifyForum(tx, {
              schoolId,
              userIds: [...new Set([...(item.authorId ? [item.authorId] : []), ...supporters])],
              kind: 'forum_action_done',
              params: { ...itemTitles(item), actionCy: action.descriptionCy, actionEn: action.descriptionEn },
              path: itemPath(forumId, item.id),
              key: `forum-action-done-${actionId}`,
            })
        }
        return updated
      })
      deps.kick()
      return actionView(row, now)
    },
  }
}
export type MinutesService = ReturnType<typeof createMinutesService>
