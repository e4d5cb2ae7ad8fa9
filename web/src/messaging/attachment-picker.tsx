import { useState } from 'preact/hooks'
import { ATTACHMENT_TYPES, type Attachment } from '../../../shared/schemas/messaging.ts'
import { upload } from '../api.ts'
import { T, useText } from '../i18n.tsx'
import { Alert } from '../ui.tsx'

/** A file on its way up (progress 0 to 1), uploaded (attachment), or refused (error). */
export interface Upload {
  key: string
  fileName: string
  progress: number
  attachment: Attachment | null
  error: unknown
}

interface Props {
  uploadPath: string
  uploads: Upload[]
  onChange: (change: (uploads: Upload[]) => Upload[]) => void
}

/**
 * Attach files to the next message: each is uploaded at once (multipart, field "file") with a
 * progress bar, and the message is sent with the ids the server gave (attachmentIds).
 */
export function AttachmentPicker({ uploadPath, uploads, onChange }: Props) {
  const text = useText()
  const [inputKey, setInputKey] = useState(0)
  const set = (key: string, change: Partial<Upload>) => onChange((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)))

  const choose = (event: Event) => {
    const files = [...((event.currentTarget as HTMLInputElement).files ?? [])]
    // A fresh input each time, so choosing the same file again still fires.
    setInputKey((k) => k + 1)
    for (const file of files) {
      const key = crypto.randomUUID()
      onChange((list) => [...list, { key, fileName: file.name, progress: 0, attachment: null, error: null }])
      upload<Attachment>(uploadPath, file, (progress) => set(key, { progress })).then(
        (attachment) => set(key, { attachment, progress: 1 }),
        (error: unknown) => set(key, { error }),
      )
    }
  }

  return (
    <div class="attachments">
      <label class="file-button">
        <T k="web.messaging.thread.attach" />
        <input key={inputKey} type="file" class="visually-hidden" accept={ATTACHMENT_TYPES.join(',')} onChange={choose} />
      </label>
      {uploads.length > 0 ? (
        <ul class="uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              <span class="upload-name">{u.fileName}</span>
              {u.attachment || u.error ? null : (
                <progress max={1} value={u.progress} aria-label={text('web.messaging.thread.uploading', { name: u.fileName })} />
              )}
              <Alert error={u.error} />
              <button
                type="button"
                class="link-button"
                onClick={() => onChange((list) => list.filter((x) => x.key !== u.key))}
                aria-label={text('web.messaging.thread.remove_attachment', { name: u.fileName })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
