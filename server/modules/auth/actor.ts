import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import type { SessionsRepository } from './sessions.repository.ts'
import { hashToken } from './tokens.ts'

/** Who is asking: resolved once per request or socket handshake from the session cookie. */
export interface Actor {
  userId: string
  sessionId: string
  name: string
  language: LanguageChoice
  /** The school this session works in; null until the person belongs to one. */
  schoolId: string | null
  csrfToken: string
  /** Roles per school id. */
  roles: Map<string, Role[]>
}

/** The actor behind a session cookie's token; null when the session is unknown, expired, revoked or disabled. */
export async function loadActor(sessions: SessionsRepository, token: string, now: Date): Promise<Actor | null> {
  const found = await sessions.findLive(hashToken(token), now)
  if (!found) return null
  const roles = new Map<string, Role[]>()
  for (const { schoolId, role } of await sessions.rolesOf(found.user.id)) {
    roles.set(schoolId, [...(roles.get(schoolId) ?? []), role])
  }
  return {
    userId: found.user.id,
    sessionId: found.session.id,
    name: found.user.name,
    language: found.user.language as LanguageChoice,
    schoolId: found.session.schoolId,
    csrfToken: found.session.csrfToken,
    roles,
  }
}
