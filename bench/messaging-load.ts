/**
 * The messaging bench's client load generator, the same for the raw echo server and the app:
 * socket.io-client sockets on the websocket transport, each sending `message.send` with an
 * acknowledgement, either as fast as acks come back (throughput) or paced to a rate (latency).
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { io as connect, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/realtime.ts'
import type { Ack, SentMessage } from '../shared/schemas/messaging.ts'

export type LoadSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** A connected client: its socket, who it is and the conversation it writes to. */
export interface Sender {
  socket: LoadSocket
  userId: string
  conversationId: string
}

/** A message as a parent or teacher might write it: a sentence in each language. */
const BODY = 'Bore da! Diolch am y gwaith cartref. / Good morning! Thank you for the homework.'

/**
 * Opens one socket per entry of `cookies` (undefined: no cookie, for the raw server), at most
 * `concurrency` handshakes at once, each its own connection (forceNew) on the websocket transport.
 */
export async function connectAll(
  url: string,
  cookies: (string | undefined)[],
  options: { concurrency?: number; progress?: (done: number) => void } = {},
): Promise<LoadSocket[]> {
  const sockets: LoadSocket[] = new Array(cookies.length)
  let next = 0
  let done = 0
  const open = (cookie: string | undefined) =>
    new Promise<LoadSocket>((resolve, reject) => {
      const socket: LoadSocket = connect(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 30_000,
        extraHeaders: { origin: url, ...(cookie ? { cookie } : {}) },
      })
      socket.once('connect', () => resolve(socket))
      socket.once('connect_error', (err) => {
        socket.close()
        reject(new Error(`socket ${next} did not connect: ${err.message}`))
      })
    })
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 200, cookies.length) }, async () => {
      while (next < cookies.length) {
        const i = next++
        sockets[i] = await open(cookies[i])
        if (++done % 500 === 0 || done === cookies.length) options.progress?.(done)
      }
    }),
  )
  return sockets
}

/** Closes sockets from the client side (a clean disconnect: the server keeps no session to recover). */
export async function closeAll(sockets: LoadSocket[]): Promise<void> {
  for (const socket of sockets) socket?.close()
  // Let the close frames go out before anything else (a server stopping) closes the connections.
  await new Promise((resolve) => setTimeout(resolve, 200))
}

function send(sender: Sender, clientId: string): Promise<Ack<SentMessage>> {
  return new Promise((resolve) =>
    sender.socket.emit('message.send', { conversationId: sender.conversationId, clientId, body: BODY }, resolve),
  )
}

export interface Burst {
  ms: number
  ok: number
  /** Refused sends by error code (the raw server never refuses). */
  errors: Map<string, number>
}

/**
 * `total` messages as fast as they are acknowledged: each sender keeps `inFlight` sends
 * outstanding until `total` have been sent. Returns the time until the last ack.
 */
export async function sendBurst(senders: Sender[], total: number, inFlight: number): Promise<Burst> {
  let next = 0
  let ok = 0
  const errors = new Map<string, number>()
  const started = performance.now()
  await Promise.all(
    senders.flatMap((sender) =>
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          next++
          const result = await send(sender, randomUUID())
          if (result.ok) ok++
          else errors.set(result.error.code, (errors.get(result.error.code) ?? 0) + 1)
        }
      }),
    ),
  )
  return { ms: performance.now() - started, ok, errors }
}

export interface Paced {
  sent: number
  ok: number
  errors: Map<string, number>
  /** Milliseconds from each emit to the other participant's `message.created`, sorted. */
  latencies: number[]
  /** Acknowledged messages the other participant had not received 5 s after the last send. */
  missing: number
  /** The rate actually sent at, per second. */
  rate: number
}

/**
 * Sends at `rate` messages per second in all, spread evenly over the senders and over each
 * interval, for `seconds`, and times each message until the other participant's socket receives
 * `message.created` for it.
 */
export async function sendPaced(senders: Sender[], rate: number, seconds: number): Promise<Paced> {
  const emitted = new Map<string, number>()
  const latencies: number[] = []
  const errors = new Map<string, number>()
  let sent = 0
  let ok = 0
  const listeners = senders.map((sender) => {
    const listener = ({ message }: { message: { clientId: string; authorId: string } }) => {
      if (message.authorId === sender.userId) return // the sender's own copy (for their other devices)
      const at = emitted.get(message.clientId)
      if (at === undefined) return
      latencies.push(performance.now() - at)
      emitted.delete(message.clientId)
    }
    sender.socket.on('message.created', listener)
    return listener
  })
  const intervalMs = (senders.length / rate) * 1000
  const started = performance.now()
  const endAt = started + seconds * 1000
  const acks: Promise<void>[] = []
  await Promise.all(
    senders.map(async (sender, k) => {
      for (let n = 0; ; n++) {
        const at = started + (k / senders.length + n) * intervalMs
        if (at >= endAt) return
        const wait = at - performance.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        const clientId = randomUUID()
        emitted.set(clientId, performance.now())
        sent++
        acks.push(
          send(sender, clientId).then((result) => {
            if (result.ok) ok++
            else {
              emitted.delete(clientId)
              errors.set(result.error.code, (errors.get(result.error.code) ?? 0) + 1)
            }
          }),
        )
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  await Promise.all(acks)
  const deadline = performance.now() + 5000
  while (emitted.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  senders.forEach((sender, i) => {
    sender.socket.off('message.created', listeners[i])
  })
  return { sent, ok, errors, latencies: latencies.sort((a, b) => a - b), missing: emitted.size, rate: sent / elapsed }
}
