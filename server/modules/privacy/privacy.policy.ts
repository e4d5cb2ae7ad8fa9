import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import { forbidden, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertSchoolRole, assertSignedIn } from '../../policies/tenancy.policy.ts'

/**
 * Who may export a family's data for the school: admins, and the designated safeguarding lead
 * (who already reads any conversation and the contact log of the school). The FEO and teachers
 * may not: a subject access request is the data controller's (the school's) to answer.
 */
export const SCHOOL_EXPORTERS: readonly Role[] = ['admin', 'dsl']

export const assertSchoolExporter = (actor: Actor | null, schoolId: string) => assertSchoolRole(actor, schoolId, SCHOOL_EXPORTERS)

/** A parent exports their own family, in the school their session works in. */
export function assertOwnExport(actor: Actor | null): { actor: Actor; schoolId: string } {
  const me = assertSignedIn(actor)
  const schoolId = me.schoolId
  if (!schoolId) throw notFound()
  const roles = me.roles.get(schoolId) ?? []
  if (roles.length === 0) throw notFound()
  if (!roles.includes('parent')) throw forbidden()
  return { actor: me, schoolId }
}

/**
 * The language of a family's copy when the school makes it: one language if every adult chose
 * it, otherwise both, Welsh first (Welsh Language Standards: unknown or mixed gets both).
 */
export function familyLanguage(languages: readonly string[]): LanguageChoice {
  if (languages.length > 0 && languages.every((l) => l === 'cy')) return 'cy'
  if (languages.length > 0 && languages.every((l) => l === 'en')) return 'en'
  return 'both'
}

/**
 * The FEO's free-text notes may hold what a school may withhold under UK GDPR (the serious-harm
 * and safeguarding exemptions); the app already restricts them to FEOs, admins and the DSL. So a
 * family's own download lists each contact (when, how, by whom, follow-ups) without the note;
 * an export the school makes includes the notes, for the school to review before handing over.
 */
export const includesNotes = (via: 'self' | 'school') => via === 'school'
