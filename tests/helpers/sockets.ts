import { io as connect, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime.ts'
import type { Ack } from '../../shared/schemas/messaging.ts'

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

interface Teardown {
  teardown(fn: () => unknown): void
}

/** A signed-in socket.io-client on the app's real port, closed at the end of the test. */
export async function openSocket(
  t: Teardown,
  url: string,
  cookie: string,
  options: { reconnection?: boolean } = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie, origin: url },
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    timeout: 5000,
  })
  t.teardown(() => socket.close())
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return socket
}

/** Emits an event and resolves with its acknowledgement. */
export function request<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    // biome-ignore lint/suspicious/noExplicitAny: socket.io-client's emit overloads cannot be narrowed by a generic event name
    ;(socket.emit as any)(event, payload, resolve)
  })
}

/** The next `count` payloads of a server event. */
export function collect<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  count: number,
): Promise<Parameters<ServerToClientEvents[E]>[0][]> {
  return new Promise((resolve) => {
    const seen: Parameters<ServerToClientEvents[E]>[0][] = []
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      seen.push(payload)
      if (seen.length === count) {
        // biome-ignore lint/suspicious/noExplicitAny: as above
        ;(socket.off as any)(event, listener)
        resolve(seen)
      }
    }
    // biome-ignore lint/suspicious/noExplicitAny: as above
    ;(socket.on as any)(event, listener)
  })
}

export function unwrap<T>(result: Ack<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.data
}
