import type { ClientToServerEvents } from '../../../shared/realtime.ts'
import type { Ack } from '../../../shared/schemas/messaging.ts'
import type { RealtimeSocket } from '../realtime.ts'

/** How long to wait for the server's acknowledgement before treating the event as not delivered. */
const ACK_TIMEOUT_MS = 10_000

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0]
type Result<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]

/** No answer from the server in time, or no connection: the caller may try again later. */
export const NO_ANSWER = { ok: false, error: { code: 'network', message: '', status: 0 } } as const

/**
 * Emits an event and resolves with the server's acknowledgement, or NO_ANSWER when the socket
 * is not connected (nothing is buffered: the outbox resends after a reconnect) or the answer
 * does not come in time.
 */
export async function emitWithAck<E extends keyof ClientToServerEvents>(
  socket: RealtimeSocket,
  event: E,
  payload: Payload<E>,
): Promise<Result<E> | typeof NO_ANSWER> {
  if (!socket.connected) return NO_ANSWER
  try {
    // socket.io's per-event conditional types cannot be resolved for a generic E.
    const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<unknown>> }
    return (await timed.emitWithAck(event, payload)) as Result<E>
  } catch {
    return NO_ANSWER
  }
}
