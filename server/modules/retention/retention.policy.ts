import type { Role } from '../../../shared/schemas/people.ts'

/** Only admins set how long the school keeps data (a policy decision of the school). */
export const RETENTION_PERIOD_ROLES: readonly Role[] = ['admin']
/** Admins and the designated safeguarding lead place and release safeguarding holds. */
export const RETENTION_HOLD_ROLES: readonly Role[] = ['admin', 'dsl']
