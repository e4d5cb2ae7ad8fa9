import type { Away, Message, SendMessage, SentMessage } from '../../../shared/schemas/messaging.ts'
import { AppError } from '../../errors.ts'
import { assertMayPost } from './messaging.policy.ts'
import { type ConversationRow, createMessagingRepository, type MessageRow, type MessagingRepository } from './messaging.repository.ts'
import { accessTo, type MessagingActor } from './messaging-access.ts'
import type { MessagingDeps } from './messaging-deps.ts'
import { createOfficeHoursRepository } from './office-hours.repository.ts'
import { type EffectiveHours, officeHoursResume } from './office-hours.ts'
import { asResend, type Pending, type Planned, storeOne, storeTogether } from './store-sends.ts'

/** At most this many sends share one batch; more wait for the next. */
const MAX_BATCH = 200

/** What a batch's sends are checked against, read for all of them at once. */
interface Lookups {
  earlier: Map<string, MessageRow>
  conversations: Map<string, ConversationRow>
  participants: Map<string, Awaited<ReturnType<MessagingRepository['participants']>>>
  /** A staff member's office hours in a school. */
  hours: (schoolId: string, userId: string) => EffectiveHours
}

const keyOf = (authorId: string, clientId: string) => `${authorId}:${clientId}`

/**
 * Sends messages. Each is committed before its promise settles (so before any acknowledgement),
 * and the sender's clientId makes a resend the same message: it is returned with duplicate true,
 * never stored twice. Sequence numbers are taken under the conversation's row lock, so each
 * conversation's messages are numbered 1, 2, 3... with no gaps, in the order the sends arrived.
 *
 * Sends that arrive while a batch is being stored wait and go together in the next one: one
 * lookup of each kind and one INSERT for the lot, instead of several statements each (a group
 * commit). An idle server stores a lone send at once. Each send is still checked and answered on
 * its own: one refused send does not hold back the others.
 */
export function createMessageSender(deps: MessagingDeps) {
  const repo = createMessagingRepository(deps.db)
  const queue: Pending[] = []
  let draining = false

  async function drain() {
    while (queue.length > 0) {
      // A resend of a clientId already in this batch waits for the next one, where it is found stored.
      const taken = queue.splice(0, MAX_BATCH)
      const seen = new Set<string>()
      const batch: Pending[] = []
      const later: Pending[] = []
      for (const p of taken) {
        const key = keyOf(p.actor.userId, p.input.clientId)
        ;(seen.has(key) ? later : batch).push(p)
        seen.add(key)
      }
      try {
        await sendBatch(deps, repo, batch)
      } catch (err) {
        for (const p of batch) p.reject(err)
      }
      // Every send of the batch has its answer by now; one left without would wait for ever.
      for (const p of batch) if (!p.settled) p.reject(new Error('a send was left unanswered by its batch'))
      queue.unshift(...later)
    }
    draining = false
  }

  return function send(actor: MessagingActor, schoolId: string, conversationId: string, input: SendMessage): Promise<SentMessage> {
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        actor,
        schoolId,
        conversationId,
        input,
        settled: false,
        resolve: (sent) => {
          if (pending.settled) return
          pending.settled = true
          resolve(sent)
        },
        reject: (err) => {
          if (pending.settled) return
          pending.settled = true
          reject(err)
        },
      }
      queue.push(pending)
      if (!draining) {
        draining = true
        setImmediate(() => void drain())
      }
    })
  }
}

async function lookUp(deps: MessagingDeps, repo: MessagingRepository, batch: Pending[]): Promise<Lookups> {
  const conversationIds = [...new Set(batch.map((p) => p.conversationId))]
  const [earlier, conversations, participants, hours] = await Promise.all([
    repo.messagesByClientIds(batch.map((p) => ({ authorId: p.actor.userId, clientId: p.input.clientId }))),
    repo.conversationsById(conversationIds),
    repo.participants(conversationIds),
    createOfficeHoursRepository(deps.db).effectiveForConversations(conversationIds),
  ])
  const lookups: Lookups = {
    earlier: new Map(earlier.map((m) => [keyOf(m.authorId, m.clientId), m])),
    conversations: new Map(conversations.map((c) => [c.id, c])),
    participants: new Map(),
    hours,
  }
  for (const p of participants) {
    const list = lookups.participants.get(p.conversationId) ?? []
    list.push(p)
    lookups.participants.set(p.conversationId, list)
  }
  return lookups
}

