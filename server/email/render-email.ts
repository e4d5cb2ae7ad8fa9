import type { i18n } from 'i18next'
import type { LanguageChoice, Locale } from '../../shared/i18n.ts'

export interface EmailContent {
  subject: string
  text: string
  html: string
}

/** A piece of an email, already translated: a paragraph, a button, or small print with a link. */
export type EmailBlock =
  | { type: 'p'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'button'; text: string; url: string }
  | { type: 'small'; text: string; link?: { text: string; url: string } }

export interface EmailSection {
  subject: string
  blocks: EmailBlock[]
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

/** Escapes text for HTML (element content and quoted attributes). */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function blockText(block: EmailBlock): string {
  switch (block.type) {
    case 'button':
      return `${block.text}: ${block.url}`
    case 'small':
      return [block.text, block.link ? `${block.link.text}: ${block.link.url}` : ''].filter(Boolean).join('\n')
    default:
      return block.text
  }
}

function blockHtml(block: EmailBlock): string {
  switch (block.type) {
    case 'heading':
      return `<h2 style="font-size:18px">${escapeHtml(block.text)}</h2>`
    case 'button':
      return `<p><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:12px 20px;background:#00583d;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(block.text)}</a></p>`
    case 'small':
      return `<p style="font-size:14px;color:#444">${escapeHtml(block.text)}${block.link ? ` <a href="${escapeHtml(block.link.url)}">${escapeHtml(block.link.text)}</a>` : ''}</p>`
    default:
      return `<p style="white-space:pre-line">${escapeHtml(block.text)}</p>`
  }
}

/**
 * Lays out an email from translated sections, one per language. With both languages the Welsh
 * comes first and complete, the English after it at the same size; every sentence comes from
 * the catalog, none is glued together in code.
 */
export function renderSections(language: LanguageChoice, build: (lng: Locale) => EmailSection): EmailContent {
  const locales: Locale[] = language === 'both' ? ['cy', 'en'] : [language]
  const parts = locales.map((lng) => ({ lng, ...build(lng) }))
  return {
    subject: parts.map((p) => p.subject).join(' / '),
    text: parts.map((p) => p.blocks.map(blockText).join('\n\n')).join('\n\n----------\n\n'),
    html: `<!doctype html><html lang="${locales[0]}"><body style="font-family:sans-serif;max-width:600px;margin:auto">
${parts.map((p) => `<div lang="${p.lng}" style="font-size:16px;line-height:1.5">\n${p.blocks.map(blockHtml).join('\n')}\n</div>`).join('\n<hr>\n')}
</body></html>`,
  }
}

/** Renders a sign-in style email (greeting, body, button, paragraphs after) from catalog keys. */
export function renderEmail(i18n: i18n, language: LanguageChoice, template: EmailTemplate): EmailContent {
  return renderSections(language, (lng) => {
    const vars = typeof template.vars === 'function' ? template.vars(lng) : template.vars
    const t = (key: string) => i18n.t(key, { ...vars, lng })
    return {
      subject: t(`${template.prefix}.subject`),
      blocks: [
        { type: 'p', text: t(`${template.prefix}.greeting`) },
        { type: 'p', text: t(`${template.prefix}.body`) },
        { type: 'button', text: t(`${template.prefix}.button`), url: template.url },
        ...(template.after ?? []).map((key) => ({ type: 'p' as const, text: t(key) })),
      ],
    }
  })
}
