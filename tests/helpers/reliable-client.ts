import { randomUUID } from 'node:crypto'
import type { Message } from '../../shared/schemas/messaging.ts'
import type { ClientSocket } from './sockets.ts'

/**
 * A messaging client as the web app is one, for fault tests: the messages it holds (by seq), an
 * outbox that resends an unacknowledged message with the same clientId until it is acknowledged
 * (after a timeout, or a 5xx answer such as `service_unavailable`), and a sync after every
 * reconnect. `stats` counts what the faults cost it.
 */
export function reliableClient(socket: ClientSocket, conversationId: string, options: { ackTimeoutMs?: number } = {}) {
  const held = new Map<number, Message>()
  const stats = { timeouts: 0, serverErrors: 0, serverErrorCodes: [] as string[], reconnects: 0, duplicatesAcked: 0, slowestSendMs: 0 }
  const lastSeq = () => Math.max(0, ...held.keys())
  /** The number before the first hole, counting from 1 (this client holds the whole conversation; the web app's unbrokenSeq counts from its oldest page): catching up starts there. */
  const unbroken = () => {
    let seq = 0
    while (held.has(seq + 1)) seq++
    return seq
  }
  const keep = (m: Message) => {
    if (m.conversationId === conversationId) held.set(m.seq, m)
  }
  socket.on('message.created', ({ message }) => {
    // As the web app does: a live message past a hole (one relayed by another server process
    // can be overtaken) means something is missing, so catch up.
    const gap = message.conversationId === conversationId && message.seq > lastSeq() + 1
    keep(message)
    if (gap) sync().catch(() => {})
  })
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  /** Fetches everything after the last message held (retrying while the server cannot answer). */
  async function sync(): Promise<void> {
    for (;;) {
      let page: Awaited<ReturnType<typeof emitSync>>
      try {
        page = await emitSync()
      } catch {
        await pause(100)
        continue
      }
      if (!page.ok) {
        if (page.error.status >= 500) {
          await pause(100)
          continue
        }
        throw new Error(page.error.message)
      }
      for (const m of page.data.messages) keep(m)
      if (!page.data.hasMore) return
    }
  }
  const emitSync = () => socket.timeout(3000).emitWithAck('conversation.sync', { conversationId, afterSeq: unbroken() })
  socket.io.on('reconnect', () => {
    stats.reconnects++
    sync().catch(() => {})
  })

  return {
    held,
    stats,
    sync,
    /** Sends once per clientId, however many tries the connection and the server need. */
    async send(body: string, clientId: string = randomUUID()): Promise<Message> {
      const started = Date.now()
      for (;;) {
        try {
          const result = await socket.timeout(options.ackTimeoutMs ?? 2000).emitWithAck('message.send', { conversationId, clientId, body })
          if (result.ok) {
            if (result.data.duplicate) stats.duplicatesAcked++
            keep(result.data.message)
            stats.slowestSendMs = Math.max(stats.slowestSendMs, Date.now() - started)
            return result.data.message
          }
          if (result.error.status < 500) throw new Error(`${result.error.code}: ${result.error.message}`)
          stats.serverErrors++
          if (!stats.serverErrorCodes.includes(result.error.code)) stats.serverErrorCodes.push(result.error.code)
          await pause(100)
        } catch (err) {
          // No answer in time, or the connection dropped first (socket.io-client fails pending
          // acknowledgements then): the message may or may not be stored, so send it again.
          if (String(err).includes('disconnected')) await pause(50)
          else if (String(err).includes('timed out')) stats.timeouts++
          else throw err
        }
      }
    },
    /** Messages held, in seq order. */
    ordered(): Message[] {
      return [...held.values()].sort((a, b) => a.seq - b.seq)
    },
  }
}
export type ReliableClient = ReturnType<typeof reliableClient>
