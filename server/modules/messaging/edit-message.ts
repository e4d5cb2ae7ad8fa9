import type { Message } from '../../../shared/schemas/messaging.ts'
import { AppError } from '../../errors.ts'
import { assertMayEdit } from './messaging.policy.ts'
import { createMessagingRepository } from './messaging.repository.ts'
import { loadConversation, type MessagingActor } from './messaging-access.ts'
import type { MessagingDeps } from './messaging-deps.ts'

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
