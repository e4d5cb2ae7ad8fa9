import { useState } from 'preact/hooks'
import type { Newsletter, NewsletterProgress } from '../../../shared/schemas/newsletters.ts'
import { api, type Me } from '../api.ts'
import { T } from '../i18n.tsx'
import { AudiencePicker } from '../newsletters/audience-picker.tsx'
import { NewsletterAttachments } from '../newsletters/newsletter-attachments.tsx'
import { NewsletterFields } from '../newsletters/newsletter-fields.tsx'
import { isEditable, mayAddressAll, newslettersApi } from '../newsletters/newsletter-model.ts'
import { NewsletterPreview } from '../newsletters/newsletter-preview.tsx'
import { SendControls } from '../newsletters/send-controls.tsx'
import { SendProgress, useNewsletterProgress } from '../newsletters/send-progress.tsx'
import { useNewsletterDraft } from '../newsletters/use-newsletter-draft.ts'
import { Link } from '../router.tsx'
import { Alert } from '../ui.tsx'

/** A scheduled send this close is as good as started. */
const DUE_SLACK_MS = 5000

interface Props {
  me: Me
  schoolId: string
  /** null for a new newsletter. */
  newsletterId: string | null
}

/**
 * Writing a newsletter: both languages side by side, category, audience with its live count,
 * files; then save, preview, test, send now or schedule; then the send's progress, live.
 */
export function NewsletterComposePage({ me, schoolId, newsletterId }: Props) {
  const addressAll = mayAddressAll(me.roles)
  const draft = useNewsletterDraft(schoolId, newsletterId, addressAll ? 'school' : 'classes')
  const { newsletter, fields, choice } = draft
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  /** A catalog key telling what the last action did. */
  const [done, setDone] = useState<string | null>(null)
  const [preview, setPreview] = useState(0)
  const base = newslettersApi(schoolId)
  /** Sent now (or its time has come): the send job starts any moment, so it is watched, not edited. */
  const [sentNow, setSentNow] = useState<string | null>(null)
  const due =
    newsletter?.status === 'scheduled' &&
    (sentNow === newsletter.id || Date.parse(newsletter.scheduledFor ?? '') <= Date.now() + DUE_SLACK_MS)
  const editable = (!newsletter || isEditable(newsletter.status)) && !due

  /** Runs one action: one at a time, its error shown, its outcome announced. */
  const run = async (action: () => Promise<string | null>) => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      setDone(await action())
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const saveDraft = (event: Event) => {
    event.preventDefault()
    run(async () => {
      await draft.save()
      return 'web.newsletters.compose.saved'
    })
  }
  const showPreview = () =>
    run(async () => {
      await draft.ensureSaved()
      setPreview((v) => v + 1)
      return null
    })
  const sendTest = () =>
    run(async () => {
      const id = await draft.ensureSaved()
      await api.post(`${base}/${id}/test`)
      return 'web.newsletters.send.test_sent'
    })
  const send = (at: string | null) =>
    run(async () => {
      const id = await draft.ensureSaved()
      draft.setNewsletter(await api.post<Newsletter>(`${base}/${id}/send`, at ? { at } : {}))
      setSentNow(at ? null : id)
      return at ? 'web.newsletters.send.scheduled' : 'web.newsletters.send.started'
    })
  const cancel = () =>
    run(async () => {
      if (!newsletter) return null
      draft.setNewsletter(await api.post<Newsletter>(`${base}/${newsletter.id}/cancel`))
      return 'web.newsletters.send.cancelled'
    })
  const followProgress = (progress: NewsletterProgress) =>
    draft.setNewsletter((n) => (n && n.id === progress.newsletterId ? { ...n, status: progress.status, progress } : n))
  useNewsletterProgress(newsletter?.id ?? null, followProgress)
  const ensureSavedForFiles = async () => {
    try {
      return await draft.ensureSaved()
    } catch (err) {
      setError(err)
      return null
    }
  }
  const insertImage = (markdown: string) =>
    draft.change({ bodyCy: `${fields.bodyCy}\n\n${markdown}\n`, bodyEn: `${fields.bodyEn}\n\n${markdown}\n` })

  if (draft.loadError) return <Alert error={draft.loadError} />
  if (draft.loading) {
    return (
      <p aria-busy="true">
        <T k="web.loading" />
      </p>
    )
  }
  const started = newsletter && (newsletter.status === 'sending' || newsletter.status === 'sent' || due)

  return (
    <div class="newsletter-compose">
      <p>
        <Link href="/newsletters">
          <T k="web.newsletters.back" />
        </Link>
      </p>
      <h1>
        <T k={newsletter ? 'web.newsletters.compose.edit_title' : 'web.newsletters.compose.new_title'} />
      </h1>
      {newsletter ? (
        <p class="status-line">
          <span class={`status-badge status-${newsletter.status}`} data-status={newsletter.status}>
            <T k={`web.newsletters.status.${newsletter.status}`} />
          </span>
          {editable && draft.dirty ? (
            <span class="muted">
              {' '}
              <T k="web.newsletters.compose.unsaved" />
            </span>
          ) : null}
        </p>
      ) : null}
      {started && newsletter ? (
        <>
          <SendProgress schoolId={schoolId} progress={newsletter.progress} starting={due} onProgress={followProgress} />
          <p class="actions">
            <a class="button-link" href={`/newsletters/${newsletter.id}`}>
              <T k="web.newsletters.read" />
            </a>
            <Link href={`/newsletters/${newsletter.id}/reach`} class="button-link secondary">
              <T k="web.newsletters.reach.open" />
            </Link>
          </p>
        </>
      ) : null}
      <form onSubmit={saveDraft} aria-labelledby="compose-form-heading">
        <h2 id="compose-form-heading" class="visually-hidden">
          <T k="web.newsletters.compose.form_label" />
        </h2>
        <fieldset class="plain" disabled={!editable}>
          <NewsletterFields fields={fields} onChange={draft.change} />
          <AudiencePicker schoolId={schoolId} choice={choice} onChange={draft.setChoice} addressAll={addressAll} />
        </fieldset>
        <NewsletterAttachments
          schoolId={schoolId}
          newsletterId={newsletter?.id ?? null}
          attachments={newsletter?.attachments ?? []}
          onChange={(attachments) => draft.setNewsletter((n) => (n ? { ...n, attachments } : n))}
          ensureSaved={ensureSavedForFiles}
          onInsertImage={insertImage}
          disabled={!editable}
        />
        <div role="status" class="status">
          {done ? (
            <p>
              <T k={done} />
            </p>
          ) : null}
        </div>
        <Alert error={error} />
        <div class="actions">
          {editable ? (
            <button type="submit" class="secondary" disabled={busy}>
              <T k="web.newsletters.compose.save" />
            </button>
          ) : null}
          <button type="button" class="secondary" disabled={busy} onClick={showPreview}>
            <T k="web.newsletters.preview.open" />
          </button>
        </div>
      </form>
      {preview > 0 && newsletter ? (
        <NewsletterPreview schoolId={schoolId} newsletterId={newsletter.id} version={preview} onClose={() => setPreview(0)} />
      ) : null}
      {editable ? (
        <SendControls
          status={newsletter?.status ?? 'draft'}
          scheduledFor={newsletter?.scheduledFor ?? null}
          busy={busy}
          onTest={sendTest}
          onSend={send}
          onCancel={cancel}
        />
      ) : null}
    </div>
  )
}
