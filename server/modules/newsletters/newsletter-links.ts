import { deriveToken, tokenMatches } from '../auth/tokens.ts'

/**
 * A recipient's own link to a newsletter: `<recipient id>.<MAC>`. It lets the page show the
 * newsletter to the person it was sent to without signing in (from their email), and count the
 * opening; nobody can make one for another recipient without the instance secret.
 */
export function recipientToken(secret: string, recipientId: string): string {
  return `${recipientId}.${deriveToken(secret, 'newsletter', recipientId)}`
}

export function readRecipientToken(secret: string, token: string): string | null {
  const [id = '', mac = ''] = token.split('.')
  if (!/^[0-9a-f-]{36}$/.test(id)) return null
  return tokenMatches(secret, 'newsletter', id, mac) ? id : null
}

/** The page a recipient opens (in-app, push, or email, which adds `via=email`). */
export const newsletterPath = (newsletterId: string, token?: string) =>
  token ? `/newsletters/${newsletterId}?r=${encodeURIComponent(token)}` : `/newsletters/${newsletterId}`
