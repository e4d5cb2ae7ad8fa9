import { useEffect, useRef, useState } from 'preact/hooks'
import type { Conversation, Message } from '../../../shared/schemas/messaging.ts'
import type { RealtimeSocket } from '../realtime.ts'
import { emitWithAck } from './socket-ack.ts'
import { highestSeq } from './thread-messages.ts'

/** True while the page is visible (not a background tab, not a locked phone). */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(document.visibilityState === 'visible')
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible')
    document.addEventListener('visibilitychange', update)
    return () => document.removeEventListener('visibilitychange', update)
  }, [])
  return visible
}

/**
 * Marks the open thread read up to its last message while the page is visible and connected
 * (conversation.read); the receipt comes back to every participant as conversation.receipt.
 */
export function useMarkRead(
  socket: RealtimeSocket | null,
  connected: boolean,
  conversation: Conversation | null,
  messages: Message[],
  me: string,
): void {
  const visible = usePageVisible()
  /** The highest seq asked for, so one message is not marked again on every render. */
  const asked = useRef(0)
  useEffect(() => {
    if (!socket || !connected || !visible || !conversation) return
    const own = conversation.participants.find((p) => p.userId === me)
    const last = highestSeq(messages)
    if (!own || last <= Math.max(own.lastReadSeq, asked.current)) return
    const before = asked.current
    asked.current = last
    emitWithAck(socket, 'conversation.read', { conversationId: conversation.id, seq: last }).then((result) => {
      // Not marked (the connection dropped): try again on the next change or reconnect.
      if (!result.ok && asked.current === last) asked.current = before
    })
  }, [socket, connected, visible, conversation, messages, me])
}
