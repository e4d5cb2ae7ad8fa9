import t from 'tap'
import type { NotificationRow } from '../../server/modules/notifications/notifications.repository.ts'
import {
  type EmailLinks,
  notificationEmail,
  rememberingEmails,
  rememberingTranslate,
  type Translate,
} from '../../server/modules/notifications/render-notification.ts'
import { createI18n, type LanguageChoice } from '../../shared/i18n.ts'

const school = { nameCy: 'Ysgol Gynradd Aber', nameEn: 'Aber Primary School' }

function notification(overrides: Partial<NotificationRow>): NotificationRow {
  return {
    id: '7f0c2a64-3c7e-4d55-9b1e-6c1f2a9f0001',
    schoolId: '7f0c2a64-3c7e-4d55-9b1e-6c1f2a9f0002',
    userId: '7f0c2a64-3c7e-4d55-9b1e-6c1f2a9f0003',
    category: 'newsletters',
    kind: 'newsletter',
    params: {
      titleCy: 'Newyddion & <hwyl>',
      titleEn: 'News & <fun>',
      summaryCy: 'Taith i Sain Ffagan.',
      summaryEn: 'A trip to St Fagans.',
    },
    path: '/newsletters/1',
    dedupeKey: null,
    language: null,
    onlyChannel: null,
    calendar: null,
    readAt: null,
    createdAt: new Date('2026-11-23T12:00:00Z'),
    ...overrides,
  }
}

// Names and links that would go wrong if filled in as replacement patterns or left unescaped.
const recipients = [
  { name: "Siân O'Brien", token: 'a' },
  { name: '<b>Bold & Co</b>', token: 'b"c' },
  { name: "Jo$&hn $' $` $$ $1", token: '$&' },
  { name: 'Ŵyn ap Ŷr', token: 'd<e>' },
]

function linksFor(token: string, essential: boolean): EmailLinks {
  return {
    open: `https://cyswllt.example/newsletters/1?t=${token}&via=email`,
    preferences: 'https://cyswllt.example/settings/notifications',
    unsubscribe: essential ? null : `https://cyswllt.example/unsubscribe/u.newsletters.${token}`,
  }
}

t.test('a broadcast laid out once per language gives each recipient the same email as rendering it whole', async (t) => {
  const i18n = await createI18n('cy', false)
  const cases = [
    { label: 'newsletter, with unsubscribe', n: notification({}), essential: false },
    {
      label: 'safeguarding, no unsubscribe',
      n: notification({ category: 'safeguarding', kind: 'message_reported', params: {} }),
      essential: true,
    },
  ]
  for (const { label, n, essential } of cases) {
    for (const language of ['cy', 'en', 'both'] as LanguageChoice[]) {
      let asked = 0
      const counting: Translate = (key, options) => {
        asked++
        return i18n.t(key, options)
      }
      const emails = rememberingEmails(counting)
      const askedFor: number[] = []
      for (const r of recipients) {
        const before = asked
        const links = linksFor(r.token, essential)
        const made = emails(n, { name: r.name, language }, school, links)
        const whole = notificationEmail(i18n, n, { name: r.name, language }, school, links)
        t.same(made, whole, `${label}, ${language}, ${r.name}: the same subject, text and HTML`)
        t.notOk(made.html.includes('\u0000') || made.text.includes('\u0000'), 'no slot left behind')
        askedFor.push(asked - before)
      }
      t.ok((askedFor[0] as number) > 0, `${label}, ${language}: the first recipient's email is laid out from the catalog`)
      t.same(askedFor.slice(1), [0, 0, 0], `${label}, ${language}: the others reuse it, asking the catalog nothing`)
    }
  }
})

t.test('different content, language or school gets a layout of its own', async (t) => {
  const i18n = await createI18n('cy', false)
  const emails = rememberingEmails(rememberingTranslate(i18n))
  const links = linksFor('x', false)
  const a = emails(notification({}), { name: 'Ann', language: 'en' }, school, links)
  const b = emails(
    notification({ params: { titleCy: 'Arall', titleEn: 'Other', summaryCy: '', summaryEn: '' } }),
    { name: 'Ann', language: 'en' },
    school,
    links,
  )
  const c = emails(notification({}), { name: 'Ann', language: 'cy' }, school, links)
  const d = emails(notification({}), { name: 'Ann', language: 'en' }, { nameCy: 'Ysgol Arall', nameEn: 'Other School' }, links)
  t.match(a.subject, 'News & <fun>')
  t.match(b.subject, 'Other')
  t.match(c.subject, 'Newyddion & <hwyl>')
  t.match(a.text, 'Aber Primary School')
  t.match(d.text, 'Other School')
  t.notMatch(d.text, 'Aber Primary School')
})
