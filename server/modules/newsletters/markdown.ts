import { Marked, type Token, type Tokens } from 'marked'
import sanitizeHtml from 'sanitize-html'

/** What a newsletter body may hold once rendered: headings, lists, links, images, emphasis. */
const ALLOWED = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'a', 'img', 'strong', 'em', 'del', 'blockquote', 'code', 'pre'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'title', 'loading'], ol: ['start'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  transformTags: {
    // Links leave the school's page: a new tab, and no window.opener or referrer for the other site.
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    img: sanitizeHtml.simpleTransform('img', { loading: 'lazy' }),
  },
} satisfies sanitizeHtml.IOptions

const marked = new Marked({ gfm: true, breaks: false, async: false })

/** The raw HTML a body holds, if any (newsletters are Markdown only; HTML is refused, not dropped). */
export function rawHtmlIn(markdown: string): string | null {
  let found: string | null = null
  marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    if (
      found === null &&
      (token.type === 'html' || (token.type === 'text' && (token as Tokens.Text).tokens?.some((t) => t.type === 'html')))
    ) {
      found = (token as Tokens.HTML).raw?.trim().slice(0, 40) ?? '<'
    }
  })
  return found
}

/**
 * A body's Markdown as HTML safe to put in a page or an email: the Markdown may not hold HTML
 * (checked before saving), and the output is sanitised again with an allow-list, so a link to
 * `javascript:` or an image from anywhere but https is dropped. Relative image paths (the
 * newsletter's own attachments) are kept.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string
  return sanitizeHtml(html, {
    ...ALLOWED,
    // The newsletter's own attachments are served from this site under /newsletters/.
    exclusiveFilter: (frame) => frame.tag === 'img' && !/^(https:\/\/|\/newsletters\/)/.test(frame.attribs.src ?? ''),
    allowedSchemesAppliedToAttributes: ['href', 'src'],
  })
}

/** Plain text of a body: for the email's summary and the plain-text part. */
export function plainText(markdown: string): string {
  const html = marked.parse(markdown) as string
  return sanitizeHtml(html.replace(/<\/(p|h[1-6]|li|blockquote)>/g, '\n').replace(/<br\s*\/?>/g, '\n'), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** The opening of a body, up to about `max` characters, cut at a word. */
export function summary(markdown: string, max = 280): string {
  const text = plainText(markdown).replace(/\s+/g, ' ')
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`
}
