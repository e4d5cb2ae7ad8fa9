import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Away, Message, SendMessage, SentMessage } from '../../../shared/schemas/messaging.ts'
import { messageAttachments } from '../../db/schema.ts'
import { AppError } from '../../errors.ts'
import { assertMayEdit, assertMayPost } from './messaging.policy.ts'
import { createMessagingRepository, type MessagingRepository, messageOf } from './messaging.repository.ts'
import { loadConversation, type MessagingActor } from './messaging-access.ts'
import type { MessagingDeps } from './messaging-deps.ts'
import { createOfficeHoursRepository } from './office-hours.repository.ts'
import { officeHoursResume } from './office-hours.ts'

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === '23505' || (err as { cause?: { code?: string } })?.cause?.code === '23505'

/**
 * Stores a message, then tells the participants. The message is committed before this returns
 * (so before any acknowledgement). The sender's clientId makes a resend the same message: it is
 * returned with duplicate true, never stored twice. Sequence numbers are taken under the
 * conversation's row lock, so each conversation's messages are numbered 1, 2, 3... with no gaps.
 */
export async function sendMessage(
  deps: MessagingDeps,
  actor: MessagingActor,
  schoolId: string,
  conversationId: string,
  input: SendMessage,
): Promise<SentMessage> {
  const repo = createMessagingRepository(deps.db)
  const earlier = await repo.messageByClientId(actor.userId, input.clientId)
  if (earlier) return duplicateOf(repo, earlier, conversationId)

  const access = await loadConversation(repo, actor, schoolId, conversationId)
  if (!access.participant) throw new AppError('messaging.not_participant', 403)
  assertMayPost(access.conversation, access.side)
  const attachmentIds = input.attachmentIds ?? []
  if (input.body.trim() === '' && attachmentIds.length === 0) throw new AppError('messaging.empty', 400)
  await deps.limitSend(actor.userId)

  const now = deps.clock()
  // Everything that does not need the conversation's lock is read first, so the lock is held
  // for one statement (with attachments, also for their claim and the commit).
  const participants = await repo.participants([conversationId])
  const others = participants.filter((p) => p.userId !== actor.userId)
  const staff = others.filter((p) => p.side === 'staff').map((p) => p.userId)
  const hours = staff.length > 0 ? await createOfficeHoursRepository(deps.db).effectiveFor(schoolId, staff) : new Map()
  const due = new Map<string, Date>()
  let away: Away = null
  for (const p of others) {
    const office = hours.get(p.userId)
    const resume = p.side === 'staff' && office ? officeHoursResume(now, office) : null
    const wait = new Date(now.getTime() + deps.unreadNotifyAfterMs)
    // Staff are told when their hours start, not in their evening.
    due.set(p.userId, resume && resume > wait ? resume : wait)
    if (resume && access.side === 'family' && access.conversation.kind === 'direct')
      away = { userId: p.userId, name: p.name, replyFrom: resume.toISOString() }
  }
  const authorName = participants.find((p) => p.userId === actor.userId)?.name ?? ''
  const store = async (r: MessagingRepository) => {
    const row = await r.storeMessage(
      { schoolId, conversationId, authorId: actor.userId, clientId: input.clientId, body: input.body },
      now,
      due,
    )
    if (!row) throw new Error(`conversation ${conversationId} vanished`)
    return { ...row, authorName }
  }

  let message: Message
  try {
    // Most messages are text only: one statement stores them. Attachments are claimed in the
    // same transaction, so a message never stands without the files it names.
    message =
      attachmentIds.length === 0
        ? messageOf(await store(repo), [])
        : await deps.db.transaction(async (tx) => {
            const r = createMessagingRepository(tx)
            const row = await store(r)
            const claimed = await tx
              .update(messageAttachments)
              .set({ messageId: row.id })
              .where(
                and(
                  inArray(messageAttachments.id, attachmentIds),
                  eq(messageAttachments.conversationId, conversationId),
                  eq(messageAttachments.uploadedBy, actor.userId),
                  isNull(messageAttachments.messageId),
                ),
              )
              .returning({ id: messageAttachments.id })
            if (claimed.length !== attachmentIds.length) throw new AppError('messaging.attachment_unknown', 400)
            return (await r.toMessages([row]))[0] as Message
          })
  } catch (err) {
    // The same clientId sent twice at once: the other request stored it first.
    const raced = isUniqueViolation(err) ? await repo.messageByClientId(actor.userId, input.clientId) : null
    if (raced) return duplicateOf(repo, raced, conversationId)
    throw err
  }
  const stored = { message, recipients: participants.map((p) => p.userId), away }
  deps.toUsers(schoolId, stored.recipients, 'message.created', { message: stored.message })
  return { message: stored.message, duplicate: false, away: stored.away }
}

async function duplicateOf(
  repo: ReturnType<typeof createMessagingRepository>,
  earlier: NonNullable<Awaited<ReturnType<ReturnType<typeof createMessagingRepository>['messageByClientId']>>>,
  conversationId: string,
): Promise<SentMessage> {
  // A clientId names one message for good; reusing it elsewhere is a client bug, not a resend.
  if (earlier.conversationId !== conversationId) throw new AppError('messaging.client_id_reused', 409)
  const [message] = await repo.toMessages([earlier])
  return { message: message as Message, duplicate: true, away: null }
}

/**
 * Corrects a message within five minutes of sending it. The earlier text is kept in
 * message_edits: nobody deletes what was said.
 */
export async function editMessage(
  deps: MessagingDeps,
  actor: MessagingActor,
  schoolId: string,
  conversationId: string,
  messageId: string,
  body: string,
): Promise<Message> {
  const repo = createMessagingRepository(deps.db)
  const access = await loadConversation(repo, actor, schoolId, conversationId)
  const now = deps.clock()
  const edited = await deps.db.transaction(async (tx) => {
    const r = createMessagingRepository(tx)
    const message = await r.message(conversationId, messageId)
    if (!message) throw new AppError('not_found', 404)
    assertMayEdit(message, actor.userId, access.conversation.closedAt !== null, now)
    await r.editMessage(schoolId, messageId, message.body, body, now)
    const updated = await r.message(conversationId, messageId)
    const [out] = await r.toMessages(updated ? [updated] : [])
    return out as Message
  })
  const participants = await repo.participants([conversationId])
  deps.toUsers(
    schoolId,
    participants.map((p) => p.userId),
    'message.edited',
    { message: edited },
  )
  return edited
}
