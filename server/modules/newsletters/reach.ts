import { randomUUID } from 'node:crypto'
import type { ContactMethod, Reach, ReachRecipient } from '../../../shared/schemas/newsletters.ts'
import { REACH_WINDOW_MS } from '../../../shared/schemas/newsletters.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { requestNotifications } from '../notifications/notify.ts'
import { defaultChannels } from '../notifications/preferences.ts'
import { newsletterPath, recipientToken } from './newsletter-links.ts'
import { newsletterParams, notificationCategory } from './newsletter-notification.ts'
import { createNewslettersRepository } from './newsletters.repository.ts'
import type { NewslettersService } from './newsletters.service.ts'
import { createReachRepository, type FamilyLink, type ReachRow, reminderKeyPrefix } from './reach.repository.ts'

type ChannelState = ReachRecipient['channels']['email']
const RANK: Record<ChannelState, number> = { sent: 4, pending: 3, failed: 2, skipped: 1, none: 0 }

function channelState(row: ReachRow, channel: 'in_app' | 'email' | 'push'): ChannelState {
  let best: ChannelState = 'none'
  for (const d of row.deliveries.filter((x) => x.channel === channel)) {
    const state: ChannelState =
      d.status === 'sent' ? 'sent' : d.status === 'failed' ? 'failed' : d.status === 'skipped' ? 'skipped' : 'pending'
    if (RANK[state] > RANK[best]) best = state
  }
  return best
}

/**
 * The first moment a person was reached: an email or push delivered, the newsletter opened, or
 * a contact another way recorded. An in-app notification alone does not count: it reaches only
 * someone who opens the app, which the opening records.
 */
function reachedAt(row: ReachRow): Date | null {
  const moments = [
    ...row.deliveries.filter((d) => d.channel !== 'in_app' && d.status === 'sent' && d.sentAt).map((d) => new Date(d.sentAt as string)),
    ...(row.openedAt ? [new Date(row.openedAt)] : []),
    ...(row.contacted ? [new Date(row.contacted.at)] : []),
  ]
  return moments.length ? new Date(Math.min(...moments.map((m) => m.getTime()))) : null
}

function reminderChannels(row: ReachRow, category: 'newsletters' | 'urgent'): ('email' | 'push')[] {
  if (row.disabled) return []
  const chosen = { ...defaultChannels(), ...row.channels }[category]
  const channels: ('email' | 'push')[] = []
  if (row.hasEmail && chosen.email) channels.push('email')
  if (row.hasPush && chosen.push) channels.push('push')
  return channels
}

/**
 * Families: the adults who share a learner. A learner's family is the set of its guardians
 * among the recipients; siblings with the same adults are one family.
 */
function families(links: FamilyLink[]) {
  const byLearner = new Map<string, FamilyLink[]>()
  for (const link of links) byLearner.set(link.learnerId, [...(byLearner.get(link.learnerId) ?? []), link])
  return [...byLearner.values()].map((rows) => ({
    key: [...new Set(rows.map((r) => r.guardianId))].sort().join(','),
    guardians: [...new Set(rows.map((r) => r.guardianId))],
    learnerName: rows[0]?.learnerName ?? '',
    classId: rows[0]?.classId ?? null,
    nameCy: rows[0]?.nameCy ?? '',
    nameEn: rows[0]?.nameEn ?? '',
  }))
}

