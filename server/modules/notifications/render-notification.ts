import type { i18n } from 'i18next'
import type { LanguageChoice, Locale } from '../../../shared/i18n.ts'
import type { NotificationCategory, NotificationItem } from '../../../shared/schemas/notifications.ts'
import { type EmailBlock, type EmailContent, escapeHtml, renderSections } from '../../email/render-email.ts'
import type { NotificationRow } from './notifications.repository.ts'

export interface SchoolNames {
  nameCy: string
  nameEn: string
}

/** A catalog lookup: i18next's own, or one that remembers its answers (rememberingTranslate). */
export type Translate = (key: string, options: Record<string, unknown>) => string

const translate = (t: i18n | Translate): Translate => (typeof t === 'function' ? t : (key, options) => t.t(key, options))

/**
 * A catalog lookup that answers each (key, values) once: a job rendering a broadcast asks the
 * same sentences for every recipient. Meant to live as long as one job, so a catalog or a
 * school's name never goes stale in it.
 */
export function rememberingTranslate(i18n: i18n): Translate {
  const answers = new Map<string, string>()
  return (key, options) => {
    const id = `${key}\u0000${JSON.stringify(options)}`
    let answer = answers.get(id)
    if (answer === undefined) {
      answer = i18n.t(key, options)
      answers.set(id, answer)
    }
    return answer
  }
}

/** Catalog values of a notification in one language: its own params plus the school's name. */
function vars(n: NotificationRow, school: SchoolNames | undefined, lng: Locale) {
  return { ...n.params, school: school ? (lng === 'cy' ? school.nameCy : school.nameEn) : '', lng }
}

export function notificationText(t: i18n | Translate, n: NotificationRow, school: SchoolNames | undefined, lng: Locale) {
  const tr = translate(t)
  return {
    title: tr(`notification.kinds.${n.kind}.title`, vars(n, school, lng)),
    body: tr(`notification.kinds.${n.kind}.body`, vars(n, school, lng)),
  }
}

/** The in-app item, in both languages: the client shows what the person chose. */
export function notificationItem(t: i18n | Translate, n: NotificationRow, school: SchoolNames | undefined): NotificationItem {
  return {
    id: n.id,
    category: n.category as NotificationCategory,
    kind: n.kind,
    path: n.path,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
    text: { cy: notificationText(t, n, school, 'cy'), en: notificationText(t, n, school, 'en') },
  }
}

const localesOf = (language: LanguageChoice): Locale[] => (language === 'both' ? ['cy', 'en'] : [language])

/**
 * Push text never carries the notification's params (which may name a learner): only the
 * kind's fixed push sentence, which the catalog test checks has no placeholders.
 */
export function pushPayload(t: i18n | Translate, n: NotificationRow, language: LanguageChoice, url: string) {
  const tr = translate(t)
  const locales = localesOf(language)
  return {
    title: tr('notification.push_title', { lng: locales[0] }),
    body: locales.map((lng) => tr(`notification.kinds.${n.kind}.push`, { lng })).join('\n'),
    url,
    tag: n.id,
    lang: locales[0],
  }
}

export interface EmailLinks {
  /** Opens the notification in the web app. */
  open: string
  preferences: string
  /** One-click unsubscribe URL; null for essential mail, which has none. */
  unsubscribe: string | null
}

function footer(t: Translate, lng: Locale, category: NotificationCategory | 'digest', links: EmailLinks): EmailBlock[] {
  // Welsh Language Standards: families are told, in every email, that writing in Welsh is welcome.
  const welcome: EmailBlock = { type: 'small', text: t('email.sign_in.welsh_welcome', { lng }) }
  if (!links.unsubscribe) return [welcome, { type: 'small', text: t('notification.email.essential', { lng }) }]
  const categoryName = t(`notification.categories.${category}`, { lng })
  return [
    welcome,
    { type: 'small', text: t('notification.email.why', { lng, category: categoryName }) },
    { type: 'small', text: '', link: { text: t('notification.email.preferences', { lng }), url: links.preferences } },
    { type: 'small', text: '', link: { text: t('notification.email.unsubscribe', { lng }), url: links.unsubscribe } },
  ]
}

