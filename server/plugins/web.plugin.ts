import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const dist = new URL('../../web/dist/', import.meta.url).pathname

/**
 * Serves the built web app at /. Any GET that is not an API, docs or asset path gets index.html,
 * so deep links (/signin/verify?token=...) open the app.
 */
export default fp(
  async (app: FastifyInstance) => {
    if (!existsSync(`${dist}index.html`)) {
      app.log.warn('web/dist is missing: run "npm run build:web" to serve the web app')
      return
    }
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The .br and .gz copies that `npm run build:web` writes next to each script and stylesheet
      // (scripts/compress-web.ts): phones on small data plans download a third of the bytes.
      preCompressed: true,
      setHeaders: (reply, path) => {
        // Files under assets/ are named by their content hash: a new build gives new names, so a
        // browser may keep them for a year without asking again (no round trip on a slow network).
        if (path.startsWith(`${dist}assets/`)) reply.header('cache-control', 'public, max-age=31536000, immutable')
      },
    })
    const pages = [
      '/signin',
      '/signin/verify',
      '/invitation',
      '/setup',
      '/settings',
      '/settings/notifications',
      '/notifications',
      '/messages',
      '/messages/:conversationId',
      '/safeguarding',
      '/newsletters',
      '/newsletters/new',
      '/newsletters/:newsletterId/edit',
      '/newsletters/:newsletterId/reach',
      '/forum',
      '/forum/:forumId',
      '/forum/:forumId/items/:itemId',
      '/forum/:forumId/meetings/:meetingId',
      '/forum-record',
      '/engagement',
      '/engagement/families/:familyId',
      '/admin',
      '/admin/deliveries',
      '/admin/retention',
    ]
    for (const page of pages) {
      app.get(page, { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html'))
    }
  },
  { name: 'web' },
)
