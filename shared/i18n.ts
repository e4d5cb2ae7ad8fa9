/**
 * One i18next set-up for server and web. Catalogs live in ./locales/{cy,en}; Welsh plural keys
 * carry all six CLDR forms (zero, one, two, few, many, other), resolved through Intl.PluralRules.
 */
import i18next, { type i18n } from 'i18next'
import cy from './locales/cy/translation.json' with { type: 'json' }
import en from './locales/en/translation.json' with { type: 'json' }

export const LOCALES = ['cy', 'en'] as const
export type Locale = (typeof LOCALES)[number]
/** What a person chooses: one language, or both (Welsh first). Unknown preference means both. */
export type LanguageChoice = Locale | 'both'
export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['cy', 'en', 'both']

export const catalogs = { cy, en } as const

export async function createI18n(lng: Locale = 'cy', escapeValue = false): Promise<i18n> {
  const instance = i18next.createInstance()
  await instance.init({
    resources: { cy: { translation: cy }, en: { translation: en } },
    lng,
    supportedLngs: [...LOCALES],
    fallbackLng: false,
    returnNull: false,
    interpolation: { escapeValue },
  })
  return instance
}

/** Picks cy or en from an Accept-Language header, by quality; undefined when neither is asked for. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { tag: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1 }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q)
  return ranked.find((entry): entry is { tag: Locale; q: number } => (LOCALES as readonly string[]).includes(entry.tag))?.tag
}
