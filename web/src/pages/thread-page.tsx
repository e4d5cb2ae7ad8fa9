import { useContext, useEffect, useRef, useState } from 'preact/hooks'
import type { Conversation } from '../../../shared/schemas/messaging.ts'
import { api, type Me } from '../api.ts'
import { T } from '../i18n.tsx'
import { CloseConversation } from '../messaging/close-conversation.tsx'
import { ComposeBox } from '../messaging/compose-box.tsx'
import { ConnectionStatus } from '../messaging/connection-status.tsx'
import { ConversationName } from '../messaging/conversation-name.tsx'
import { useMarkRead } from '../messaging/mark-read.ts'
import { MessageItem } from '../messaging/message-item.tsx'
import { outbox, useOutbox } from '../messaging/outbox.ts'
import { statusOf } from '../messaging/thread-messages.ts'
import { useThread } from '../messaging/use-thread.ts'
import { RealtimeContext } from '../realtime.ts'
import { Link, navigate } from '../router.tsx'
import { Alert, formatDateTime } from '../ui.tsx'

/** One conversation: history with "show earlier", live messages, receipts, typing, the send box. */
export function ThreadPage({ me, schoolId, conversationId }: { me: Me; schoolId: string; conversationId: string }) {
  const socket = useContext(RealtimeContext)
  const thread = useThread(schoolId, conversationId, me.id)
  const { conversation, messages } = thread
  const pending = useOutbox(conversationId).filter((item) => !messages.some((m) => m.clientId === item.clientId))
  const [error, setError] = useState<unknown>(null)
  useMarkRead(socket, thread.connected, conversation, messages, me.id)

  // A new message at the end (not an earlier page at the top) brings the newest into view.
  const list = useRef<HTMLOListElement>(null)
  const newest = `${messages.at(-1)?.seq ?? 0}:${pending.length}`
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' })
  }, [newest])

  const side = conversation?.participants.find((p) => p.userId === me.id)?.side
  const isFamily = side === 'family'
  const replyPrivately = async (authorId: string) => {
    setError(null)
    try {
      const direct = await api.post<Conversation>(`/api/schools/${schoolId}/conversations`, { kind: 'direct', userId: authorId })
      navigate(`/messages/${direct.id}`)
    } catch (err) {
      setError(err)
    }
  }

  return (
    <>
      <p>
        <Link href="/messages">
          <T k="web.messaging.back" />
        </Link>
      </p>
      <h1 id="thread-heading">
        {conversation ? <ConversationName conversation={conversation} me={me.id} /> : <T k="web.messaging.title" />}
      </h1>
      <ConnectionStatus />
      <Alert error={thread.error ?? error} />
      {conversation?.away ? (
        <p class="notice-box away">
          <T
            k="web.messaging.thread.away"
            values={(lng) => ({ name: conversation.away?.name, time: formatDateTime(conversation.away?.replyFrom ?? '', lng) })}
          />
        </p>
      ) : null}
      {thread.hasEarlier ? (
        <button type="button" class="secondary" onClick={thread.loadEarlier}>
          <T k="web.messaging.thread.load_earlier" />
        </button>
      ) : null}
      {conversation === null && !thread.error ? (
        <p aria-busy="true">
          <T k="web.loading" />
        </p>
      ) : null}
      {conversation && messages.length === 0 && pending.length === 0 ? (
        <p>
          <T k="web.messaging.no_messages_yet" />
        </p>
      ) : null}
      <ol class="thread" aria-labelledby="thread-heading" ref={list}>
        {messages.map((message) => {
          const mine = message.authorId === me.id
          return (
            <MessageItem
              key={message.seq}
              message={message}
              mine={mine}
              status={mine && conversation ? statusOf(message, conversation.participants, me.id) : null}
              schoolId={schoolId}
              onEdit={thread.edit}
              onReplyPrivately={conversation?.kind === 'announcement' && isFamily && !mine ? replyPrivately : null}
            />
          )
        })}
        {pending.map((item) => (
          <li key={item.clientId} class="message mine pending" data-client-id={item.clientId}>
            <span class="message-author">
              <T k="web.messaging.you" />
            </span>
            {item.body ? <p class="message-body">{item.body}</p> : null}
            <span class="message-meta">
              <span class="message-status" data-status={item.state}>
                <T k={`web.messaging.thread.status.${item.state === 'waiting' && thread.connected ? 'sending' : item.state}`} />
              </span>
            </span>
            {item.state === 'failed' ? (
              <>
                {item.error ? <p class="alert">{item.error}</p> : null}
                <div class="actions">
                  <button type="button" class="secondary" onClick={() => outbox.retry(item.clientId)}>
                    <T k="web.messaging.thread.retry" />
                  </button>
                  <button type="button" class="secondary" onClick={() => outbox.discard(item.clientId)}>
                    <T k="web.messaging.thread.discard" />
                  </button>
                </div>
              </>
            ) : null}
          </li>
        ))}
      </ol>
      <p class="typing" aria-live="polite">
        {thread.typing ? <T k="web.messaging.thread.typing" values={{ name: thread.typing.name }} /> : null}
      </p>
      {conversation?.closedAt ? (
        <p class="notice-box">
          <T k="web.messaging.thread.closed" />
        </p>
      ) : conversation?.kind === 'announcement' && !conversation.canPost ? (
        <p class="notice-box">
          <T k="web.messaging.thread.announcement_note" />
        </p>
      ) : null}
      {conversation?.canPost && !conversation.closedAt ? <ComposeBox schoolId={schoolId} conversationId={conversationId} /> : null}
      {conversation && !conversation.closedAt && (side === 'staff' || me.roles.includes('admin')) ? (
        <CloseConversation schoolId={schoolId} conversationId={conversationId} onClosed={thread.setConversation} />
      ) : null}
    </>
  )
}
