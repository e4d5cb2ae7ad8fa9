import type { Audience } from '../../../shared/schemas/newsletters.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import { AppError, forbidden } from '../../errors.ts'

/** Who may write and send newsletters: admins and FEOs to any audience; teachers to their classes. */
export const COMPOSER_ROLES: readonly Role[] = ['admin', 'feo', 'teacher']
/** Who sees every newsletter of the school and its reach (teachers see their own). */
export const OVERSEER_ROLES: readonly Role[] = ['admin', 'feo']

export const isOverseer = (roles: readonly Role[]) => roles.some((r) => OVERSEER_ROLES.includes(r))

/**
 * A teacher writes to the families of classes they teach, and no wider: a whole-school, year,
 * hand-picked or family-forum audience is for admins and FEOs.
 */
export function assertMayAddress(roles: readonly Role[], audience: Audience, taught: readonly string[]) {
  if (isOverseer(roles)) return
  if (!roles.includes('teacher')) throw forbidden()
  if (audience.kind !== 'classes' || !audience.classIds.every((id) => taught.includes(id))) {
    throw new AppError('newsletters.audience_not_allowed', 403)
  }
}

/** Staff who may see or change one newsletter: overseers, and its author. */
export function assertMayManage(roles: readonly Role[], userId: string, newsletter: { authorId: string | null }) {
  if (isOverseer(roles)) return
  if (roles.includes('teacher') && newsletter.authorId === userId) return
  throw forbidden()
}

/**
 * Both languages are needed before sending (Welsh Language Standards), unless the sender marks
 * it one-language and says why. Returns the fields still missing, for the error message.
 */
export function missingForSend(n: {
  titleCy: string
  titleEn: string
  bodyCy: string
  bodyEn: string
  singleLanguage: string | null
  singleLanguageReason: string | null
}): string[] {
  const blank = (s: string | null) => !s || s.trim() === ''
  const languages = n.singleLanguage === 'cy' || n.singleLanguage === 'en' ? [n.singleLanguage] : ['cy', 'en']
  const missing: string[] = []
  for (const lng of languages) {
    const suffix = lng === 'cy' ? 'Cy' : 'En'
    if (blank(n[`title${suffix}` as 'titleCy' | 'titleEn'])) missing.push(`title${suffix}`)
    if (blank(n[`body${suffix}` as 'bodyCy' | 'bodyEn'])) missing.push(`body${suffix}`)
  }
  if (n.singleLanguage && blank(n.singleLanguageReason)) missing.push('singleLanguageReason')
  return missing
}
