import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import type { ExportFormat, PrivacyExport } from '../../../shared/schemas/privacy.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import type { EngagementService } from '../engagement/engagement.service.ts'
import { createExportConversationsRepository } from './conversations.repository.ts'
import { createExportParticipationRepository } from './participation.repository.ts'
import { assertOwnExport, assertSchoolExporter, familyLanguage, includesNotes } from './privacy.policy.ts'
import { createPrivacyRepository } from './privacy.repository.ts'

const iso = (at: Date | string) => new Date(at).toISOString()
const isoOrNull = (at: Date | string | null) => (at === null ? null : iso(at))

/** The push service's origin (https://fcm.googleapis.com): the rest of the endpoint addresses the device. */
function origin(endpoint: string): string {
  try {
    return new URL(endpoint).origin
  } catch {
    return ''
  }
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>()
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row])
  return map
}

export interface FamilyExport {
  data: PrivacyExport
  /** ASCII only: cyswllt-data-<date>-<family id start>.<format>. */
  fileName: string
}

/** A family's subject access export, for the family itself or for the school (see README). */
export function createPrivacyService(deps: { db: Db; clock: () => Date; engagement: EngagementService }) {
  const repo = createPrivacyRepository(deps.db)
  const talk = createExportConversationsRepository(deps.db)
  const taking = createExportParticipationRepository(deps.db)

  /** The adults and learners of the family an adult id belongs to; a parent linked to no learner is a family of one. */
  async function familyOf(schoolId: string, userId: string, allowAlone: boolean): Promise<{ familyId: string; adultIds: string[] }> {
    try {
      const family = await deps.engagement.family(schoolId, userId)
      return { familyId: family.familyId, adultIds: [...family.adultIds].sort() }
    } catch (error) {
      if (allowAlone && error instanceof AppError && error.statusCode === 404) return { familyId: userId, adultIds: [userId] }
      throw error
    }
  }

  async function collect(schoolId: string, familyId: string, adultIds: string[], via: 'self' | 'school', language?: LanguageChoice) {
    const school = await repo.school(schoolId)
    if (!school) throw notFound()
    const [adults, roles, learnerRows, preferences, devices, sessions, notifications, deliveries, conversations] = await Promise.all([
      repo.adults(adultIds),
      repo.roles(schoolId, adultIds),
      repo.learners(schoolId, adultIds),
      repo.preferences(adultIds),
      repo.pushDevices(adultIds),
      repo.sessions(schoolId, adultIds),
      repo.notifications(schoolId, adultIds),
      repo.deliveries(schoolId, adultIds),
      talk.conversations(schoolId, adultIds),
    ])
    const [reports, memberships, items, comments, supports, attendance, received, reachedOtherwise, contacts, audit] = await Promise.all([
      talk.reports(schoolId, adultIds),
      taking.forumMemberships(schoolId, adultIds),
      taking.forumItems(schoolId, adultIds),
      taking.forumComments(schoolId, adultIds),
      taking.forumSupports(schoolId, adultIds),
      taking.forumAttendance(schoolId, adultIds),
      taking.newsletters(schoolId, adultIds),
      taking.newsletterContacts(schoolId, adultIds),
      repo.familyContacts(schoolId, adultIds),
      repo.audit(schoolId, adultIds),
    ])
    const conversationIds = conversations.map((c) => c.id)
    const [participants, messageRows, leftOut] =
      conversationIds.length === 0
        ? [[], [], []]
        : await Promise.all([
            talk.participants(conversationIds),
            talk.messages(conversationIds, adultIds),
            talk.messagesLeftOut(conversationIds, adultIds),
          ])
    const messageIds = messageRows.map((m) => m.id)
    const [edits, attachments] =
      messageIds.length === 0 ? [[], []] : await Promise.all([talk.edits(messageIds), talk.attachments(messageIds)])

    const family = new Set(adultIds)
    const rolesOf = groupBy(roles, (r) => r.userId)
    const deliveriesOf = groupBy(deliveries, (d) => d.notificationId)
    const editsOf = groupBy(edits, (e) => e.messageId)
    const attachmentsOf = groupBy(attachments, (a) => a.messageId)
    const participantsOf = groupBy(participants, (p) => p.conversationId)
    const messagesOf = groupBy(messageRows, (m) => m.conversationId)
    const leftOutOf = new Map(leftOut.map((row) => [row.conversationId, Number(row.count)]))
    const otherwiseOf = groupBy(reachedOtherwise, (c) => `${c.newsletterId}:${c.userId}`)
    const learnerGroups = groupBy(learnerRows, (l) => l.id)
    const withNotes = includesNotes(via)

    const data: PrivacyExport = {
      exportedAt: iso(deps.clock()),
      school,
      familyId,
      language: language ?? familyLanguage(adults.map((a) => a.language)),
      notesWithheld: !withNotes,
      adults: adults.map((a) => ({
        ...a,
        language: a.language as LanguageChoice,
        roles: (rolesOf.get(a.id) ?? []).map((r) => r.role as Role),
        createdAt: iso(a.createdAt),
        disabledAt: isoOrNull(a.disabledAt),
      })),
      learners: [...learnerGroups.values()].map((rows) => {
        const { guardianId: _, ...learner } = rows[0] as (typeof rows)[number]
        return { ...learner, guardianIds: rows.map((r) => r.guardianId).sort() }
      }),
      preferences: preferences.map((p) => ({
        userId: p.userId,
        channels: p.channels,
        quietStart: p.quietStart,
        quietEnd: p.quietEnd,
        timeZone: p.timeZone,
        digest: p.digest,
        digestTime: p.digestTime,
        updatedAt: iso(p.updatedAt),
      })),
      pushDevices: devices.map((d) => ({
        id: d.id,
        userId: d.userId,
        service: origin(d.endpoint),
        label: d.label,
        createdAt: iso(d.createdAt),
        lastSuccessAt: isoOrNull(d.lastSuccessAt),
      })),
      sessions: sessions.map((s) => ({
        ...s,
        createdAt: iso(s.createdAt),
        expiresAt: iso(s.expiresAt),
        revokedAt: isoOrNull(s.revokedAt),
      })),
      notifications: notifications.map((n) => ({
        ...n,
        createdAt: iso(n.createdAt),
        readAt: isoOrNull(n.readAt),
        deliveries: (deliveriesOf.get(n.id) ?? []).map(({ notificationId: _, ...d }) => ({
          ...d,
          sentAt: isoOrNull(d.sentAt),
          createdAt: iso(d.createdAt),
        })),
      })),
      conversations: conversations.map((c) => {
        const people = participantsOf.get(c.id) ?? []
        const shown = people.filter((p) => family.has(p.userId) || p.side === 'staff')
        return {
          ...c,
          createdAt: iso(c.createdAt),
          participants: shown.map((p) => ({ userId: p.userId, name: p.name, side: p.side })),
          otherFamiliesCount: people.length - shown.length,
          messages: (messagesOf.get(c.id) ?? []).map((m) => ({
            id: m.id,
            seq: m.seq,
            authorId: m.authorId,
            authorName: m.authorName,
            authorSide: family.has(m.authorId) ? ('family' as const) : ('staff' as const),
            body: m.body,
            createdAt: iso(m.createdAt),
            editedAt: isoOrNull(m.editedAt),
            edits: (editsOf.get(m.id) ?? []).map((e) => ({ previousBody: e.previousBody, createdAt: iso(e.createdAt) })),
            attachments: (attachmentsOf.get(m.id) ?? []).map(({ messageId: _, ...a }) => a),
          })),
          messagesLeftOut: leftOutOf.get(c.id) ?? 0,
        }
      }),
      reports: reports.map((r) => ({
        ...r,
        reporterId: r.reporterId as string,
        createdAt: iso(r.createdAt),
        resolvedAt: isoOrNull(r.resolvedAt),
      })),
      forum: {
        memberships: memberships.map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
        items: items.map((i) => ({ ...i, authorId: i.authorId as string, createdAt: iso(i.createdAt) })),
        comments: comments.map((c) => ({ ...c, authorId: c.authorId as string, createdAt: iso(c.createdAt) })),
        supports: supports.map((s) => ({ ...s, createdAt: iso(s.createdAt) })),
        attendance: attendance.map((a) => ({ ...a, updatedAt: iso(a.updatedAt) })),
      },
      newsletters: received.map((n) => ({
        id: n.id,
        userId: n.userId,
        titleCy: n.titleCy,
        titleEn: n.titleEn,
        sentAt: isoOrNull(n.sentAt),
        language: n.language,
        openedAt: isoOrNull(n.openedAt),
        openedVia: n.openedVia,
        delivered: (n.notificationId ? (deliveriesOf.get(n.notificationId) ?? []) : [])
          .filter((d) => d.channel !== 'in_app')
          .map((d) => ({ channel: d.channel, status: d.status, sentAt: isoOrNull(d.sentAt) })),
        contacts: (otherwiseOf.get(`${n.id}:${n.userId}`) ?? []).map((c) => ({ method: c.method, createdAt: iso(c.createdAt) })),
      })),
      contacts: contacts.map((c) => ({
        id: c.id,
        kind: c.kind,
        happenedAt: iso(c.happenedAt),
        recordedBy: c.recordedBy,
        note: withNotes ? c.note : null,
        followUpOn: c.followUpOn,
        followUpDoneAt: isoOrNull(c.followUpDoneAt),
      })),
      audit: audit.map((a) => ({ ...a, actorId: a.actorId as string, createdAt: iso(a.createdAt) })),
    }
    return data
  }

  async function finish(actor: Actor, data: PrivacyExport, format: ExportFormat, via: 'self' | 'school'): Promise<FamilyExport> {
    await recordAudit(deps.db, {
      schoolId: data.school.id,
      actorId: actor.userId,
      action: 'privacy.exported',
      subjectId: data.familyId,
      data: { format, via, adults: data.adults.map((a) => a.id).sort(), notesIncluded: !data.notesWithheld },
    })
    const day = data.exportedAt.slice(0, 10)
    return { data, fileName: `cyswllt-data-${day}-${data.familyId.slice(0, 8)}.${format}` }
  }

  return {
    /** A parent's own family, in the school of their session, in their own language. */
    async exportOwn(actor: Actor | null, format: ExportFormat): Promise<FamilyExport> {
      const own = assertOwnExport(actor)
      const { familyId, adultIds } = await familyOf(own.schoolId, own.actor.userId, true)
      const data = await collect(own.schoolId, familyId, adultIds, 'self', own.actor.language)
      return finish(own.actor, data, format, 'self')
    },

    /** Any family of the school (found by any of its adults), for an admin or the DSL answering a request. */
    async exportFamily(actor: Actor | null, schoolId: string, userId: string, format: ExportFormat): Promise<FamilyExport> {
      const me = assertSchoolExporter(actor, schoolId)
      const { familyId, adultIds } = await familyOf(schoolId, userId, false)
      const data = await collect(schoolId, familyId, adultIds, 'school')
      return finish(me, data, format, 'school')
    },
  }
}
export type PrivacyService = ReturnType<typeof createPrivacyService>
