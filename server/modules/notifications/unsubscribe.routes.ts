import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { LanguageChoice, Locale } from '../../../shared/i18n.ts'
import { escapeHtml } from '../../email/render-email.ts'
import type { NotificationsService } from './notifications.service.ts'
import type { UnsubscribeScope } from './pipeline.ts'

const Params = Type.Object({ token: Type.String({ maxLength: 200 }) })

/**
 * The link in List-Unsubscribe. A GET only shows a page with a button (mail scanners follow
 * links; RFC 8058 says a GET must change nothing). The POST, from that button or from the
 * mail provider's one-click (`List-Unsubscribe=One-Click`), turns that email off. The token
 * is the authority, so the route needs no session or CSRF token.
 */
const unsubscribeRoutes: FastifyPluginAsyncTypebox<{ service: NotificationsService }> = async (app, { service }) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))))
  })
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, { body }))

  function page(reply: FastifyReply, language: LanguageChoice, status: number, build: (lng: Locale) => string) {
    const locales: Locale[] = language === 'both' ? ['cy', 'en'] : [language]
    const t = (lng: Locale, key: string) => app.i18n.t(key, { lng })
    const html = `<!doctype html><html lang="${locales[0]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${locales.map((l) => escapeHtml(t(l, 'notification.unsubscribe.title'))).join(' / ')}</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<main>${locales.map((lng) => `<div lang="${lng}">${build(lng)}</div>`).join('<hr>')}</main>
<footer>${locales.map((lng) => `<p lang="${lng}">${escapeHtml(t(lng, 'web.welsh_welcome'))}</p>`).join('')}</footer>
</body></html>`
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  }
  const categoryName = (lng: Locale, scope: UnsubscribeScope) => app.i18n.t(`notification.categories.${scope}`, { lng })

  app.get('/unsubscribe/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const found = await service.checkUnsubscribe(request.params.token)
    if (!found) return page(reply, 'both', 404, (lng) => `<p>${escapeHtml(app.i18n.t('notification.unsubscribe.invalid', { lng }))}</p>`)
    return page(reply, found.language, 200, (lng) => {
      const t = (key: string) => escapeHtml(app.i18n.t(key, { lng, category: categoryName(lng, found.scope) }))
      return `<h1>${t('notification.unsubscribe.title')}</h1><p>${t('notification.unsubscribe.question')}</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:1rem;padding:.6rem 1rem">${t('notification.unsubscribe.button')}</button></form>`
    })
  })

  app.post('/unsubscribe/:token', { config: { csrf: false }, schema: { hide: true, params: Params } }, async (request, reply) => {
    const found = await service.unsubscribe(request.params.token)
    if (!found) return page(reply, 'both', 404, (lng) => `<p>${escapeHtml(app.i18n.t('notification.unsubscribe.invalid', { lng }))}</p>`)
    return page(reply, found.language, 200, (lng) => {
      const t = (key: string) => escapeHtml(app.i18n.t(key, { lng, category: categoryName(lng, found.scope) }))
      return `<h1>${t('notification.unsubscribe.title')}</h1><p role="status">${t('notification.unsubscribe.done')}</p>`
    })
  })
}
export default unsubscribeRoutes
