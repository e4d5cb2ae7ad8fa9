import type { i18n } from 'i18next'
import type { LanguageChoice, Locale } from '../../../shared/i18n.ts'
import type { PrivacyExport } from '../../../shared/schemas/privacy.ts'
import { escapeHtml } from '../../email/render-email.ts'

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
main{max-width:60rem;margin:auto;padding:1rem}section.language+section.language{border-top:3px solid #00583d;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef4f1}td.text{white-space:pre-wrap}.muted{color:#444}h2{color:#00583d;margin-top:2rem}
@media print{h2{break-after:avoid}tr{break-inside:avoid}}`

type Cell = string | number | boolean | null | undefined

/**
 * The family's readable copy: one self-contained page, no script (the app's CSP allows a
 * `<style>` block), every label from the catalog under `privacy.`, in the family's language, or
 * the whole copy in Welsh then again in English when they read both. Everything people wrote
 * (names, messages, notes) goes through escapeHtml.
 */
export function renderPrivacyPage(i18n: i18n, data: PrivacyExport, language: LanguageChoice): string {
  const locales: Locale[] = language === 'both' ? ['cy', 'en'] : [language]
  const body = locales.map((lng) => `<section class="language" lang="${lng}">${renderIn(i18n, data, lng)}</section>`).join('\n')
  const title = locales.map((lng) => i18n.t('privacy.title', { lng })).join(' / ')
  return `<!doctype html><html lang="${locales[0]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>
${body}
</main></body></html>`
}

function renderIn(i18n: i18n, data: PrivacyExport, lng: Locale): string {
  const t = (key: string, values: Record<string, unknown> = {}) => escapeHtml(i18n.t(`privacy.${key}`, { lng, ...values }))
  const date = new Intl.DateTimeFormat(lng === 'cy' ? 'cy-GB' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  })
  const when = (at: string | null | undefined) => (at ? escapeHtml(date.format(new Date(at))) : '')
  /** A stored value (a channel, a status, a kind) in words, or as stored when the catalog has no word for it. */
  const word = (value: string | null | undefined) =>
    value ? escapeHtml(i18n.t(`privacy.values.${value}`, { lng, defaultValue: value.replaceAll('_', ' ') })) : ''
  const yesNo = (value: boolean) => t(value ? 'values.yes' : 'values.no')
  const text = (value: Cell) => (value === null || value === undefined ? '' : escapeHtml(String(value)))
  const bilingual = (cy: string, en: string) => text(lng === 'cy' ? cy || en : en || cy)
  const table = (columns: string[], rows: Cell[][], longText: number[] = []) =>
    rows.length === 0
      ? `<p class="muted">${t('none')}</p>`
      : `<table><thead><tr>${columns.map((c) => `<th scope="col">${t(`columns.${c}`)}</th>`).join('')}</tr></thead><tbody>${rows
          .map((row) => `<tr>${row.map((cell, i) => `<td${longText.includes(i) ? ' class="text"' : ''}>${cell ?? ''}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`
  const section = (key: string, content: string) => `<h2>${t(`sections.${key}`)}</h2>${content}`
  const nameOf = new Map(data.adults.map((a) => [a.id, a.name]))
  const adult = (id: string) => text(nameOf.get(id) ?? id)

  const conversations = data.conversations
    .map((c) => {
      const people = c.participants.map((p) => `${text(p.name)} (${word(p.side)})`).join(', ')
      const others = c.otherFamiliesCount > 0 ? ` ${t('other_families', { count: c.otherFamiliesCount })}` : ''
      const leftOut = c.messagesLeftOut > 0 ? `<p class="muted">${t('messages_left_out', { count: c.messagesLeftOut })}</p>` : ''
      const rows = c.messages.map((m) => [
        when(m.createdAt),
        text(m.authorName),
        text(m.body),
        m.edits.map((e) => `${when(e.createdAt)}: ${text(e.previousBody)}`).join('<br>'),
        m.attachments.map((a) => `${text(a.fileName)} (${text(a.contentType)}, ${Math.ceil(a.size / 1024)} KB)`).join('<br>'),
      ])
      return `<h3>${c.title ? text(c.title) : word(c.kind)}</h3><p>${t('participants')}: ${people}${others}</p>${leftOut}${table(
        ['when', 'author', 'message', 'earlier_versions', 'attachments'],
        rows,
        [2, 3],
      )}`
    })
    .join('')

  return [
    `<h1>${t('title')}</h1>`,
    `<p>${t('intro', { school: lng === 'cy' ? data.school.nameCy : data.school.nameEn, date: date.format(new Date(data.exportedAt)) })}</p>`,
    `<p>${t('json_note')}</p>`,
    section(
      'adults',
      table(
        ['name', 'email', 'phone', 'language', 'roles', 'since'],
        data.adults.map((a) => [
          text(a.name),
          text(a.email),
          text(a.phone),
          word(a.language),
          a.roles.map((role) => escapeHtml(i18n.t(`roles.${role}`, { lng }))).join(', '),
          when(a.createdAt),
        ]),
      ),
    ),
    section(
      'learners',
      table(
        ['name', 'reference', 'class'],
        data.learners.map((l) => [
          text(l.name),
          text(l.externalRef),
          l.classCy || l.classEn ? bilingual(l.classCy ?? '', l.classEn ?? '') : '',
        ]),
      ),
    ),
    section(
      'preferences',
      table(
        ['person', 'channels', 'quiet_hours', 'time_zone', 'digest'],
        data.preferences.map((p) => [
          adult(p.userId),
          Object.entries(p.channels)
            .map(([category, c]) => `${word(category)}: ${t('columns.email')} ${yesNo(c.email)}, ${t('columns.push')} ${yesNo(c.push)}`)
            .join('<br>'),
          p.quietStart && p.quietEnd ? `${text(p.quietStart)}–${text(p.quietEnd)}` : t('values.no'),
          text(p.timeZone),
          `${word(p.digest)} ${p.digest === 'daily' ? text(p.digestTime) : ''}`,
        ]),
      ),
    ),
    section(
      'devices',
      `<p class="muted">${t('devices_note')}</p>${table(
        ['person', 'service', 'label', 'since', 'last_used'],
        data.pushDevices.map((d) => [adult(d.userId), text(d.service), text(d.label), when(d.createdAt), when(d.lastSuccessAt)]),
      )}`,
    ),
    section(
      'sessions',
      table(
        ['person', 'signed_in', 'expires', 'signed_out'],
        data.sessions.map((s) => [adult(s.userId), when(s.createdAt), when(s.expiresAt), when(s.revokedAt)]),
      ),
    ),
    section(
      'notifications',
      table(
        ['when', 'person', 'category', 'kind', 'read', 'deliveries'],
        data.notifications.map((n) => [
          when(n.createdAt),
          adult(n.userId),
          word(n.category),
          escapeHtml(i18n.t(`notification.kinds.${n.kind}.push`, { lng, defaultValue: n.kind })),
          when(n.readAt),
          n.deliveries.map((d) => `${word(d.channel)}: ${word(d.status)} ${when(d.sentAt)}`).join('<br>'),
        ]),
      ),
    ),
    section('conversations', conversations || `<p class="muted">${t('none')}</p>`),
    section(
      'reports',
      table(
        ['when', 'person', 'reason', 'resolved'],
        data.reports.map((r) => [when(r.createdAt), adult(r.reporterId), text(r.reason), when(r.resolvedAt)]),
        [2],
      ),
    ),
    section(
      'forum_items',
      table(
        ['when', 'person', 'title', 'description', 'anonymous', 'status'],
        data.forum.items.map((i) => [
          when(i.createdAt),
          adult(i.authorId),
          bilingual(i.titleCy, i.titleEn),
          bilingual(i.descriptionCy, i.descriptionEn),
          yesNo(i.anonymous),
          word(i.status),
        ]),
        [3],
      ),
    ),
    section(
      'forum_comments',
      table(
        ['when', 'person', 'comment'],
        data.forum.comments.map((c) => [when(c.createdAt), adult(c.authorId), text(c.body)]),
        [2],
      ),
    ),
    section(
      'forum_participation',
      table(
        ['when', 'person', 'what'],
        [
          ...data.forum.memberships.map((m) => [when(m.createdAt), adult(m.userId), `${bilingual(m.nameCy, m.nameEn)}: ${word(m.role)}`]),
          ...data.forum.supports.map((s) => [when(s.createdAt), adult(s.userId), t('supported')]),
          ...data.forum.attendance.map((a) => [
            when(a.updatedAt),
            adult(a.userId),
            `${t(a.attending ? 'attending' : 'not_attending')} (${word(a.language)})`,
          ]),
        ],
      ),
    ),
    section(
      'newsletters',
      table(
        ['sent', 'person', 'title', 'language', 'delivered', 'opened'],
        data.newsletters.map((n) => [
          when(n.sentAt),
          adult(n.userId),
          bilingual(n.titleCy, n.titleEn),
          word(n.language),
          [
            ...n.delivered.map((d) => `${word(d.channel)}: ${word(d.status)} ${when(d.sentAt)}`),
            ...n.contacts.map((c) => `${word(c.method)} ${when(c.createdAt)}`),
          ].join('<br>'),
          n.openedAt ? `${when(n.openedAt)} (${word(n.openedVia)})` : '',
        ]),
      ),
    ),
    section(
      'contacts',
      `${data.notesWithheld ? `<p class="muted">${t('notes_withheld')}</p>` : ''}${table(
        ['when', 'kind', 'recorded_by', 'note', 'follow_up'],
        data.contacts.map((c) => [
          when(c.happenedAt),
          word(c.kind),
          text(c.recordedBy),
          c.note === null ? t('withheld') : text(c.note),
          c.followUpOn ? `${text(c.followUpOn)}${c.followUpDoneAt ? ` (${t('done')})` : ''}` : '',
        ]),
        [3],
      )}`,
    ),
    section(
      'audit',
      table(
        ['when', 'person', 'action'],
        data.audit.map((a) => [when(a.createdAt), adult(a.actorId), text(a.action)]),
      ),
    ),
  ].join('\n')
}
