/**
 * Files people upload (message and newsletter attachments): reading one multipart file, typing
 * it by its bytes, a safe name, and the headers to serve it with. Shared by the modules that
 * accept files, so each applies the same rules.
 */
import type { FastifyRequest } from 'fastify'
import type { ATTACHMENT_TYPES } from '../shared/schemas/messaging.ts'
import { AppError } from './errors.ts'

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number]

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

/**
 * The one file of a multipart request (its size limit set where @fastify/multipart is
 * registered). Errors carry the module's codes: `<module>.attachment_missing` (400) when there
 * is no file or it is empty, `<module>.attachment_too_large` (413) past the limit.
 */
export async function readUploadedFile(request: FastifyRequest, module: string): Promise<{ fileName: string; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError(`${module}.attachment_missing`, 400)
  let upload: { fileName: string; data: Buffer } | null = null
  try {
    const part = await request.file()
    if (part) upload = { fileName: part.filename, data: await part.toBuffer() }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(`${module}.attachment_too_large`, 413)
    throw err
  }
  if (!upload || upload.data.length === 0) throw new AppError(`${module}.attachment_missing`, 400)
  return upload
}
