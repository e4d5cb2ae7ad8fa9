import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { ExportQuery, FamilyExportParams, PrivacyExport } from '../../../shared/schemas/privacy.ts'
import type { FamilyExport, PrivacyService } from './privacy.service.ts'
import { renderPrivacyPage } from './privacy-page.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }
const tags = ['privacy']
/** JSON through the export's schema (so nothing unnamed can leave), or the readable page. */
const response = {
  200: {
    description: "The family's data as a download: JSON, or with format=html a readable page in the family's language",
    content: { 'application/json': { schema: PrivacyExport }, 'text/html': { schema: Type.String() } },
  },
  ...errors,
}

/** Subject access exports: a parent's own family, and any family of the school for its admins and DSL. */
const privacyRoutes: FastifyPluginAsyncTypebox<{ service: PrivacyService }> = async (app, { service }) => {
  const send = (reply: FastifyReply, found: FamilyExport, format: 'json' | 'html') => {
    reply
      .header('content-disposition', `attachment; filename="${found.fileName}"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(found.data)
    return reply.type('text/html; charset=utf-8').send(renderPrivacyPage(app.i18n, found.data, found.data.language))
  }

  app.get(
    '/api/me/export',
    {
      // No automatic HEAD: every export is audited, and a HEAD would be one with nothing sent.
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: "Download everything Cyswllt holds about my family in this school (the FEO's notes are given by the school on request)",
        querystring: ExportQuery,
        response,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json'
      return send(reply, await service.exportOwn(request.actor, format), format)
    },
  )

  app.get(
    '/api/schools/:schoolId/families/:userId/export',
    {
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: "A family's subject access export, found by any of its adults (admins and the DSL); every export is audited",
        params: FamilyExportParams,
        querystring: ExportQuery,
        response,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json'
      return send(reply, await service.exportFamily(request.actor, request.params.schoolId, request.params.userId, format), format)
    },
  )
}
export default privacyRoutes
