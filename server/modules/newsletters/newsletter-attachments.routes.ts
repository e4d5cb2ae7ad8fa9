import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { NEWSLETTER_ATTACHMENT_MAX_BYTES, NewsletterAttachment, NewsletterParams } from '../../../shared/schemas/newsletters.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import { detectType, readUploadedFile, safeFileName } from '../../uploaded-files.ts'
import { createNewslettersRepository } from './newsletters.repository.ts'
import type { NewslettersService } from './newsletters.service.ts'

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
}
const tags = ['newsletters']

/** Files of a newsletter (images, PDF; 10 MB; typed by their bytes), added while it can still change. */
const newsletterAttachmentsRoutes: FastifyPluginAsyncTypebox<{ service: NewslettersService; db: Db }> = async (app, { service, db }) => {
  await app.register(multipart, { limits: { fileSize: NEWSLETTER_ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } })
  const repo = createNewslettersRepository(db)
  const assertEditable = (status: string) => {
    if (status !== 'draft' && status !== 'scheduled') throw new AppError('newsletters.not_editable', 409)
  }

  app.post(
    '/newsletters/:newsletterId/attachments',
    {
      bodyLimit: NEWSLETTER_ATTACHMENT_MAX_BYTES + 64 * 1024,
      schema: {
        tags,
        summary: 'Add a file (multipart field "file"); link images in the body as ![text](/newsletters/<id>/files/<file id>)',
        consumes: ['multipart/form-data'],
        params: NewsletterParams,
        response: { 201: NewsletterAttachment, ...errors },
      },
    },
    async (request, reply) => {
      const newsletter = await service.load(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId)
      assertEditable(newsletter.status)
      const upload = await readUploadedFile(request, 'newsletters')
      const type = detectType(upload.data)
      if (!type) throw new AppError('newsletters.attachment_type', 415)
      const stored = await repo.insertAttachment({
        schoolId: request.params.schoolId,
        newsletterId: newsletter.id,
        fileName: safeFileName(upload.fileName, type),
        contentType: type,
        size: upload.data.length,
        data: upload.data,
      })
      return reply.status(201).send(stored)
    },
  )

  app.delete(
    '/newsletters/:newsletterId/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Remove a file before the send starts',
        params: Type.Object({ ...NewsletterParams.properties, attachmentId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const newsletter = await service.load(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId)
      assertEditable(newsletter.status)
      if (!(await repo.attachment(newsletter.id, request.params.attachmentId))) throw notFound()
      await repo.deleteAttachment(newsletter.id, request.params.attachmentId)
      return reply.status(204).send(null)
    },
  )
}
export default newsletterAttachmentsRoutes
