import type { i18n } from 'i18next'
import type { LanguageChoice, Locale } from '../../shared/i18n.ts'

export interface EmailContent {
  subject: string
  text: string
  html: string
}

export interface EmailTemplate {
  /** Catalog prefix, e.g. email.sign_in, holding subject, greeting, body, button. */
  prefix: string
  /** Further paragraph keys shown after the button, in order. */
  after?: string[]
  /** Variables, or a function giving them per language (a school's name in each). */
  vars: Record<string, string | number> | ((lng: Locale) => Record<string, string | number>)
  url: string
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function section(i18n: i18n, lng: Locale, template: EmailTemplate) {
  const vars = typeof template.vars === 'function' ? template.vars(lng) : template.vars
  const t = (key: string) => i18n.t(key, { ...vars, lng })
  const paragraphs = [t(`${template.prefix}.greeting`), t(`${template.prefix}.body`)]
  const after = (template.after ?? []).map(t)
  const text = [...paragraphs, template.url, ...after].join('\n\n')
  const html = `<div lang="${lng}" style="font-size:16px;line-height:1.5">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(template.url)}" style="display:inline-block;padding:12px 20px;background:#00583d;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(t(`${template.prefix}.button`))}</a></p>
${after.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</div>`
  return { subject: t(`${template.prefix}.subject`), text, html }
}

/**
 * Renders an email from catalog keys (no sentences glued together in code). With both
 * languages the Welsh comes first and complete, the English after it at the same size.
 */
export function renderEmail(i18n: i18n, language: LanguageChoice, template: EmailTemplate): EmailContent {
  const locales: Locale[] = language === 'both' ? ['cy', 'en'] : [language]
  const parts = locales.map((lng) => section(i18n, lng, template))
  return {
    subject: parts.map((p) => p.subject).join(' / '),
    text: parts.map((p) => p.text).join('\n\n----------\n\n'),
    html: `<!doctype html><html lang="${locales[0]}"><body style="font-family:sans-serif;max-width:600px;margin:auto">
${parts.map((p) => p.html).join('\n<hr>\n')}
</body></html>`,
  }
}
