import { useContext, useEffect, useRef, useState } from 'preact/hooks'
import type { Conversation, ConversationList, Message } from '../../../shared/schemas/messaging.ts'
import { api, type Me } from '../api.ts'
import { T, useLanguage } from '../i18n.tsx'
import { AnnouncementForm } from '../messaging/announcement-form.tsx'
import { ConnectionStatus } from '../messaging/connection-status.tsx'
import { ConversationName } from '../messaging/conversation-name.tsx'
import { MessageSearch } from '../messaging/message-search.tsx'
import { NewConversation } from '../messaging/new-conversation.tsx'
import { NewGroup } from '../messaging/new-group.tsx'
import { RealtimeContext, useRealtimeEvent } from '../realtime.ts'
import { Link } from '../router.tsx'
import { Alert, DateTime } from '../ui.tsx'

/** Most recent first, by the last message (or, for one without messages, never above those with). */
function byRecent(a: Conversation, b: Conversation): number {
  return (b.lastMessage?.createdAt ?? '').localeCompare(a.lastMessage?.createdAt ?? '')
}

function Preview({ message, me }: { message: Message | null; me: string }) {
  const { i18n } = useLanguage()
  if (!message) return <T k="web.messaging.no_messages_yet" />
  return (
    <T
      k="web.messaging.preview"
      values={(lng) => ({
        name: message.authorId === me ? i18n.t('web.messaging.you', { lng }) : message.authorName,
        // A message of attachments only has no text.
        body: message.body || i18n.t('web.messaging.file', { lng }),
      })}
    />
  )
}

/** The conversation list: most recent first, unread counts, kept live by the socket. */
export function MessagesPage({ me, schoolId }: { me: Me; schoolId: string }) {
  const [conversations, setConversations] = useState<Conversation[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [panel, setPanel] = useState<'none' | 'contacts' | 'group' | 'announce'>('none')
  const isStaff = me.roles.some((role) => role !== 'parent')
  const base = `/api/schools/${schoolId}/conversations`
  /** Bumped by each live change, so a list fetched before it does not undo it. */
  const version = useRef(0)

  const load = async () => {
    const asked = version.current
    try {
      const list = await api.get<ConversationList>(base)
      if (asked === version.current) setConversations(list.conversations.sort(byRecent))
      setError(null)
    } catch (err) {
      setError(err)
    }
  }
  const upsert = (change: (list: Conversation[]) => Conversation[]) => {
    version.current++
    setConversations((list) => (list ? change(list).sort(byRecent) : list))
  }
  const refetch = async (conversationId: string) => {
    try {
      const conversation = await api.get<Conversation>(`${base}/${conversationId}`)
      upsert((list) => [conversation, ...list.filter((c) => c.id !== conversationId)])
    } catch {
      // Gone or no longer ours: the next full load tells.
      load()
    }
  }

  useEffect(() => {
    load()
  }, [schoolId])
  useRealtimeEvent('message.created', ({ message }) => {
    const known = conversations?.some((c) => c.id === message.conversationId)
    if (!known) {
      refetch(message.conversationId)
      return
    }
    upsert((list) =>
      list.map((c) =>
        c.id === message.conversationId && message.seq > c.lastSeq
          ? { ...c, lastSeq: message.seq, lastMessage: message, unread: message.authorId === me.id ? c.unread : c.unread + 1 }
          : c,
      ),
    )
  })
  useRealtimeEvent('message.edited', ({ message }) =>
    upsert((list) => list.map((c) => (c.lastMessage?.id === message.id ? { ...c, lastMessage: message } : c))),
  )
  useRealtimeEvent('conversation.receipt', (receipt) => {
    if (receipt.userId !== me.id) return
    upsert((list) =>
      list.map((c) => (c.id === receipt.conversationId ? { ...c, unread: Math.max(0, c.lastSeq - receipt.lastReadSeq) } : c)),
    )
  })
  useRealtimeEvent('conversation.updated', ({ conversationId }) => refetch(conversationId))
  // After a reconnect, whatever happened meanwhile: the whole list again.
  const socket = useContext(RealtimeContext)
  useEffect(() => {
    if (!socket) return
    const reconnected = () => load()
    socket.on('connect', reconnected)
    return () => {
      socket.off('connect', reconnected)
    }
  }, [socket])

  return (
    <>
      <h1 id="conversations-heading">
        <T k="web.messaging.title" />
      </h1>
      <ConnectionStatus />
      <div class="actions">
        <button type="button" onClick={() => setPanel(panel === 'contacts' ? 'none' : 'contacts')} aria-expanded={panel === 'contacts'}>
          <T k="web.messaging.new_conversation" />
        </button>
        {isStaff ? (
          <button
            type="button"
            class="secondary"
            onClick={() => setPanel(panel === 'group' ? 'none' : 'group')}
            aria-expanded={panel === 'group'}
          >
            <T k="web.messaging.group.open" />
          </button>
        ) : null}
        {isStaff ? (
          <button
            type="button"
            class="secondary"
            onClick={() => setPanel(panel === 'announce' ? 'none' : 'announce')}
            aria-expanded={panel === 'announce'}
          >
            <T k="web.messaging.announce.open" />
          </button>
        ) : null}
      </div>
      {panel === 'contacts' ? <NewConversation schoolId={schoolId} onCancel={() => setPanel('none')} /> : null}
      {panel === 'group' ? <NewGroup schoolId={schoolId} onCancel={() => setPanel('none')} /> : null}
      {panel === 'announce' ? <AnnouncementForm schoolId={schoolId} onCancel={() => setPanel('none')} /> : null}
      <MessageSearch schoolId={schoolId} me={me.id} conversations={conversations} />
      <Alert error={error} />
      {conversations === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : conversations.length === 0 ? (
        <p>
          <T k="web.messaging.empty" />
        </p>
      ) : (
        <ul class="conversations" aria-labelledby="conversations-heading">
          {conversations.map((conversation) => (
            <li key={conversation.id} class={conversation.unread > 0 ? 'conversation unread' : 'conversation'} data-id={conversation.id}>
              <Link href={`/messages/${conversation.id}`} class="conversation-link">
                <span class="conversation-name">
                  <ConversationName conversation={conversation} me={me.id} />
                </span>
                {conversation.unread > 0 ? (
                  <span class="conversation-unread">
                    <T k="web.messaging.unread_count" values={{ count: conversation.unread }} />
                  </span>
                ) : null}
                <span class="conversation-preview">
                  <Preview message={conversation.lastMessage} me={me.id} />
                </span>
                {conversation.lastMessage ? (
                  <span class="conversation-time">
                    <DateTime iso={conversation.lastMessage.createdAt} />
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
