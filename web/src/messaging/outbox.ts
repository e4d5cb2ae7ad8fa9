import { useEffect, useRef, useState } from 'preact/hooks'
import type { Attachment, Message, SentMessage } from '../../../shared/schemas/messaging.ts'
import type { RealtimeSocket } from '../realtime.ts'
import { emitWithAck } from './socket-ack.ts'

/** A message written but not yet acknowledged by the server. */
export interface OutboxItem {
  /** The client's own id: the server stores a resend with the same id once. */
  clientId: string
  conversationId: string
  body: string
  attachments: Attachment[]
  /** waiting: for a connection or its turn; failed: refused by the server (the reason is kept). */
  state: 'waiting' | 'sending' | 'failed'
  error?: string
  createdAt: string
}

type SentListener = (sent: SentMessage) => void

/**
 * The pending outbox of one person: messages go out over the socket one at a time, oldest
 * first, and stay here until the server acknowledges them. A message written offline, or whose
 * acknowledgement was lost when the connection dropped, is sent again after every reconnect;
 * the server dedupes by clientId, so a resend is never a second message. Kept in localStorage,
 * so a reload does not lose what was written.
 */
class Outbox {
  private items: OutboxItem[] = []
  private readonly listeners = new Set<() => void>()
  private readonly sentListeners = new Set<SentListener>()
  private socket: RealtimeSocket | null = null
  private key: string | null = null
  /** Bumped on every (re)connect and disconnect: a flush of an earlier connection stops. */
  private epoch = 0
  /** The epoch whose flush is running: one at a time per connection keeps the order. */
  private flushing = -1
  private retryTimer: ReturnType<typeof setTimeout> | undefined

  /** Starts sending over this socket for this person (and stops on the returned cleanup). */
  attach(socket: RealtimeSocket, userId: string): () => void {
    this.socket = socket
    this.key = `cyswllt.outbox.${userId}`
    this.items = this.restore()
    this.changed()
    const connected = () => {
      this.epoch++
      this.flush()
    }
    const dropped = () => {
      this.epoch++
      this.items = this.items.map((item) => (item.state === 'sending' ? { ...item, state: 'waiting' } : item))
      this.changed()
    }
    socket.on('connect', connected)
    socket.on('disconnect', dropped)
    if (socket.connected) this.flush()
    return () => {
      socket.off('connect', connected)
      socket.off('disconnect', dropped)
      clearTimeout(this.retryTimer)
      this.epoch++
      this.socket = null
      this.key = null
      this.items = []
      this.changed()
    }
  }

  /** Queues a message and sends it as soon as it can. */
  add(conversationId: string, body: string, attachments: Attachment[]): void {
    const clientId = crypto.randomUUID()
    this.items = [...this.items, { clientId, conversationId, body, attachments, state: 'waiting', createdAt: new Date().toISOString() }]
    this.changed()
    this.flush()
  }

  /** Puts a refused message back in the queue. */
  retry(clientId: string): void {
    this.items = this.items.map((item) => (item.clientId === clientId ? { ...item, state: 'waiting', error: undefined } : item))
    this.changed()
    this.flush()
  }

  discard(clientId: string): void {
    this.items = this.items.filter((item) => item.clientId !== clientId)
    this.changed()
  }

  /** How many messages are not yet acknowledged, across every conversation. */
  count(): number {
    return this.items.length
  }

  /**
   * Drops every unsent message, here and in localStorage: on sign-out, so a shared family phone
   * keeps nothing of the person who used it. The caller has told them how many would be lost.
   */
  forget(): void {
    const key = this.key
    // Nothing is written for this person again (a disconnect on sign-out would write "[]").
    this.key = null
    this.items = []
    clearTimeout(this.retryTimer)
    this.epoch++
    this.changed()
    if (key) {
      try {
        localStorage.removeItem(key)
      } catch {
        // Storage refused: nothing was kept there.
      }
    }
  }