/** One notification as an email, from catalog keys, Welsh first when both. */
export function notificationEmail(
  t: i18n | Translate,
  n: NotificationRow,
  recipient: { name: string; language: LanguageChoice },
  school: SchoolNames | undefined,
  links: EmailLinks,
): EmailContent {
  const tr = translate(t)
  return renderSections(recipient.language, (lng) => {
    const text = notificationText(tr, n, school, lng)
    return {
      subject: text.title,
      blocks: [
        { type: 'heading', text: text.title },
        { type: 'p', text: tr('notification.email.greeting', { lng, name: recipient.name }) },
        { type: 'p', text: text.body },
        { type: 'button', text: tr('notification.email.open', { lng }), url: links.open },
        ...footer(tr, lng, n.category as NotificationCategory, links),
      ],
    }
  })
}

/**
 * What differs between the emails of a broadcast: the recipient's name (in the greeting), the
 * link that opens it (a newsletter's carries the recipient's token) and the unsubscribe link.
 * A template holds these slots; NUL never reaches a stored name or a URL (unstorable-input.ts).
 */
const SLOTS = { name: '\u0000name\u0000', open: '\u0000open\u0000', unsubscribe: '\u0000unsubscribe\u0000' } as const

type EmailOf = (
  n: NotificationRow,
  recipient: { name: string; language: LanguageChoice },
  school: SchoolNames | undefined,
  links: EmailLinks,
) => EmailContent

/**
 * notificationEmail for many recipients of the same notification content: each (content,
 * language, school) is laid out once, with slots for what is the recipient's own, and each
 * email fills them in (escaped in the HTML as the layout escapes them). The same bytes as
 * notificationEmail, without translating and laying out ten sentences per recipient. Meant to
 * live as long as one job, like rememberingTranslate.
 */
export function rememberingEmails(t: Translate): EmailOf {
  const templates = new Map<string, EmailContent>()
  return (n, recipient, school, links) => {
    const id = [
      n.kind,
      n.category,
      JSON.stringify(n.params),
      recipient.language,
      school ? `${school.nameCy}\u0000${school.nameEn}` : '',
      links.preferences,
      links.unsubscribe === null ? 'essential' : 'unsubscribe',
    ].join('\u0001')
    let template = templates.get(id)
    if (!template) {
      template = notificationEmail(t, n, { name: SLOTS.name, language: recipient.language }, school, {
        open: SLOTS.open,
        preferences: links.preferences,
        unsubscribe: links.unsubscribe === null ? null : SLOTS.unsubscribe,
      })
      templates.set(id, template)
    }
    const values = { name: recipient.name, open: links.open, unsubscribe: links.unsubscribe ?? '' }
    // Replacer functions: a replacement string would read `$&` or `$'` in a name as patterns.
    const fill = (text: string, encode: (s: string) => string) =>
      text
        .replaceAll(SLOTS.name, () => encode(values.name))
        .replaceAll(SLOTS.open, () => encode(values.open))
        .replaceAll(SLOTS.unsubscribe, () => encode(values.unsubscribe))
    const plain = (s: string) => s
    return { subject: fill(template.subject, plain), text: fill(template.text, plain), html: fill(template.html, escapeHtml) }
  }
}

/** Several waiting notifications as one daily summary email. */
export function digestEmail(
  t: i18n,
  items: NotificationRow[],
  recipient: { name: string; language: LanguageChoice },
  schools: Map<string, SchoolNames>,
  links: Omit<EmailLinks, 'open'> & { open: (n: NotificationRow) => string },
): EmailContent {
  return renderSections(recipient.language, (lng) => ({
    subject: t.t('notification.digest.subject', { lng, count: items.length }),
    blocks: [
      { type: 'p', text: t.t('notification.email.greeting', { lng, name: recipient.name }) },
      { type: 'p', text: t.t('notification.digest.intro', { lng }) },
      ...items.flatMap((n): EmailBlock[] => {
        const text = notificationText(t, n, schools.get(n.schoolId), lng)
        return [
          { type: 'heading', text: text.title },
          { type: 'p', text: text.body },
          { type: 'small', text: '', link: { text: t.t('notification.email.open', { lng }), url: links.open(n) } },
        ]
      }),
      ...footer(translate(t), lng, 'digest', { ...links, open: '' }),
    ],
  }))
}
