import type { ATTACHMENT_TYPES, Attachment } from '../../../shared/schemas/messaging.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import { assertMayPost } from './messaging.policy.ts'
import { createAttachmentsRepository, createMessagingRepository } from './messaging.repository.ts'
import { loadConversation, type MessagingActor } from './messaging-access.ts'

type AttachmentType = (typeof ATTACHMENT_TYPES)[number]

/**
 * The type of a file from its first bytes; the name and the browser's claim are ignored, so a
 * script renamed photo.jpg is refused. SVG is not accepted: it can carry script.
 */
export function detectType(bytes: Buffer): AttachmentType | null {
  const starts = (signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b)
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif'
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp'
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  return null
}

/** A file name safe to keep and to put in a header: no paths, no control characters, no quotes. */
export function safeFileName(name: string, type: AttachmentType): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()
      ?.replace(/[\p{Cc}"';<>]/gu, '')
      .trim()
      .slice(0, 120) ?? ''
  const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf' }[type]
  return base === '' || base.startsWith('.') ? `attachment.${extension}` : base
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string, type: string): string {
  const disposition = type.startsWith('image/') ? 'inline' : 'attachment'
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_')
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** Uploading and serving message attachments: participants only. */
export function createAttachmentsService(deps: { db: Db }) {
  const repo = createMessagingRepository(deps.db)
  const files = createAttachmentsRepository(deps.db)
  return {
    /** Stores a file for a message the asker is about to send in this conversation. */
    async upload(
      actor: MessagingActor,
      schoolId: string,
      conversationId: string,
      file: { fileName: string; data: Buffer },
    ): Promise<Attachment> {
      const access = await loadConversation(repo, actor, schoolId, conversationId)
      if (!access.participant) throw notFound()
      assertMayPost(access.conversation, access.side)
      const type = detectType(file.data)
      if (!type) throw new AppError('messaging.attachment_type', 415)
      return files.insert({
        schoolId,
        conversationId,
        uploadedBy: actor.userId,
        fileName: safeFileName(file.fileName, type),
        contentType: type,
        size: file.data.length,
        data: file.data,
      })
    },

    /** The file, for a participant of its conversation (or its uploader before it is sent). */
    async download(actor: MessagingActor, schoolId: string, attachmentId: string) {
      const file = await files.byId(schoolId, attachmentId)
      if (!file) throw notFound()
      await loadConversation(repo, actor, schoolId, file.conversationId)
      if (!file.messageId && file.uploadedBy !== actor.userId) throw notFound()
      return file
    },
  }
}
export type AttachmentsService = ReturnType<typeof createAttachmentsService>
