import type { Conversation, Message, Participant, Receipt } from '../../../shared/schemas/messaging.ts'

/**
 * Merges messages into a thread by their server number: one entry per seq (a later copy, such
 * as an edit, replaces the earlier), oldest first. Sync answers, live events and pages can
 * overlap in any order; the result is the same.
 */
export function mergeMessages(held: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return held
  const bySeq = new Map(held.map((m) => [m.seq, m]))
  for (const message of incoming) {
    const earlier = bySeq.get(message.seq)
    // An edit carries editedAt; an older copy arriving late must not undo it.
    if (earlier?.editedAt && (!message.editedAt || message.editedAt < earlier.editedAt)) continue
    bySeq.set(message.seq, message)
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

/** The highest number held, 0 for none. */
export function highestSeq(messages: Message[]): number {
  return messages.length === 0 ? 0 : (messages[messages.length - 1] as Message).seq
}

/**
 * The number up to which the thread has no gap, from its oldest message held (0 for none):
 * catching up asks for everything after it. A live message can overtake an earlier one (two
 * server processes relay them separately), so the highest number held may stand after a hole.
 */
export function unbrokenSeq(messages: Message[]): number {
  let seq = messages[0]?.seq ?? 0
  for (const message of messages) {
    if (message.seq > seq + 1) break
    seq = message.seq
  }
  return seq
}

/** Applies a receipt to the participant it names. */
export function withReceipt(participants: Participant[], receipt: Receipt): Participant[] {
  return participants.map((p) =>
    p.userId === receipt.userId
      ? {
          ...p,
          lastReadSeq: Math.max(p.lastReadSeq, receipt.lastReadSeq),
          lastDeliveredSeq: Math.max(p.lastDeliveredSeq, receipt.lastDeliveredSeq),
        }
      : p,
  )
}

export type MessageStatus = 'read' | 'delivered' | 'sent'

/**
 * What the author sees under their own message: read when every other participant has read it,
 * delivered when every other participant's device has it, sent otherwise.
 */
export function statusOf(message: Message, participants: Participant[], me: string): MessageStatus {
  const others = participants.filter((p) => p.userId !== me)
  if (others.length === 0) return 'sent'
  if (others.every((p) => p.lastReadSeq >= message.seq)) return 'read'
  if (others.every((p) => Math.max(p.lastDeliveredSeq, p.lastReadSeq) >= message.seq)) return 'delivered'
  return 'sent'
}

/** The conversation's name as shown to this person: the group's title, or the other people. */
export function conversationName(conversation: Conversation, me: string): string | null {
  if (conversation.title) return conversation.title
  if (conversation.kind === 'announcement') return null
  const others = conversation.participants.filter((p) => p.userId !== me).map((p) => p.name)
  return others.join(', ')
}
