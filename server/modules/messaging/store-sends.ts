import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Away, Message, SendMessage, SentMessage } from '../../../shared/schemas/messaging.ts'
import { messageAttachments } from '../../db/schema.ts'
import { AppError } from '../../errors.ts'
import { createMessagingRepository, type MessageRow, type MessagingRepository, messageOf, type NewMessage } from './messaging.repository.ts'
import type { MessagingActor } from './messaging-access.ts'
import type { MessagingDeps } from './messaging-deps.ts'

/**
 * Storing checked sends (send-message.ts checks them): a batch's text-only messages in one
 * statement, a message with attachments in a transaction of its own, and the participants told.
 */

/** A send waiting for its batch; settled exactly once. */
export interface Pending {
  actor: MessagingActor
  schoolId: string
  conversationId: string
  input: SendMessage
  settled: boolean
  resolve: (sent: SentMessage) => void
  reject: (err: unknown) => void
}

/** A checked send: ready to store. */
export interface Planned {
  pending: Pending
  message: NewMessage
  attachmentIds: string[]
  authorName: string
  recipients: string[]
  away: Away
}

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === '23505' || (err as { cause?: { code?: string } })?.cause?.code === '23505'

/** A clientId names one message for good: reusing it in another conversation is a client bug, not a resend. */
export function asResend(earlier: MessageRow, conversationId: string): MessageRow {
  if (earlier.conversationId !== conversationId) throw new AppError('messaging.client_id_reused', 409)
  return earlier
}

/** Text-only sends in one statement; if that fails, each on its own, so one bad send fails alone. */
export async function storeTogether(deps: MessagingDeps, repo: MessagingRepository, sends: Planned[], now: Date) {
  if (sends.length <= 1) {
    if (sends[0]) await storeOne(deps, repo, sends[0], now)
    return
  }
  let rows: Awaited<ReturnType<MessagingRepository['storeMessages']>>
  try {
    rows = await repo.storeMessages(
      sends.map((s) => s.message),
      now,
    )
  } catch {
    for (const s of sends) await storeOne(deps, repo, s, now)
    return
  }
  sends.forEach((s, i) => {
    const row = rows[i]
    if (row) announce(deps, s, messageOf({ ...row, authorName: s.authorName }, []))
    else s.pending.reject(new Error(`conversation ${s.message.conversationId} vanished`))
  })
}

/**
 * One send in a statement of its own. Attachments are claimed in the same transaction, so a
 * message never stands without the files it names.
 */
export async function storeOne(deps: MessagingDeps, repo: MessagingRepository, s: Planned, now: Date) {
  const { message: values, attachmentIds } = s
  try {
    const stored =
      attachmentIds.length === 0
        ? await repo.storeMessages([values], now).then(([row]) => row && messageOf({ ...row, authorName: s.authorName }, []))
        : await deps.db.transaction(async (tx) => {
            const r = createMessagingRepository(tx)
            const [row] = await r.storeMessages([values], now)
            if (!row) return undefined
            const claimed = await tx
              .update(messageAttachments)
              .set({ messageId: row.id })
              .where(
                and(
                  inArray(messageAttachments.id, attachmentIds),
                  eq(messageAttachments.conversationId, values.conversationId),
                  eq(messageAttachments.uploadedBy, values.authorId),
                  isNull(messageAttachments.messageId),
                ),
              )
              .returning({ id: messageAttachments.id })
            if (claimed.length !== attachmentIds.length) throw new AppError('messaging.attachment_unknown', 400)
            return (await r.toMessages([{ ...row, authorName: s.authorName }]))[0]
          })
    if (!stored) throw new Error(`conversation ${values.conversationId} vanished`)
    announce(deps, s, stored)
  } catch (err) {
    // The same clientId sent twice at once (another server process): the other stored it first.
    const [raced] = isUniqueViolation(err) ? await repo.messagesByClientIds([values]).catch(() => []) : []
    if (!raced) return s.pending.reject(err)
    try {
      const [message] = await repo.toMessages([asResend(raced, values.conversationId)])
      s.pending.resolve({ message: message as Message, duplicate: true, away: null })
    } catch (refused) {
      s.pending.reject(refused)
    }
  }
}

/** A stored message goes to every participant's devices, then the sender hears it is stored. */
function announce(deps: MessagingDeps, s: Planned, message: Message) {
  deps.toUsers(s.message.schoolId, s.recipients, 'message.created', { message })
  s.pending.resolve({ message, duplicate: false, away: s.away })
}