/** Who a newsletter reached, and the follow-up actions on those it did not. */
export function createReachService(deps: {
  db: Db
  clock: () => Date
  kick: () => void
  secret: string
  load: NewslettersService['load']
}) {
  const repo = createNewslettersRepository(deps.db)
  const reachRepo = createReachRepository(deps.db)

  async function sentNewsletter(actor: Actor, schoolId: string, id: string) {
    const n = await deps.load(actor, schoolId, id)
    if (n.status !== 'sending' && n.status !== 'sent') throw new AppError('newsletters.not_sent', 409)
    return n
  }

  async function recipientOf(newsletterId: string, userId: string) {
    const recipient = await repo.recipient(newsletterId, userId)
    if (!recipient) throw notFound()
    return recipient
  }

  return {
    async reach(actor: Actor, schoolId: string, id: string): Promise<Reach> {
      const n = await sentNewsletter(actor, schoolId, id)
      const category = notificationCategory(n.category) as 'newsletters' | 'urgent'
      const rows = await reachRepo.recipients(n.id)
      const links = await reachRepo.familyLinks(schoolId, n.id)
      const learnersOf = new Map<string, string[]>()
      for (const link of links) learnersOf.set(link.guardianId, [...(learnersOf.get(link.guardianId) ?? []), link.learnerName])
      const sentAt = n.sentAt ?? n.updatedAt
      const deadline = sentAt.getTime() + REACH_WINDOW_MS
      const all: ReachRecipient[] = rows.map((row) => {
        const at = reachedAt(row)
        return {
          userId: row.userId,
          name: row.name,
          language: row.language as ReachRecipient['language'],
          learners: [...new Set(learnersOf.get(row.userId) ?? [])].sort(),
          channels: { inApp: channelState(row, 'in_app'), email: channelState(row, 'email'), push: channelState(row, 'push') },
          reminderChannels: reminderChannels(row, category),
          openedAt: row.openedAt ? new Date(row.openedAt).toISOString() : null,
          openedVia: row.openedVia,
          reachedAt: at?.toISOString() ?? null,
          contacted: row.contacted
            ? {
                method: row.contacted.method as ContactMethod,
                note: row.contacted.note,
                byName: row.contacted.byName,
                at: new Date(row.contacted.at).toISOString(),
              }
            : null,
        }
      })
      const byUser = new Map(all.map((r) => [r.userId, r]))
      const reachedBy = (userId: string, limit: number) => {
        const at = byUser.get(userId)?.reachedAt
        return at !== null && at !== undefined && new Date(at).getTime() <= limit
      }
      const found = families(links)
      const unique = new Map(found.map((f) => [f.key, f]))
      const familyReached = (f: { guardians: string[] }, limit: number) => f.guardians.some((g) => reachedBy(g, limit))
      const classes = new Map<string, { classId: string | null; nameCy: string; nameEn: string; keys: Set<string>; reached: Set<string> }>()
      for (const f of found) {
        const key = f.classId ?? 'none'
        const entry = classes.get(key) ?? {
          classId: f.classId,
          nameCy: f.nameCy ?? '',
          nameEn: f.nameEn ?? '',
          keys: new Set(),
          reached: new Set(),
        }
        entry.keys.add(f.key)
        if (familyReached(f, deadline)) entry.reached.add(f.key)
        classes.set(key, entry)
      }
      // Adults of families nobody in which has been reached yet (at any time, so follow-ups count).
      const reachedFamilies = new Set([...unique.values()].filter((f) => familyReached(f, Number.POSITIVE_INFINITY)).map((f) => f.key))
      const inReachedFamily = new Set(found.filter((f) => reachedFamilies.has(f.key)).flatMap((f) => f.guardians))
      return {
        newsletterId: n.id,
        sentAt: n.sentAt?.toISOString() ?? null,
        recipients: all.length,
        families: unique.size,
        familiesReached24h: [...unique.values()].filter((f) => familyReached(f, deadline)).length,
        classes: [...classes.values()]
          .map((c) => ({ classId: c.classId, nameCy: c.nameCy, nameEn: c.nameEn, families: c.keys.size, reached24h: c.reached.size }))
          .sort((a, b) => a.nameEn.localeCompare(b.nameEn)),
        notReached: all.filter((r) => !r.reachedAt && !inReachedFamily.has(r.userId)),
        all,
      }
    },

    /** Sends the newsletter again to one adult on one channel they allow (email or push). */
    async remind(actor: Actor, schoolId: string, id: string, userId: string, channel: 'email' | 'push') {
      const n = await sentNewsletter(actor, schoolId, id)
      const recipient = await recipientOf(n.id, userId)
      const [row] = await reachRepo.recipients(n.id, userId)
      const category = notificationCategory(n.category)
      if (!row || !reminderChannels(row, category as 'newsletters' | 'urgent').includes(channel)) {
        throw new AppError('newsletters.channel_unavailable', 400)
      }
      await deps.db.transaction((tx) =>
        requestNotifications(tx, {
          schoolId,
          userIds: [userId],
          category,
          kind: 'newsletter_reminder',
          params: newsletterParams(n),
          dedupeKey: `${reminderKeyPrefix(n.id)}${randomUUID()}`,
          onlyChannel: channel,
          perRecipient: new Map([
            [
              userId,
              {
                language: recipient.language as 'cy' | 'en' | 'both',
                path: newsletterPath(n.id, recipientToken(deps.secret, recipient.id)),
              },
            ],
          ]),
        }),
      )
      deps.kick()
    },

    /** Records that a family was reached another way (phone call, meeting, paper copy), by whom and when. */
    async recordContact(actor: Actor, schoolId: string, id: string, userId: string, method: ContactMethod, note: string | undefined) {
      const n = await sentNewsletter(actor, schoolId, id)
      await recipientOf(n.id, userId)
      await createNewslettersRepository(deps.db).insertContact({
        schoolId,
        newsletterId: n.id,
        userId,
        method,
        note: note?.trim() || null,
        recordedBy: actor.userId,
      })
    },
  }
}
export type ReachService = ReturnType<typeof createReachService>
