import { useEffect, useState } from 'preact/hooks'
import type { Message, MessagePage } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert, DateTime, formatDateTime } from '../ui.tsx'
import { mergeMessages } from './thread-messages.ts'

/** An earlier body of an edited message, and when it was replaced. */
interface Edit {
  messageId: string
  previousBody: string
  editedAt: string
}
type LeadConversation = MessagePage & { edits: Edit[] }

interface Props {
  schoolId: string
  conversationId: string
  /** The reported message, marked in the conversation. */
  reportedMessageId: string
}

/**
 * The whole conversation for the designated safeguarding lead
 * (GET safeguarding/conversations/:id), with the earlier text of every edited message. The
 * server records each read in the audit log; the page says so. Text only, never HTML.
 */
export function LeadConversationView({ schoolId, conversationId, reportedMessageId }: Props) {
  const [messages, setMessages] = useState<Message[] | null>(null)
  const [edits, setEdits] = useState<Edit[]>([])
  const [hasEarlier, setHasEarlier] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const path = `/api/schools/${schoolId}/safeguarding/conversations/${conversationId}`

  const load = async (before?: number) => {
    setError(null)
    try {
      const page = await api.get<LeadConversation>(before ? `${path}?before=${before}` : path)
      setMessages((held) => mergeMessages(held ?? [], page.messages))
      setEdits((held) => [
        ...held,
        ...page.edits.filter((e) => !held.some((h) => h.messageId === e.messageId && h.editedAt === e.editedAt)),
      ])
      setHasEarlier(page.hasMore)
    } catch (err) {
      setError(err)
    }
  }
  useEffect(() => {
    load()
  }, [path])

  return (
    <section class="lead-conversation" aria-labelledby={`conversation-${conversationId}`}>
      <h3 id={`conversation-${conversationId}`}>
        <T k="web.safeguarding.conversation_heading" />
      </h3>
      <Alert error={error} />
      {messages === null && !error ? (
        <p aria-busy="true">
          <T k="web.loading" />
        </p>
      ) : null}
      {hasEarlier && messages?.[0] ? (
        <button type="button" class="secondary" onClick={() => load(messages[0]?.seq)}>
          <T k="web.messaging.thread.load_earlier" />
        </button>
      ) : null}
      <ol class="thread">
        {(messages ?? []).map((message) => (
          <li key={message.seq} class={message.id === reportedMessageId ? 'message reported' : 'message'} data-seq={message.seq}>
            {message.id === reportedMessageId ? (
              <strong class="reported-flag">
                <T k="web.safeguarding.reported_message" />
              </strong>
            ) : null}
            <span class="message-author">{message.authorName}</span>
            {message.body ? <p class="message-body">{message.body}</p> : null}
            {message.attachments.map((file) => (
              <a key={file.id} class="message-file" href={`/api/schools/${schoolId}/attachments/${file.id}`} target="_blank" rel="noopener">
                {file.fileName}
              </a>
            ))}
            {edits
              .filter((edit) => edit.messageId === message.id)
              .map((edit) => (
                <div key={edit.editedAt} class="earlier-version">
                  <span class="message-meta">
                    <T k="web.safeguarding.earlier_version" values={(lng) => ({ time: formatDateTime(edit.editedAt, lng) })} />
                  </span>
                  <p class="message-body">{edit.previousBody}</p>
                </div>
              ))}
            <span class="message-meta">
              <DateTime iso={message.createdAt} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  )
}
