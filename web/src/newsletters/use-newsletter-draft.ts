import { useEffect, useRef, useState } from 'preact/hooks'
import type { Audience, Newsletter, NewsletterDraft } from '../../../shared/schemas/newsletters.ts'
import { ApiError, api } from '../api.ts'
import { useText } from '../i18n.tsx'
import { navigate } from '../router.tsx'
import {
  type AudienceChoice,
  audienceOf,
  choiceOf,
  type DraftFields,
  emptyFields,
  fieldsOf,
  isEditable,
  newslettersApi,
} from './newsletter-model.ts'

/** The draft as the server takes it, keys always in one order (so two drafts compare as JSON). */
function draftOf(f: DraftFields, audience: Audience): NewsletterDraft {
  const { titleCy, titleEn, bodyCy, bodyEn, category, singleLanguage, singleLanguageReason } = f
  return { titleCy, titleEn, bodyCy, bodyEn, category, audience, singleLanguage, singleLanguageReason }
}

/**
 * The compose form's state: loads the newsletter (or starts an empty one), knows whether the
 * form differs from what was saved, and saves it: POST the first time, then PUT. A new draft's
 * address becomes /newsletters/:id/edit once saved, without reloading the form.
 */
export function useNewsletterDraft(schoolId: string, newsletterId: string | null, defaultKind: AudienceChoice['kind']) {
  const text = useText()
  const base = newslettersApi(schoolId)
  const blankChoice = (): AudienceChoice => ({ kind: defaultKind, yearGroups: [], classIds: [], guardianIds: [], forumId: '' })
  const [newsletter, setNewsletter] = useState<Newsletter | null>(null)
  const [fields, setFields] = useState<DraftFields>(emptyFields)
  const [choice, setChoice] = useState<AudienceChoice>(blankChoice)
  /** The last draft saved (or loaded), as JSON; '' for a new one. */
  const [saved, setSaved] = useState('')
  const [loadError, setLoadError] = useState<unknown>(null)
  /** The id whose state the form holds (undefined before the first load). */
  const held = useRef<string | null | undefined>(undefined)

  const apply = (n: Newsletter) => {
    setNewsletter(n)
    setFields(fieldsOf(n))
    setChoice(choiceOf(n.audience))
    setSaved(JSON.stringify(draftOf(fieldsOf(n), n.audience)))
  }

  useEffect(() => {
    if (held.current === newsletterId) return
    held.current = newsletterId
    setLoadError(null)
    if (!newsletterId) {
      setNewsletter(null)
      setFields(emptyFields())
      setChoice(blankChoice())
      setSaved('')
      return
    }
    setNewsletter(null)
    api.get<Newsletter>(`${base}/${newsletterId}`).then(apply, setLoadError)
  }, [schoolId, newsletterId])

  const audience = audienceOf(choice)
  const current = audience ? JSON.stringify(draftOf(fields, audience)) : null
  const dirty = current !== saved
  const id = newsletter?.id ?? null
  const loading = newsletterId !== null && newsletter === null && !loadError

  /** Saves the form; throws an ApiError (message localised) when it cannot. */
  async function save(): Promise<Newsletter> {
    if (!audience) throw new ApiError(400, 'newsletters.audience_empty', text('web.newsletters.audience.choose_some'))
    const draft = draftOf(fields, audience)
    const answer = id ? await api.put<Newsletter>(`${base}/${id}`, draft) : await api.post<Newsletter>(base, draft)
    setNewsletter(answer)
    setSaved(JSON.stringify(draft))
    if (!id) {
      held.current = answer.id
      navigate(`/newsletters/${answer.id}/edit`, true)
    }
    return answer
  }

  /** The id of the newsletter as the form shows it, saving first when there are changes. */
  async function ensureSaved(): Promise<string> {
    if (id && (!dirty || (newsletter && !isEditable(newsletter.status)))) return id
    return (await save()).id
  }

  const change = (part: Partial<DraftFields>) => setFields((f) => ({ ...f, ...part }))
  return { newsletter, setNewsletter, fields, change, choice, setChoice, setFields, dirty, loading, loadError, save, ensureSaved }
}
