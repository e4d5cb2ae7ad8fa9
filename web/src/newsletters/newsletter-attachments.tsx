import { useState } from 'preact/hooks'
import type { NewsletterAttachment } from '../../../shared/schemas/newsletters.ts'
import { api, upload } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert, useActionLabel } from '../ui.tsx'
import { newslettersApi } from './newsletter-model.ts'

interface Props {
  schoolId: string
  /** Null until the draft is first saved. */
  newsletterId: string | null
  attachments: NewsletterAttachment[]
  onChange: (attachments: NewsletterAttachment[]) => void
  /** Saves the draft when it has no id yet (files belong to a saved newsletter), and gives its id. */
  ensureSaved: () => Promise<string | null>
  /** Puts an image into both bodies as Markdown. */
  onInsertImage: (markdown: string) => void
  disabled?: boolean
}

const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,application/pdf'

/** Files sent with the newsletter (images and PDFs): upload with progress, remove, put an image in the text. */
export function NewsletterAttachments({
  schoolId,
  newsletterId: savedId,
  attachments,
  onChange,
  ensureSaved,
  onInsertImage,
  disabled,
}: Props) {
  const actionLabel = useActionLabel()
  const [inputKey, setInputKey] = useState(0)
  const [uploading, setUploading] = useState<{ fileName: string; progress: number } | null>(null)
  const [error, setError] = useState<unknown>(null)

  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0]
    // A fresh input each time, so choosing the same file again still fires.
    setInputKey((k) => k + 1)
    if (!file) return
    setError(null)
    const newsletterId = await ensureSaved()
    if (!newsletterId) return
    setUploading({ fileName: file.name, progress: 0 })
    try {
      const added = await upload<NewsletterAttachment>(`${newslettersApi(schoolId)}/${newsletterId}/attachments`, file, (progress) =>
        setUploading({ fileName: file.name, progress }),
      )
      onChange([...attachments, added])
    } catch (err) {
      setError(err)
    } finally {
      setUploading(null)
    }
  }

  const remove = async (attachment: NewsletterAttachment) => {
    setError(null)
    const newsletterId = savedId ?? (await ensureSaved())
    if (!newsletterId) return
    try {
      await api.delete(`${newslettersApi(schoolId)}/${newsletterId}/attachments/${attachment.id}`)
      onChange(attachments.filter((a) => a.id !== attachment.id))
    } catch (err) {
      setError(err)
    }
  }

  const insert = async (attachment: NewsletterAttachment) => {
    const newsletterId = savedId ?? (await ensureSaved())
    if (newsletterId) onInsertImage(`![${attachment.fileName.replace(/[[\]]/g, '')}](/newsletters/${newsletterId}/files/${attachment.id})`)
  }

  return (
    <section class="field" aria-labelledby="newsletter-files-heading">
      <h2 id="newsletter-files-heading">
        <T k="web.newsletters.files.title" />
      </h2>
      <p class="muted">
        <T k="web.newsletters.files.help" />
      </p>
      {attachments.length > 0 ? (
        <ul class="uploads">
          {attachments.map((a) => (
            <li key={a.id}>
              <span class="upload-name">
                {a.fileName} ({Math.ceil(a.size / 1024)} KB)
              </span>
              {a.contentType.startsWith('image/') && !disabled ? (
                <button type="button" class="link-button" onClick={() => insert(a)}>
                  <T k="web.newsletters.files.insert" />
                </button>
              ) : null}
              {disabled ? null : (
                <button
                  aria-label={actionLabel('web.newsletters.files.remove', a.fileName)}
                  type="button"
                  class="link-button"
                  onClick={() => remove(a)}
                >
                  <T k="web.newsletters.files.remove" />
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {uploading ? (
        <p>
          <label>
            <T k="web.newsletters.files.uploading" values={{ name: uploading.fileName }} />
            <progress max={1} value={uploading.progress} />
          </label>
        </p>
      ) : null}
      <Alert error={error} />
      {disabled ? null : (
        <label class="file-button">
          <T k="web.newsletters.files.add" />
          <input key={inputKey} type="file" class="visually-hidden" accept={ACCEPT} onChange={choose} disabled={!!uploading} />
        </label>
      )}
    </section>
  )
}
