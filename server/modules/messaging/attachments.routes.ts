import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { ATTACHMENT_MAX_BYTES, Attachment, AttachmentParams, ConversationParams } from '../../../shared/schemas/messaging.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import { contentDisposition, readUploadedFile } from '../../uploaded-files.ts'
import type { AttachmentsService } from './attachments.ts'

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
}
const tags = ['messaging']

/** Attachments: images and PDFs up to 10 MB, typed by their bytes, served only to participants. */
const attachmentsRoutes: FastifyPluginAsyncTypebox<{ service: AttachmentsService }> = async (app, { service }) => {
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } })

  app.post(
    '/conversations/:conversationId/attachments',
    {
      bodyLimit: ATTACHMENT_MAX_BYTES + 64 * 1024,
      schema: {
        tags,
        summary: 'Upload a file (multipart field "file") for a message about to be sent; send its id with the message',
        consumes: ['multipart/form-data'],
        params: ConversationParams,
        response: { 201: Attachment, ...errors },
      },
    },
    async (request, reply) => {
      const actor = assertSignedIn(request.actor)
      const upload = await readUploadedFile(request, 'messaging')
      const stored = await service.upload(actor, request.params.schoolId, request.params.conversationId, upload)
      return reply.status(201).send(stored)
    },
  )

  app.get(
    '/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download an attachment (participants of its conversation only)',
        params: AttachmentParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.download(assertSignedIn(request.actor), request.params.schoolId, request.params.attachmentId)
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName, file.contentType))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(file.data)
    },
  )
}
export default attachmentsRoutes
