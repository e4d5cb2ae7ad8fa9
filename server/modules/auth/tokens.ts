import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Sign-in tokens are derived from the row id with the instance secret, and only their hash is
 * stored: a database leak gives no working link, and a job that carries just the row id can
 * rebuild the link it must send.
 */
type TokenPurpose = 'magic' | 'invitation' | 'unsubscribe' | 'newsletter'

export function deriveToken(secret: string, purpose: TokenPurpose, id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url')
}

/** Whether a MAC from a link is the one deriveToken gives, compared in constant time. */
export function tokenMatches(secret: string, purpose: TokenPurpose, id: string, mac: string): boolean {
  const expected = deriveToken(secret, purpose, id)
  return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}
