import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { Me } from '../../../shared/schemas/people.ts'
import type { Db } from '../../db/database.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { createProfileRepository } from './profile.repository.ts'

export function createProfileService(deps: { db: Db }) {
  const repo = createProfileRepository(deps.db)
  return {
    /** The signed-in person as the web app shows them: school, roles there, and their learners. */
    async getMe(session: { userId: string; schoolId: string | null; csrfToken: string }): Promise<Me> {
      const user = await repo.user(session.userId)
      if (!user) throw new AppError('auth.required', 401)
      // The session's school only while the person still has a role there: someone removed from
      // a school keeps a session naming it, and must not go on reading it (tenancy).
      const roles = session.schoolId ? await repo.rolesIn(user.id, session.schoolId) : []
      const school = session.schoolId && roles.length > 0 ? await repo.school(session.schoolId) : null
      const rows = school ? await repo.learnersOf(user.id, school.id) : []
      return {
        id: user.id,
        name: user.name,
        email: user.email,
        language: user.language as LanguageChoice,
        hasPassword: user.passwordHash !== null,
        school,
        roles: school ? roles : [],
        learners: rows.map(({ learner, class: group }) => ({
          id: learner.id,
          name: learner.name,
          externalRef: learner.externalRef,
          class: group ? { id: group.id, nameCy: group.nameCy, nameEn: group.nameEn, yearGroup: group.yearGroup } : null,
        })),
        csrfToken: session.csrfToken,
      }
    },

    /** Saves the person's own language choice (and name); the choice then wins over the browser's. */
    async updateMe(actor: Actor, changes: { language?: LanguageChoice; name?: string }): Promise<void> {
      // `minProperties` counts unknown fields too (Fastify strips them later): nothing to save is a bad request.
      if (changes.language === undefined && changes.name === undefined) throw new AppError('validation.invalid', 400, { field: 'body' })
      await repo.update(actor.userId, changes)
    },
  }
}
export type ProfileService = ReturnType<typeof createProfileService>
