import { useState } from 'preact/hooks'
import { EDIT_WINDOW_MS, MESSAGE_MAX_LENGTH, type Message } from '../../../shared/schemas/messaging.ts'
import { T } from '../i18n.tsx'
import { Alert, DateTime } from '../ui.tsx'
import { ReportMessage } from './report-message.tsx'
import type { MessageStatus } from './thread-messages.ts'

interface Props {
  message: Message
  mine: boolean
  /** For the author's own messages: sent, delivered or read. */
  status: MessageStatus | null
  schoolId: string
  onEdit: (messageId: string, body: string) => Promise<void>
  /** Offered to families under a staff member's announcement. */
  onReplyPrivately: ((authorId: string) => void) | null
}

/** The text of a message: always a text node (Preact escapes it), never parsed as HTML. */
function Body({ text }: { text: string }) {
  return text ? <p class="message-body">{text}</p> : null
}

export function MessageItem({ message, mine, status, schoolId, onEdit, onReplyPrivately }: Props) {
  const [editing, setEditing] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const editable = mine && Date.now() - Date.parse(message.createdAt) < EDIT_WINDOW_MS

  const save = async (event: Event) => {
    event.preventDefault()
    if (editing === null) return
    setBusy(true)
    setError(null)
    try {
      await onEdit(message.id, editing)
      setEditing(null)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <li class={mine ? 'message mine' : 'message'} data-seq={message.seq}>
      <span class="message-author">{mine ? <T k="web.messaging.you" /> : message.authorName}</span>
      {editing === null ? (
        <Body text={message.body} />
      ) : (
        <form class="message-edit" onSubmit={save}>
          <label for={`edit-${message.id}`} class="visually-hidden">
            <T k="web.messaging.thread.edit_label" />
          </label>
          <textarea
            id={`edit-${message.id}`}
            class="compose-text"
            rows={3}
            maxLength={MESSAGE_MAX_LENGTH}
            value={editing}
            onInput={(e) => setEditing(e.currentTarget.value)}
          />
          <div class="actions">
            <button type="submit" disabled={busy || editing.trim() === ''}>
              <T k="web.messaging.thread.save" />
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(null)}>
              <T k="web.messaging.cancel" />
            </button>
          </div>
        </form>
      )}
      {message.attachments.length > 0 ? (
        <ul class="message-files">
          {message.attachments.map((file) => (
            <li key={file.id}>
              <a href={`/api/schools/${schoolId}/attachments/${file.id}`} target="_blank" rel="noopener">
                {file.fileName}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <span class="message-meta">
        <DateTime iso={message.createdAt} />
        {message.editedAt ? (
          <span class="message-edited">
            {' · '}
            <T k="web.messaging.thread.edited" />
          </span>
        ) : null}
        {status ? (
          <span class="message-status" data-status={status}>
            {' · '}
            <T k={`web.messaging.thread.status.${status}`} />
          </span>
        ) : null}
      </span>
      <Alert error={error} />
      {editable && editing === null ? (
        <button type="button" class="link-button" onClick={() => setEditing(message.body)}>
          <T k="web.messaging.thread.edit" />
        </button>
      ) : null}
      {mine ? null : <ReportMessage schoolId={schoolId} message={message} />}
      {onReplyPrivately ? (
        <button type="button" class="secondary" onClick={() => onReplyPrivately(message.authorId)}>
          <T k="web.messaging.thread.reply_privately" values={{ name: message.authorName }} />
        </button>
      ) : null}
    </li>
  )
}
