import { useContext, useEffect, useRef, useState } from 'preact/hooks'
import type { Away, Conversation, Message, MessagePage } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { RealtimeContext, useRealtimeConnected, useRealtimeEvent } from '../realtime.ts'
import { reportDelivered } from './messaging-client.ts'
import { useSent } from './outbox.ts'
import { emitWithAck } from './socket-ack.ts'
import { highestSeq, mergeMessages, unbrokenSeq, withReceipt } from './thread-messages.ts'

const PAGE_SIZE = 50
/** How long "X is typing" stays after the last typing event. */
const TYPING_SHOWN_MS = 5000

/**
 * One conversation as this device holds it: the conversation, its messages merged by seq, and
 * who is typing. On every (re)connect it asks for what came after the highest seq it holds
 * (conversation.sync) and refetches the conversation (receipts, closing, office hours), so a
 * dropped connection leaves no gap; messages are merged by seq, so nothing shows twice.
 */
export function useThread(schoolId: string, conversationId: string, me: string) {
  const socket = useContext(RealtimeContext)
  const connected = useRealtimeConnected(socket)
  const base = `/api/schools/${schoolId}/conversations/${conversationId}`
  const [conversation, setConversation] = useState<Conversation | null>(null)
  const [messages, setMessages] = useState<Message[]>([])
  const [hasEarlier, setHasEarlier] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [typing, setTyping] = useState<{ userId: string; name: string } | null>(null)
  /** The messages held, read synchronously by sync (state lags a render behind). */
  const held = useRef<Message[]>([])
  const loaded = useRef(false)
  /** A sync is running; again: another was asked for meanwhile (it runs right after). */
  const syncing = useRef({ running: false, again: false })
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  const merge = (incoming: Message[]) => {
    held.current = mergeMessages(held.current, incoming)
    setMessages(held.current)
  }

  const refetchConversation = async () => {
    try {
      setConversation(await api.get<Conversation>(base))
    } catch (err) {
      setError(err)
    }
  }

  /** Fetches everything after the first gap (or the highest seq held), 200 at a time, until nothing is missing. */
  const sync = async () => {
    if (!socket || !loaded.current) return
    if (syncing.current.running) {
      syncing.current.again = true
      return
    }
    syncing.current.running = true
    do {
      syncing.current.again = false
      for (;;) {
        const result = await emitWithAck(socket, 'conversation.sync', { conversationId, afterSeq: unbrokenSeq(held.current) })
        if (!result.ok) break
        merge(result.data.messages)
        const fromOthers = result.data.messages.filter((m) => m.authorId !== me)
        if (fromOthers.length > 0) reportDelivered(socket, conversationId, highestSeq(fromOthers))
        if (!result.data.hasMore) break
      }
    } while (syncing.current.again)
    syncing.current.running = false
  }

  useEffect(() => {
    held.current = []
    loaded.current = false
    setMessages([])
    setConversation(null)
    setError(null)
    setTyping(null)
    let stopped = false
    Promise.all([api.get<Conversation>(base), api.get<MessagePage>(`${base}/messages?limit=${PAGE_SIZE}`)]).then(
      ([found, page]) => {
        if (stopped) return
        setConversation(found)
        merge(page.messages)
        setHasEarlier(page.hasMore)
        loaded.current = true
        // Something may have arrived between the page and the socket listening: ask for it.
        sync()
      },
      (err: unknown) => {
        if (!stopped) setError(err)
      },
    )
    return () => {
      stopped = true
      clearTimeout(typingTimer.current)
    }
  }, [base])

  // Every (re)connect: what was missed, and the conversation's state now.
  useEffect(() => {
    if (!connected || !loaded.current) return
    sync()
    refetchConversation()
  }, [connected])

  useRealtimeEvent('message.created', ({ message }) => {
    if (message.conversationId !== conversationId) return
    const gap = loaded.current && message.seq > highestSeq(held.current) + 1
    merge([message])
    if (typing?.userId === message.authorId) setTyping(null)
    if (gap) sync()
  })
  useRealtimeEvent('message.edited', ({ message }) => {
    if (message.conversationId === conversationId) merge([message])
  })
  useRealtimeEvent('conversation.receipt', (receipt) => {
    if (receipt.conversationId !== conversationId) return
    setConversation((c) => c && { ...c, participants: withReceipt(c.participants, receipt) })
  })
  useRealtimeEvent('conversation.typing', (who) => {
    if (who.conversationId !== conversationId || who.userId === me) return
    setTyping({ userId: who.userId, name: who.name })
    clearTimeout(typingTimer.current)
    typingTimer.current = setTimeout(() => setTyping(null), TYPING_SHOWN_MS)
  })
  useRealtimeEvent('conversation.updated', ({ conversationId: changed }) => {
    if (changed === conversationId) refetchConversation()
  })
  // The outbox's acknowledgement: the stored message, and whether the staff member is away now.
  useSent((message, sent) => {
    if (message.conversationId !== conversationId) return
    merge([message])
    setAway(sent.away)
  })
  const setAway = (away: Away) => setConversation((c) => c && (c.kind === 'direct' ? { ...c, away } : c))

  const loadEarlier = async () => {
    const first = held.current[0]
    if (!first) return
    try {
      const page = await api.get<MessagePage>(`${base}/messages?before=${first.seq}&limit=${PAGE_SIZE}`)
      merge(page.messages)
      setHasEarlier(page.hasMore)
    } catch (err) {
      setError(err)
    }
  }

  const edit = async (messageId: string, body: string) => {
    merge([await api.patch<Message>(`${base}/messages/${messageId}`, { body })])
  }

  return { conversation, setConversation, messages, hasEarlier, error, typing, loadEarlier, edit, connected }
}
