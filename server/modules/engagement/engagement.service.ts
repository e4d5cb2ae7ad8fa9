import {
  type Contact,
  DEFAULT_QUIET_WEEKS,
  type EngagementLists,
  type FamiliesQuery,
  type FamilyList,
  type FollowUpDue,
  type ListsQuery,
  REPLY_WAIT_SCHOOL_DAYS,
  type ReplyTimes,
} from '../../../shared/schemas/engagement.ts'
import type { Db } from '../../db/database.ts'
import { notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertSchoolRole } from '../../policies/tenancy.policy.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import { type ContactRow, createContactsRepository } from './contacts.repository.ts'
import { createEngagementRepository } from './engagement.repository.ts'
import { type Family, groupFamilies, hasNoWorkingChannel, latest, matchesFilter, summary } from './families.ts'
import { schoolDaysBetween, today } from './school-calendar.ts'

const WEEK_MS = 7 * 24 * 60 * 60 * 1000

/** The workspace is the FEO's and the admins'; the contact log is also the DSL's to read. */
export const assertWorkspace = (actor: Actor | null, schoolId: string) => assertSchoolRole(actor, schoolId, ['feo', 'admin'])
export const assertNotesReader = (actor: Actor | null, schoolId: string) => assertSchoolRole(actor, schoolId, ['feo', 'admin', 'dsl'])

export function toContact(row: ContactRow, familyId: string): Contact {
  return {
    id: row.id,
    familyId,
    kind: row.kind,
    note: row.note,
    at: new Date(row.at).toISOString(),
    byName: row.byName,
    followUpOn: row.followUpOn,
    followUpDone: row.followUpDone,
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return Math.round(value * 10) / 10
}

/** Families of the school and what the engagement lists say about them. */
export function createEngagementService(deps: { db: Db; clock: () => Date }) {
  const repo = createEngagementRepository(deps.db)
  const contacts = createContactsRepository(deps.db)

  /** The school's families, and each adult's family. */
  async function grouped(schoolId: string) {
    const [links, adults] = await Promise.all([repo.links(schoolId), repo.adults(schoolId)])
    const families = groupFamilies(links, adults)
    const familyOf = new Map<string, Family>()
    for (const family of families) for (const id of family.adultIds) familyOf.set(id, family)
    return { families, familyOf }
  }

  /** The school's families, who reached them last, and the asker's caseload, read together. */
  async function snapshot(schoolId: string, actorId: string) {
    const [{ families, familyOf }, reached, caseload] = await Promise.all([
      grouped(schoolId),
      repo.lastReached(schoolId),
      contacts.caseload(schoolId, actorId),
    ])
    const lastReached = new Map(reached.map((r) => [r.userId, new Date(r.at).getTime()]))
    return { families, familyOf, lastReached, caseload, summarise: (f: Family) => summary(f, caseload, lastReached) }
  }
  type Snapshot = Awaited<ReturnType<typeof snapshot>>

  /** Follow-ups due, each with its family (a family that has since left the school is left out). */
  function followUpsDue(snap: Snapshot, rows: ContactRow[], keep: (row: ContactRow, family: Family) => boolean) {
    const due: FollowUpDue[] = []
    for (const row of rows) {
      const family = snap.familyOf.get(row.adultId)
      if (family && keep(row, family)) due.push({ family: snap.summarise(family), contact: toContact(row, family.familyId) })
    }
    return due
  }

  async function auditNotes(actor: Actor, schoolId: string, view: string, familyIds: string[]) {
    if (familyIds.length === 0) return
    await recordAudit(deps.db, {
      schoolId,
      actorId: actor.userId,
      action: 'engagement.notes_viewed',
      data: { view, families: [...new Set(familyIds)] },
    })
  }

  return {
    snapshot,

    /** The family an adult id (or family id) belongs to, or 404; without what reached it (writes need only who is in it). */
    async family(schoolId: string, familyId: string): Promise<Family> {
      const family = (await grouped(schoolId)).familyOf.get(familyId)
      if (!family) throw notFound()
      return family
    },

    async families(actor: Actor | null, schoolId: string, query: FamiliesQuery): Promise<FamilyList> {
      const me = assertWorkspace(actor, schoolId)
      const snap = await snapshot(schoolId, me.userId)
      const families = snap.families
        .filter((f) => matchesFilter(f, query))
        .map(snap.summarise)
        .filter((f) => !query.caseload || f.inCaseload)
      return { families }
    },

    async lists(actor: Actor | null, schoolId: string, query: ListsQuery): Promise<EngagementLists> {
      const me = assertWorkspace(actor, schoolId)
      const now = deps.clock()
      const weeks = query.weeks ?? DEFAULT_QUIET_WEEKS
      const since = new Date(now.getTime() - weeks * WEEK_MS)
      // Two calendar days is the least two school days can be; the school-day count decides.
      const [snap, waiting, dueRows, starts] = await Promise.all([
        snapshot(schoolId, me.userId),
        repo.awaitingReply(schoolId, new Date(now.getTime() - 2 * 24 * 60 * 60 * 1000)),
        contacts.dueBy(schoolId, today(now)),
        repo.replyStarts(schoolId, since),
      ])
      const inFilter = snap.families.filter((f) => matchesFilter(f, query))
      const shown = new Set(inFilter)

      const notReached = inFilter.filter((f) => (latest(f.adultIds, snap.lastReached) ?? 0) < since.getTime())
      const awaitingReply = waiting.flatMap((row) => {
        const family = snap.familyOf.get(row.authorId)
        const schoolDays = schoolDaysBetween(new Date(row.since), now)
        if (!family || !shown.has(family) || schoolDays < REPLY_WAIT_SCHOOL_DAYS) return []
        const since = new Date(row.since).toISOString()
        return [{ family: snap.summarise(family), conversationId: row.conversationId, since, schoolDays, staffNames: row.staffNames }]
      })
      const followUps = followUpsDue(snap, dueRows, (_row, family) => shown.has(family))
      const replyTimes = (language: 'cy' | 'en'): ReplyTimes => {
        const minutes = starts
          .filter((s) => s.language === language && s.minutes !== null)
          .filter((s) => {
            const family = snap.familyOf.get(s.authorId)
            return family !== undefined && shown.has(family)
          })
          .map((s) => s.minutes as number)
        return { count: minutes.length, medianMinutes: median(minutes) }
      }
      await auditNotes(
        me,
        schoolId,
        'lists',
        followUps.map((f) => f.family.familyId),
      )
      return {
        weeks,
        notReached: notReached.map(snap.summarise),
        noWorkingChannel: inFilter.filter(hasNoWorkingChannel).map(snap.summarise),
        awaitingReply,
        followUpsDue: followUps,
        replyTimes: { cy: replyTimes('cy'), en: replyTimes('en') },
      }
    },

    /** The asker's home: open follow-ups due today or earlier that they set, or on families in their caseload. */
    async followUpsToday(actor: Actor | null, schoolId: string): Promise<FollowUpDue[]> {
      const me = assertWorkspace(actor, schoolId)
      const [snap, rows] = await Promise.all([snapshot(schoolId, me.userId), contacts.dueBy(schoolId, today(deps.clock()))])
      const due = followUpsDue(
        snap,
        rows,
        (row, family) => row.recordedBy === me.userId || [...family.adultIds].some((id) => snap.caseload.has(id)),
      )
      await auditNotes(
        me,
        schoolId,
        'home',
        due.map((f) => f.family.familyId),
      )
      return due
    },

    auditNotes,
  }
}
export type EngagementService = ReturnType<typeof createEngagementService>
