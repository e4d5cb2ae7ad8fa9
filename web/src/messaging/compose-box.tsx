import { useContext, useRef, useState } from 'preact/hooks'
import { type Attachment, MESSAGE_MAX_LENGTH } from '../../../shared/schemas/messaging.ts'
import { T } from '../i18n.tsx'
import { RealtimeContext } from '../realtime.ts'
import { AttachmentPicker, type Upload } from './attachment-picker.tsx'
import { outbox } from './outbox.ts'
import { emitWithAck } from './socket-ack.ts'

/** conversation.typing goes at most this often while someone types. */
const TYPING_EVERY_MS = 3000

/**
 * The send box: up to 4,000 characters with a counter, files attached first. A message goes to
 * the outbox, which sends it over the socket now or, when offline, after the reconnect.
 */
export function ComposeBox({ schoolId, conversationId }: { schoolId: string; conversationId: string }) {
  const socket = useContext(RealtimeContext)
  const [body, setBody] = useState('')
  const [uploads, setUploads] = useState<Upload[]>([])
  const lastTyping = useRef(0)

  const type = (value: string) => {
    setBody(value)
    const now = Date.now()
    if (socket && value !== '' && now - lastTyping.current >= TYPING_EVERY_MS) {
      lastTyping.current = now
      void emitWithAck(socket, 'conversation.typing', { conversationId })
    }
  }

  const uploading = uploads.some((u) => !u.attachment && !u.error)
  const attachments = uploads.flatMap((u): Attachment[] => (u.attachment ? [u.attachment] : []))
  const empty = body.trim() === '' && attachments.length === 0

  const send = (event: Event) => {
    event.preventDefault()
    if (empty || uploading) return
    outbox.add(conversationId, body, attachments)
    setBody('')
    setUploads([])
    lastTyping.current = 0
  }

  return (
    <form class="compose" onSubmit={send}>
      <label for="compose-text">
        <T k="web.messaging.thread.compose_label" />
      </label>
      <textarea
        id="compose-text"
        class="compose-text"
        rows={3}
        maxLength={MESSAGE_MAX_LENGTH}
        value={body}
        onInput={(e) => type(e.currentTarget.value)}
        aria-describedby="compose-counter"
      />
      <p id="compose-counter" class="counter">
        <T
          k="web.messaging.thread.counter"
          values={{ used: body.length.toLocaleString('en-GB'), max: MESSAGE_MAX_LENGTH.toLocaleString('en-GB') }}
        />
      </p>
      <AttachmentPicker
        uploadPath={`/api/schools/${schoolId}/conversations/${conversationId}/attachments`}
        uploads={uploads}
        onChange={setUploads}
      />
      <button type="submit" disabled={empty || uploading}>
        <T k="web.messaging.thread.send" />
      </button>
    </form>
  )
}
