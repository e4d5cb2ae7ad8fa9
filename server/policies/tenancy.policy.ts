import type { Role } from '../../shared/schemas/people.ts'
import { forbidden, OutsideSchoolError, unauthenticated } from '../errors.ts'
import type { Actor } from '../plugins/auth.plugin.ts'

/**
 * The tenancy rule every school-scoped route applies: someone with no role in the school gets
 * 404 (its ids are not even confirmed to exist); someone there in the wrong role gets 403.
 */
export function assertSchoolRole(actor: Actor | null, schoolId: string, allowed: readonly Role[]): Actor {
  if (!actor) throw unauthenticated()
  const roles = actor.roles.get(schoolId)
  if (!roles || roles.length === 0) throw new OutsideSchoolError(schoolId)
  if (!roles.some((role) => allowed.includes(role))) throw forbidden()
  return actor
}

export function assertSignedIn(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated()
  return actor
}

export function isStaff(roles: readonly Role[]): boolean {
  return roles.some((role) => role !== 'parent')
}
