import type { Contact, ContactUpdate, FamilyPage, NewContact, TimelineEntry } from '../../../shared/schemas/engagement.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import type { ReachService } from '../newsletters/reach.ts'
import { createContactsRepository } from './contacts.repository.ts'
import { assertNotesReader, assertWorkspace, type EngagementService, toContact } from './engagement.service.ts'
import { today } from './school-calendar.ts'
import { createTimelineRepository } from './timeline.repository.ts'

const TIMELINE_LIMIT = 200
const iso = (at: string | Date) => new Date(at).toISOString()

/** One family: its page (timeline, contact log, follow-ups) and what the FEO does for it. */
export function createFamilyActions(deps: { db: Db; clock: () => Date; engagement: EngagementService; reach: ReachService }) {
  const contacts = createContactsRepository(deps.db)
  const timeline = createTimelineRepository(deps.db)

  return {
    async page(actor: Actor | null, schoolId: string, familyId: string): Promise<FamilyPage> {
      const me = assertNotesReader(actor, schoolId)
      const snap = await deps.engagement.snapshot(schoolId, me.userId)
      const family = snap.familyOf.get(familyId)
      if (!family) throw notFound()
      const adults = [...family.adultIds]
      const [messages, newsletters, forum, log] = await Promise.all([
        timeline.messages(schoolId, adults, me.userId),
        timeline.newsletters(schoolId, adults),
        timeline.forum(schoolId, adults, deps.clock()),
        contacts.ofAdults(schoolId, adults),
      ])
      const logged = log.map((row) => toContact(row, family.familyId))
      const entries: TimelineEntry[] = [
        ...messages.map((m) => ({
          kind: 'message' as const,
          at: iso(m.at),
          conversationId: m.conversationId,
          fromFamily: family.adultIds.has(m.authorId),
          authorName: m.authorName,
          body: m.body,
        })),
        ...newsletters.map((n) => ({
          kind: 'newsletter' as const,
          at: iso(n.at),
          newsletterId: n.newsletterId,
          titleCy: n.titleCy,
          titleEn: n.titleEn,
          reached: n.reached,
        })),
        ...forum.map((f) => ({ kind: 'forum' as const, ...f, at: iso(f.at) })),
        ...logged.map((contact) => ({ kind: 'contact' as const, at: contact.at, contact })),
      ]
      entries.sort((a, b) => b.at.localeCompare(a.at))
      await deps.engagement.auditNotes(me, schoolId, 'family', [family.familyId])
      return {
        family: snap.summarise(family),
        timeline: entries.slice(0, TIMELINE_LIMIT),
        followUps: logged
          .filter((c) => c.followUpOn !== null && !c.followUpDone)
          .sort((a, b) => (a.followUpOn as string).localeCompare(b.followUpOn as string)),
      }
    },

    /** Logs a contact (or a note with a follow-up) against the family. */
    async addContact(actor: Actor | null, schoolId: string, familyId: string, body: NewContact): Promise<Contact> {
      const me = assertWorkspace(actor, schoolId)
      const family = await deps.engagement.family(schoolId, familyId)
      const now = deps.clock()
      const at = body.at ? new Date(body.at) : now
      if (at.getTime() > now.getTime() + 60_000) throw new AppError('engagement.contact_in_future', 400)
      if (body.followUpOn !== undefined && body.followUpOn < today(now)) throw new AppError('engagement.follow_up_in_past', 400)
      const note = body.note.trim()
      if (body.kind === 'note' && !note && !body.followUpOn) throw new AppError('engagement.note_empty', 400)
      const id = await contacts.insert({
        schoolId,
        adultId: family.familyId,
        kind: body.kind,
        note,
        happenedAt: at,
        followUpOn: body.followUpOn ?? null,
        recordedBy: me.userId,
      })
      const row = await contacts.one(schoolId, id)
      if (!row) throw notFound()
      return toContact(row, family.familyId)
    },

    async updateContact(actor: Actor | null, schoolId: string, contactId: string, body: ContactUpdate): Promise<Contact> {
      assertWorkspace(actor, schoolId)
      const row = await contacts.one(schoolId, contactId)
      if (!row) throw notFound()
      if (body.followUpOn && body.followUpOn < today(deps.clock())) throw new AppError('engagement.follow_up_in_past', 400)
      const set: { followUpOn?: string | null; followUpDoneAt?: Date | null } = {}
      if (body.followUpOn !== undefined) set.followUpOn = body.followUpOn
      if (body.followUpDone !== undefined) set.followUpDoneAt = body.followUpDone ? deps.clock() : null
      // Fastify strips unknown fields after `minProperties` has counted them: nothing left is a bad request.
      if (Object.keys(set).length === 0) throw new AppError('validation.invalid', 400, { field: 'body' })
      await contacts.update(schoolId, contactId, set)
      const family = await deps.engagement.family(schoolId, row.adultId)
      const updated = await contacts.one(schoolId, contactId)
      if (!updated) throw notFound()
      return toContact(updated, family.familyId)
    },

    async setCaseload(actor: Actor | null, schoolId: string, familyId: string, inCaseload: boolean) {
      const me = assertWorkspace(actor, schoolId)
      const family = await deps.engagement.family(schoolId, familyId)
      if (inCaseload) await contacts.addToCaseload(schoolId, me.userId, family.familyId)
      else await contacts.removeFromCaseload(schoolId, me.userId, [...family.adultIds])
    },

    /**
     * Sends the family's latest newsletter nobody in it has opened again, on one channel, to each
     * adult who allows it there. Returns how many were queued.
     */
    async remind(actor: Actor | null, schoolId: string, familyId: string, channel: 'email' | 'push'): Promise<number> {
      const me = assertWorkspace(actor, schoolId)
      const family = await deps.engagement.family(schoolId, familyId)
      const sent = await timeline.newsletters(schoolId, [...family.adultIds])
      const unread = sent.find((n) => !n.opened)
      if (!unread) throw new AppError('engagement.nothing_to_remind', 409)
      let queued = 0
      for (const adult of family.adultIds) {
        try {
          await deps.reach.remind(me, schoolId, unread.newsletterId, adult, channel)
          queued++
        } catch (error) {
          // This adult was not sent it, or does not allow that channel: the others may.
          if (!(error instanceof AppError) || (error.statusCode !== 400 && error.statusCode !== 404)) throw error
        }
      }
      if (queued === 0) throw new AppError('engagement.channel_unavailable', 409)
      return queued
    },
  }
}
export type FamilyActions = ReturnType<typeof createFamilyActions>
