import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { i18n } from 'i18next'
import { Type } from 'typebox'
import type { LanguageChoice, Locale } from '../../../shared/i18n.ts'
import { escapeHtml } from '../../email/render-email.ts'
import { notFound } from '../../errors.ts'
import { contentDisposition } from '../../uploaded-files.ts'
import { renderMarkdown } from './markdown.ts'
import { createNewsletterImages, type ImageSize, isResizable, type StoredImage, withResponsiveImages } from './newsletter-images.ts'
import type { Reader, ReadingService } from './reading.ts'

const PageQuery = Type.Object({
  r: Type.Optional(Type.String({ maxLength: 200, description: "The recipient's own link token" })),
  via: Type.Optional(Type.String({ maxLength: 10, description: 'email when opened from the email' })),
  lang: Type.Optional(Type.Union([Type.Literal('cy'), Type.Literal('en'), Type.Literal('both')])),
})
const PageParams = Type.Object({ newsletterId: Type.String({ format: 'uuid' }) })
const FileParams = Type.Object({ newsletterId: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) })
const FileQuery = Type.Object({
  r: Type.Optional(Type.String({ maxLength: 200 })),
  w: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'An image resized to this width (480, 800 or 1200)' })),
})

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fafaf7;overflow-wrap:break-word}
header,main,footer{max-width:42rem;margin:auto;padding:1rem}main{overflow-wrap:anywhere}pre{white-space:pre-wrap}
header{border-bottom:1px solid #ccc}
nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem}a{color:#00583d}[aria-current]{font-weight:bold}img{max-width:100%;height:auto}
article+article{border-top:2px solid #00583d;margin-top:2rem;padding-top:1rem}.meta{color:#444;font-size:.95rem}`

/** Dates as families read them, in each language. */
const dateIn = (lng: Locale, date: Date | null) =>
  date ? new Intl.DateTimeFormat(lng === 'cy' ? 'cy-GB' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }).format(date) : ''

/**
 * The newsletter page: plain HTML with no script, so it reads on any phone, with or without
 * JavaScript. Welsh first when both languages show; a toggle switches language; files listed.
 */
function renderPage(
  t: i18n,
  reader: Reader,
  language: LanguageChoice,
  files: { id: string; fileName: string; size: number }[],
  imageSizes: Map<string, ImageSize>,
) {
  const n = reader.newsletter
  const locales: Locale[] = language === 'both' ? ['cy', 'en'] : [language]
  const tokenQuery = reader.token ? `r=${encodeURIComponent(reader.token)}&` : ''
  const link = (lang: LanguageChoice) => `/newsletters/${n.id}?${tokenQuery}lang=${lang}`
  const fileUrl = (id: string) => `/newsletters/${n.id}/files/${id}${reader.token ? `?r=${encodeURIComponent(reader.token)}` : ''}`
  // The newsletter's own images need the link token too when the reader is not signed in.
  const withToken = (unsized: string) => {
    const html = withResponsiveImages(unsized, n.id, imageSizes, reader.token ? `r=${encodeURIComponent(reader.token)}` : '')
    return reader.token
      ? html.replaceAll(new RegExp(`(/newsletters/${n.id}/files/[0-9a-f-]{36})"`, 'g'), `$1?r=${encodeURIComponent(reader.token)}"`)
      : html
  }
  const only: Locale | null = n.singleLanguage === 'cy' || n.singleLanguage === 'en' ? n.singleLanguage : null
  const article = (lng: Locale) => {
    const source: Locale = only ?? lng
    const title = source === 'cy' ? n.titleCy : n.titleEn
    const body = source === 'cy' ? n.bodyCy : n.bodyEn
    return `<article lang="${source}"><h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(t.t('newsletter_page.sent', { lng, date: dateIn(lng, n.sentAt ?? n.updatedAt) }))}</p>
${withToken(renderMarkdown(body))}
${files.length ? `<h2>${escapeHtml(t.t('newsletter_page.files', { lng }))}</h2><ul>${files.map((f) => `<li><a href="${fileUrl(f.id)}">${escapeHtml(f.fileName)}</a> (${Math.ceil(f.size / 1024)} KB)</li>`).join('')}</ul>` : ''}
</article>`
  }
  const shown = only ? [only] : locales
  // Each language named in itself, as the app's language switch does.
  const named = (lng: Locale, key: string) => `<span lang="${lng}">${escapeHtml(t.t(key, { lng }))}</span>`
  const choices: [LanguageChoice, string][] = [
    ['cy', named('cy', 'language.cy')],
    ['en', named('en', 'language.en')],
    ['both', `${named('cy', 'language.both')} / ${named('en', 'language.both')}`],
  ]
  const nav = only
    ? ''
    : `<nav aria-label="${escapeHtml(locales.map((lng) => t.t('newsletter_page.language', { lng })).join(' / '))}">${choices
        .map(([lang, name]) => `<a href="${link(lang)}"${lang === language ? ' aria-current="page"' : ''}>${name}</a>`)
        .join('')}</nav>`
  const title = shown.map((lng) => (lng === 'cy' ? n.titleCy : n.titleEn)).join(' / ')
  return `<!doctype html><html lang="${shown[0]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<header>${nav}</header><main>${shown.map((lng) => article(lng)).join('\n')}</main>
<footer>${locales.map((lng) => `<p lang="${lng}">${escapeHtml(t.t('web.welsh_welcome', { lng }))} <a href="/">${escapeHtml(t.t('newsletter_page.open_app', { lng }))}</a></p>`).join('')}</footer>
</body></html>`
}

/** The newsletter page and its files, outside /api: opened from emails, notifications and the app. */
const newsletterPageRoutes: FastifyPluginAsyncTypebox<{ reading: ReadingService }> = async (app, { reading }) => {
  const images = createNewsletterImages()
  const stored = (newsletterId: string, file: { id: string; contentType: string }): StoredImage => ({
    id: file.id,
    contentType: file.contentType,
    load: async () => {
      const row = await reading.attachment(newsletterId, file.id)
      if (!row) throw notFound()
      return row.data
    },
  })
  /** The sizes of the resizable images the page shows, for their srcset, width and height. */
  const sizesOf = async (newsletterId: string, files: { id: string; contentType: string }[]) => {
    const shown = files.filter((file) => isResizable(file.contentType))
    const found = await Promise.all(shown.map(async (file) => [file.id, await images.size(stored(newsletterId, file))] as const))
    return new Map(found.filter((entry): entry is [string, ImageSize] => entry[1] !== null))
  }

  app.get('/newsletters/:newsletterId', { schema: { hide: true, params: PageParams, querystring: PageQuery } }, async (request, reply) => {
    const reader = await reading.reader(request.params.newsletterId, request.actor, request.query.r)
    await reading.markOpened(reader, request.query.via === 'email' ? 'email' : 'app')
    const files = await reading.attachments(reader.newsletter.id)
    const imageSizes = await sizesOf(reader.newsletter.id, files)
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('referrer-policy', 'no-referrer')
      .send(renderPage(app.i18n, reader, request.query.lang ?? reader.language, files, imageSizes))
  })

  app.get(
    '/newsletters/:newsletterId/files/:attachmentId',
    { schema: { hide: true, params: FileParams, querystring: FileQuery } },
    async (request, reply) => {
      const reader = await reading.reader(request.params.newsletterId, request.actor, request.query.r)
      // ?w=: a resized copy (WebP when accepted) for the page's srcset; without it, the original.
      const { w } = request.query
      const listed = w ? (await reading.attachments(reader.newsletter.id)).find((f) => f.id === request.params.attachmentId) : null
      const variant = listed ? await images.variant(stored(reader.newsletter.id, listed), w ?? 0, request.headers.accept) : null
      if (listed && variant) {
        return reply
          .header('content-type', variant.contentType)
          .header(
            'content-disposition',
            contentDisposition(listed.fileName.replace(/\.[a-z]+$/i, `.${variant.contentType.slice(6)}`), variant.contentType),
          )
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, max-age=86400')
          .header('vary', 'accept')
          .send(variant.data)
      }
      const file = await reading.attachment(reader.newsletter.id, request.params.attachmentId)
      if (!file) throw notFound()
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName, file.contentType))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=86400')
        .send(file.data)
    },
  )
}
export default newsletterPageRoutes
