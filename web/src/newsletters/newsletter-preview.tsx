import { useEffect, useRef, useState } from 'preact/hooks'
import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { Preview } from '../../../shared/schemas/newsletters.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert } from '../ui.tsx'
import { newslettersApi } from './newsletter-model.ts'

const TABS: readonly LanguageChoice[] = ['cy', 'en', 'both']

interface Props {
  schoolId: string
  newsletterId: string
  /** Changes each time the draft is saved, so the preview shows what was saved last. */
  version: number
  onClose: () => void
}

/**
 * The newsletter as families will see it, in Welsh, English or both (Welsh first): tabs over
 * the server's rendering, which is sanitised HTML and safe to put into the page as it is.
 */
export function NewsletterPreview({ schoolId, newsletterId, version, onClose }: Props) {
  const [tab, setTab] = useState<LanguageChoice>('cy')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<unknown>(null)
  const tabs = useRef<(HTMLButtonElement | null)[]>([])

  useEffect(() => {
    let current = true
    setError(null)
    api.get<Preview>(`${newslettersApi(schoolId)}/${newsletterId}/preview?language=${tab}`).then(
      (answer) => current && setPreview(answer),
      (err: unknown) => current && setError(err),
    )
    return () => {
      current = false
    }
  }, [schoolId, newsletterId, version, tab])

  /** Arrow keys move between the tabs (the ARIA tabs pattern). */
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    event.preventDefault()
    const next = (TABS.indexOf(tab) + step + TABS.length) % TABS.length
    setTab(TABS[next] ?? 'cy')
    tabs.current[next]?.focus()
  }

  return (
    <section class="panel newsletter-preview" aria-labelledby="newsletter-preview-heading">
      <h2 id="newsletter-preview-heading">
        <T k="web.newsletters.preview.title" />
      </h2>
      <div class="tabs" role="tablist" tabIndex={-1} onKeyDown={onKeyDown}>
        {TABS.map((lng, i) => (
          <button
            key={lng}
            ref={(el) => {
              tabs.current[i] = el
            }}
            type="button"
            role="tab"
            id={`preview-tab-${lng}`}
            class="tab"
            aria-selected={tab === lng}
            aria-controls="preview-panel"
            tabIndex={tab === lng ? 0 : -1}
            lang={lng === 'en' ? 'en' : 'cy'}
            onClick={() => setTab(lng)}
          >
            <T k={`web.newsletters.preview.tab_${lng}`} />
          </button>
        ))}
      </div>
      <Alert error={error} />
      <div
        id="preview-panel"
        class="preview-body"
        role="tabpanel"
        aria-labelledby={`preview-tab-${tab}`}
        aria-busy={preview?.language !== tab}
        lang={tab === 'en' ? 'en' : 'cy'}
        // Safe as it is: the server rendered the Markdown without raw HTML and sanitised it.
        dangerouslySetInnerHTML={{ __html: preview?.html ?? '' }}
      />
      <button type="button" class="secondary" onClick={onClose}>
        <T k="web.newsletters.preview.close" />
      </button>
    </section>
  )
}