  list(conversationId: string): OutboxItem[] {
    return this.items.filter((item) => item.conversationId === conversationId)
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Tells the listener about every message the server acknowledged. */
  onSent(listener: SentListener): () => void {
    this.sentListeners.add(listener)
    return () => this.sentListeners.delete(listener)
  }

  private async flush(): Promise<void> {
    const socket = this.socket
    const epoch = this.epoch
    if (!socket?.connected || this.flushing === epoch) return
    this.flushing = epoch
    await this.sendWaiting(socket, epoch)
  }

  /** Sends waiting messages one after another, oldest first, while this connection lasts. */
  private async sendWaiting(socket: RealtimeSocket, epoch: number): Promise<void> {
    // Cleared in the same turn as the last look at the queue, so a message added right after
    // starts a new flush instead of finding this one still marked running.
    const stop = () => {
      if (this.flushing === epoch) this.flushing = -1
    }
    for (;;) {
      const next = this.items.find((item) => item.state === 'waiting')
      if (!next || epoch !== this.epoch) return stop()
      this.setState(next.clientId, { state: 'sending' })
      const result = await emitWithAck(socket, 'message.send', {
        conversationId: next.conversationId,
        clientId: next.clientId,
        body: next.body,
        ...(next.attachments.length > 0 ? { attachmentIds: next.attachments.map((a) => a.id) } : {}),
      })
      if (result.ok) {
        this.items = this.items.filter((item) => item.clientId !== next.clientId)
        this.changed()
        for (const listener of this.sentListeners) listener(result.data)
        continue
      }
      const { status, message } = result.error
      // No answer, too many messages, or a server fault: keep it, and try again in a while (or
      // at once after a reconnect, which starts a new epoch).
      if (status === 0 || status === 429 || status >= 500) {
        if (epoch !== this.epoch) return stop()
        this.setState(next.clientId, { state: 'waiting' })
        clearTimeout(this.retryTimer)
        this.retryTimer = setTimeout(() => this.flush(), status === 429 ? 15_000 : 5_000)
        return stop()
      }
      this.setState(next.clientId, { state: 'failed', error: message })
    }
  }

  private setState(clientId: string, change: Partial<OutboxItem>): void {
    this.items = this.items.map((item) => (item.clientId === clientId ? { ...item, ...change } : item))
    this.changed()
  }

  private changed(): void {
    if (this.key) {
      try {
        localStorage.setItem(this.key, JSON.stringify(this.items))
      } catch {
        // Storage full or refused (private browsing): the outbox still works for this page.
      }
    }
    for (const listener of this.listeners) listener()
  }

  private restore(): OutboxItem[] {
    if (!this.key) return []
    try {
      const stored = JSON.parse(localStorage.getItem(this.key) ?? '[]') as OutboxItem[]
      return stored.map((item) => (item.state === 'sending' ? { ...item, state: 'waiting' } : item))
    } catch {
      return []
    }
  }
}

export const outbox = new Outbox()

/** The outbox's messages for one conversation, kept current. */
export function useOutbox(conversationId: string): OutboxItem[] {
  const [items, setItems] = useState(() => outbox.list(conversationId))
  useEffect(() => {
    setItems(outbox.list(conversationId))
    return outbox.subscribe(() => setItems(outbox.list(conversationId)))
  }, [conversationId])
  return items
}

/** How many messages are waiting in the outbox, kept current. */
export function useOutboxCount(): number {
  const [count, setCount] = useState(() => outbox.count())
  useEffect(() => {
    setCount(outbox.count())
    return outbox.subscribe(() => setCount(outbox.count()))
  }, [])
  return count
}

/** Runs the listener for each message of this person the server acknowledged. */
export function useSent(listener: (message: Message, sent: SentMessage) => void): void {
  const latest = useRef(listener)
  latest.current = listener
  useEffect(() => outbox.onSent((sent) => latest.current(sent.message, sent)), [])
}