/**
 * Checks one send against the batch's lookups, in the order a lone send is checked: a resend is
 * answered first; then the conversation must be the asker's, in their school (404 otherwise, as
 * for every conversation route), open to their side, and the message not empty. Returns the
 * earlier message for a resend, or the send planned with each recipient's unread wait (staff: not
 * before their office hours start) and, for a family writing to staff out of hours, when a reply
 * can be expected.
 */
function plan(p: Pending, l: Lookups, now: Date, unreadNotifyAfterMs: number): Planned | { earlier: MessageRow } {
  const earlier = l.earlier.get(keyOf(p.actor.userId, p.input.clientId))
  if (earlier) return { earlier: asResend(earlier, p.conversationId) }
  const conversation = l.conversations.get(p.conversationId)
  const participants = l.participants.get(p.conversationId) ?? []
  const access = accessTo(
    p.actor,
    p.schoolId,
    conversation?.schoolId === p.schoolId
      ? { conversation, participant: participants.find((x) => x.userId === p.actor.userId) ?? null }
      : null,
  )
  const own = access.participant
  if (!own) throw new AppError('messaging.not_participant', 403)
  assertMayPost(access.conversation, access.side)
  const attachmentIds = p.input.attachmentIds ?? []
  if (p.input.body.trim() === '' && attachmentIds.length === 0) throw new AppError('messaging.empty', 400)

  const due = new Map<string, Date>()
  let away: Away = null
  const wait = new Date(now.getTime() + unreadNotifyAfterMs)
  for (const x of participants) {
    if (x.userId === p.actor.userId) continue
    const office = x.side === 'staff' ? l.hours(p.schoolId, x.userId) : undefined
    const resume = office ? officeHoursResume(now, office) : null
    // Staff are told when their hours start, not in their evening.
    due.set(x.userId, resume && resume > wait ? resume : wait)
    if (resume && access.side === 'family' && access.conversation.kind === 'direct')
      away = { userId: x.userId, name: x.name, replyFrom: resume.toISOString() }
  }
  return {
    pending: p,
    message: {
      schoolId: p.schoolId,
      conversationId: p.conversationId,
      authorId: p.actor.userId,
      clientId: p.input.clientId,
      body: p.input.body,
      due,
    },
    attachmentIds,
    authorName: own.name,
    recipients: participants.map((x) => x.userId),
    away,
  }
}

/** Checks, limits and stores one batch of sends, settling each. */
async function sendBatch(deps: MessagingDeps, repo: MessagingRepository, batch: Pending[]): Promise<void> {
  const now = deps.clock()
  const lookups = await lookUp(deps, repo, batch)
  const resends: { pending: Pending; earlier: MessageRow }[] = []
  const checked: Planned[] = []
  for (const p of batch) {
    try {
      const planned = plan(p, lookups, now, deps.unreadNotifyAfterMs)
      if ('earlier' in planned) resends.push({ pending: p, earlier: planned.earlier })
      else checked.push(planned)
    } catch (err) {
      p.reject(err)
    }
  }
  const [over, earlierMessages] = await Promise.all([
    deps.limitSends(checked.map((s) => s.pending.actor.userId)),
    repo.toMessages(resends.map((r) => r.earlier)),
  ])
  const sends = checked.filter((s, i) => {
    if (over[i]) s.pending.reject(new AppError('messaging.rate_limited', 429))
    return !over[i]
  })
  resends.forEach((r, i) => {
    r.pending.resolve({ message: earlierMessages[i] as Message, duplicate: true, away: null })
  })

  const text = sends.filter((s) => s.attachmentIds.length === 0)
  const withFiles = sends.filter((s) => s.attachmentIds.length > 0)
  await Promise.all([storeTogether(deps, repo, text, now), ...withFiles.map((s) => storeOne(deps, repo, s, now))])
}
