import { type ComponentChildren, createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { createI18n, LanguageChoice, Locale } from '../../shared/i18n.ts'

export type I18n = Awaited<ReturnType<typeof createI18n>>
type Values = Record<string, unknown>

export interface Language {
  /** What the person chose: cy, en, or both (Welsh first). */
  choice: LanguageChoice
  i18n: I18n
}

export const LanguageContext = createContext<Language | null>(null)

export function useLanguage(): Language {
  const language = useContext(LanguageContext)
  if (!language) throw new Error('useLanguage outside LanguageContext')
  return language
}

/** The locales to show, Welsh first. */
export function localesOf(choice: LanguageChoice): Locale[] {
  return choice === 'both' ? ['cy', 'en'] : [choice]
}

/** Interpolation values, the same for both languages or per language. */
type ValuesFor = Values | ((lng: Locale) => Values)
const valuesIn = (values: ValuesFor | undefined, lng: Locale) => (typeof values === 'function' ? values(lng) : values)

/** A function giving plain text (for attributes and the title): "Welsh / English" when both. */
export function useText(): (key: string, values?: ValuesFor) => string {
  const { choice, i18n } = useLanguage()
  return (key, values) => [...new Set(localesOf(choice).map((lng) => i18n.t(key, { ...valuesIn(values, lng), lng })))].join(' / ')
}

function Both({ cy, en, block }: { cy: ComponentChildren; en: ComponentChildren; block?: boolean }) {
  if (block) {
    return (
      <>
        <span class="bi-block" lang="cy">
          {cy}
        </span>
        <span class="bi-block" lang="en">
          {en}
        </span>
      </>
    )
  }
  // One span around them, so that in a flex box (a label, a link, a button) they are one item
  // whose words wrap, not three that cannot (text at 200% on a phone). The spaces sit outside
  // the hidden slash, so a name read aloud is "Cymraeg English", never "CymraegEnglish".
  return (
    <span class="bi">
      <span lang="cy">{cy}</span>{' '}
      <span class="bi-sep" aria-hidden="true">
        /
      </span>{' '}
      <span lang="en">{en}</span>
    </span>
  )
}

interface TProps {
  /** Catalog key, e.g. web.home.title. */
  k: string
  /** Interpolation values, the same for both languages or per language. */
  values?: ValuesFor
  /** With both languages, put each on its own line instead of "Welsh / English". */
  block?: boolean
}

/** A catalog string in the chosen language; Welsh then English when both were chosen. */
export function T({ k, values, block }: TProps) {
  const { choice, i18n } = useLanguage()
  const text = (lng: Locale) => i18n.t(k, { ...valuesIn(values, lng), lng })
  if (choice !== 'both') return <>{text(choice)}</>
  const [cy, en] = [text('cy'), text('en')]
  // A name that is the same in both languages (Cyswllt) is shown once.
  if (cy === en) return <>{cy}</>
  return <Both cy={cy} en={en} block={block} />
}

/** A name stored in both languages (a school, a class), shown like T. */
export function Bi({ cy, en }: { cy: string; en: string }) {
  const { choice } = useLanguage()
  if (choice === 'cy') return <>{cy}</>
  if (choice === 'en') return <>{en}</>
  if (cy === en) return <>{cy}</>
  return <Both cy={cy} en={en} />
}

/**
 * Text people wrote in Welsh and English (a title, minutes, a newsletter's title), in the
 * person's language; a language not filled in yet shows the other, marked with its own lang. With both chosen and both filled in,
 * Welsh comes first. Always rendered as text, never as HTML.
 */
export function Written({ cy, en, block }: { cy: string; en: string; block?: boolean }) {
  const { choice } = useLanguage()
  const Tag = block ? 'p' : 'span'
  const cls = block ? 'written' : undefined
  if (choice !== 'both') {
    const lng = cy && en ? choice : cy ? 'cy' : 'en'
    const text = lng === 'cy' ? cy : en
    if (!text) return null
    return (
      <Tag class={cls} lang={lng === choice ? undefined : lng}>
        {text}
      </Tag>
    )
  }
  if (!cy || !en || cy === en) {
    const text = cy || en
    return text ? (
      <Tag class={cls} lang={cy ? 'cy' : 'en'}>
        {text}
      </Tag>
    ) : null
  }
  if (block) {
    return (
      <>
        <p class="written" lang="cy">
          {cy}
        </p>
        <p class="written" lang="en">
          {en}
        </p>
      </>
    )
  }
  return <Bi cy={cy} en={en} />
}
