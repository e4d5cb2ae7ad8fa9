import type { Attachment } from '../../../shared/schemas/messaging.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import { detectType, safeFileName } from '../../uploaded-files.ts'
import { assertMayPost } from './messaging.policy.ts'
import { createAttachmentsRepository, createMessagingRepository } from './messaging.repository.ts'
import { loadConversation, type MessagingActor } from './messaging-access.ts'

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
