import type { LanguageChoice } from '../../shared/i18n.ts'
import { T, useLanguage } from './i18n.tsx'
import { Alert } from './ui.tsx'

/** Each language named in itself, whatever language the page is in. */
export function ChoiceName({ choice }: { choice: LanguageChoice }) {
  const { i18n } = useLanguage()
  if (choice !== 'both') return <span lang={choice}>{i18n.t(`language.${choice}`, { lng: choice })}</span>
  return (
    <>
      <span lang="cy">{i18n.t('language.both', { lng: 'cy' })}</span>
      {' / '}
      <span lang="en">{i18n.t('language.both', { lng: 'en' })}</span>
    </>
  )
}

interface Props {
  onChoose: (choice: LanguageChoice) => void
  busy: boolean
  error: unknown
}

/** Cymraeg, English, or both: on every page. Saving to the profile is the caller's job. */
export function LanguageSwitch({ onChoose, busy, error }: Props) {
  const { choice } = useLanguage()
  return (
    <div class="language-switch">
      <fieldset aria-busy={busy}>
        <legend>
          <T k="web.language_switch" />
        </legend>
        {(['cy', 'en', 'both'] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={choice === option}
            onClick={() => {
              if (!busy && option !== choice) onChoose(option)
            }}
          >
            <ChoiceName choice={option} />
          </button>
        ))}
      </fieldset>
      <Alert error={error} />
    </div>
  )
}
