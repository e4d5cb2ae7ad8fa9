import { useEffect } from 'preact/hooks'
import type { Message } from '../../../shared/schemas/messaging.ts'
import type { RealtimeSocket } from '../realtime.ts'
import { outbox } from './outbox.ts'
import { emitWithAck } from './socket-ack.ts'

/**
 * What messaging does for the whole app while someone is signed in, whatever page is open:
 * the outbox sends (and resends after a reconnect) over the socket, and every message from
 * someone else that reaches this device is reported delivered (the sender sees "Delivered").
 */
export function useMessagingClient(socket: RealtimeSocket | null, userId: string | null): void {
  useEffect(() => {
    if (!socket || !userId) return
    const detach = outbox.attach(socket, userId)
    const arrived = ({ message }: { message: Message }) => {
      if (message.authorId !== userId) reportDelivered(socket, message.conversationId, message.seq)
    }
    socket.on('message.created', arrived)
    return () => {
      detach()
      socket.off('message.created', arrived)
    }
  }, [socket, userId])
}

/** Tells the server this device holds the conversation's messages up to seq (a hint: no retry). */
export function reportDelivered(socket: RealtimeSocket, conversationId: string, seq: number): void {
  if (seq > 0) void emitWithAck(socket, 'conversation.delivered', { conversationId, seq })
}
