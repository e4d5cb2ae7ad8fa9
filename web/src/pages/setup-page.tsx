import { useState } from 'preact/hooks'
import { LANGUAGE_CHOICES, type LanguageChoice } from '../../../shared/i18n.ts'
import { api, type Me } from '../api.ts'
import { T, useLanguage } from '../i18n.tsx'
import { ChoiceName } from '../language-switch.tsx'
import { Alert, Field } from '../ui.tsx'

const FIELDS = [
  { name: 'nameCy', label: 'web.setup.school_cy', type: 'text', autocomplete: 'organization' },
  { name: 'nameEn', label: 'web.setup.school_en', type: 'text', autocomplete: 'organization' },
  { name: 'adminName', label: 'web.setup.admin_name', type: 'text', autocomplete: 'name' },
  { name: 'adminEmail', label: 'web.setup.admin_email', type: 'email', autocomplete: 'email' },
] as const

/** First run: the link from the server's setup token creates the school and its first admin. */
export function SetupPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { choice } = useLanguage()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const value = (name: string) => String(form.get(name) ?? '').trim()
    setBusy(true)
    setError(null)
    try {
      onSignedIn(
        await api.post<Me>('/api/setup', {
          token: new URLSearchParams(location.search).get('token') ?? '',
          school: { nameCy: value('nameCy'), nameEn: value('nameEn') },
          admin: {
            name: value('adminName'),
            email: value('adminEmail'),
            language: value('language') as LanguageChoice,
          },
        }),
      )
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <>
      <h1>
        <T k="web.setup.title" />
      </h1>
      <form onSubmit={submit} class="stack">
        {FIELDS.map((field) => (
          <Field key={field.name} id={`setup-${field.name}`} label={field.label}>
            {/* Two elements, not a computed type: Preact types each input type's attributes apart. */}
            {field.type === 'email' ? (
              <input id={`setup-${field.name}`} name={field.name} type="email" autocomplete={field.autocomplete} maxLength={254} required />
            ) : (
              <input id={`setup-${field.name}`} name={field.name} type="text" autocomplete={field.autocomplete} maxLength={200} required />
            )}
          </Field>
        ))}
        <fieldset class="field">
          <legend>
            <T k="web.language_switch" />
          </legend>
          {LANGUAGE_CHOICES.map((option) => (
            <label class="choice" key={option}>
              <input type="radio" name="language" value={option} defaultChecked={option === choice} required />{' '}
              <ChoiceName choice={option} />
            </label>
          ))}
        </fieldset>
        <Alert error={error} />
        <button type="submit" disabled={busy}>
          <T k="web.setup.submit" />
        </button>
      </form>
    </>
  )
}
