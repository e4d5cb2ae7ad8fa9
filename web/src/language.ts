import { LANGUAGE_CHOICES, type LanguageChoice } from '../../shared/i18n.ts'

const STORAGE_KEY = 'cyswllt.language'

function isChoice(value: unknown): value is LanguageChoice {
  return typeof value === 'string' && (LANGUAGE_CHOICES as readonly string[]).includes(value)
}

/** The language chosen on this device before sign-in, if any. */
export function storedLanguage(): LanguageChoice | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isChoice(value) ? value : null
  } catch {
    return null
  }
}

export function storeLanguage(choice: LanguageChoice): void {
  try {
    localStorage.setItem(STORAGE_KEY, choice)
  } catch {
    // Storage may be blocked; the choice then lasts for this page only.
  }
}

/** Welsh if the browser lists Welsh at all, else English if it lists English, else both. */
export function browserLanguage(): LanguageChoice {
  const tags = (navigator.languages?.length ? navigator.languages : [navigator.language ?? '']).map(
    (tag) => tag.toLowerCase().split('-')[0],
  )
  if (tags.includes('cy')) return 'cy'
  if (tags.includes('en')) return 'en'
  return 'both'
}

/** Before sign-in: this device's saved choice, else the browser's languages, else both. */
export function initialLanguage(): LanguageChoice {
  return storedLanguage() ?? browserLanguage()
}

/** The document language: Welsh unless English alone was chosen (both puts Welsh first). */
export function documentLanguage(choice: LanguageChoice): 'cy' | 'en' {
  return choice === 'en' ? 'en' : 'cy'
}
