import { createHash, createHmac, randomBytes } from 'node:crypto'

/**
 * Sign-in tokens are derived from the row id with the instance secret, and only their hash is
 * stored: a database leak gives no working link, and a job that carries just the row id can
 * rebuild the link it must send.
 */
export function deriveToken(secret: string, purpose: 'magic' | 'invitation' | 'unsubscribe' | 'newsletter', id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}
