import { randomUUID } from 'node:crypto'
import type { Db } from '../../server/db/database.ts'
import { classes, classTeachers, guardianLearners, learners, memberships, schools, sessions, users } from '../../server/db/schema.ts'
import { hashToken, randomToken } from '../../server/modules/auth/tokens.ts'
import type { LanguageChoice } from '../../shared/i18n.ts'
import type { Role } from '../../shared/schemas/people.ts'

const unique = () => randomUUID().slice(0, 8)

/** Factories that write straight to the database, so each test file builds its own school. */
export function createFactories(db: Db) {
  async function makeSchool(names: { nameCy?: string; nameEn?: string } = {}) {
    const id = unique()
    const [school] = await db
      .insert(schools)
      .values({ nameCy: names.nameCy ?? `Ysgol Prawf ${id}`, nameEn: names.nameEn ?? `Test School ${id}` })
      .returning()
    if (!school) throw new Error('no school')
    return school
  }

  async function makeUser(schoolId: string, role: Role, options: { name?: string; language?: LanguageChoice; email?: string | null } = {}) {
    const id = unique()
    const [user] = await db
      .insert(users)
      .values({
        name: options.name ?? `${role} ${id}`,
        email: options.email === undefined ? `${role}-${id}@example.test` : options.email,
        language: options.language ?? 'both',
      })
      .returning()
    if (!user) throw new Error('no user')
    await db.insert(memberships).values({ schoolId, userId: user.id, role })
    return user
  }

  async function makeClassGroup(
    schoolId: string,
    options: { nameCy?: string; nameEn?: string; yearGroup?: number; teacherId?: string } = {},
  ) {
    const id = unique()
    const [group] = await db
      .insert(classes)
      .values({
        schoolId,
        nameCy: options.nameCy ?? `Dosbarth ${id}`,
        nameEn: options.nameEn ?? `Class ${id}`,
        yearGroup: options.yearGroup ?? 3,
      })
      .returning()
    if (!group) throw new Error('no class')
    if (options.teacherId) await db.insert(classTeachers).values({ schoolId, classId: group.id, teacherId: options.teacherId })
    return group
  }

  /** A guardian (parent role) with one learner, optionally in a class. */
  async function makeFamily(
    schoolId: string,
    options: { language?: LanguageChoice; classId?: string; guardianName?: string; learnerName?: string } = {},
  ) {
    const guardian = await makeUser(schoolId, 'parent', { language: options.language, name: options.guardianName })
    const [learner] = await db
      .insert(learners)
      .values({
        schoolId,
        externalRef: `L${unique()}`,
        name: options.learnerName ?? `Learner ${unique()}`,
        classId: options.classId ?? null,
      })
      .returning()
    if (!learner) throw new Error('no learner')
    await db.insert(guardianLearners).values({ schoolId, guardianId: guardian.id, learnerId: learner.id })
    return { guardian, learner }
  }

  /** A live session for a user: the cookie and CSRF headers to send with app.inject. */
  async function signIn(user: { id: string }, schoolId: string | null) {
    const token = randomToken()
    const csrfToken = randomToken()
    await db
      .insert(sessions)
      .values({ userId: user.id, schoolId, tokenHash: hashToken(token), csrfToken, expiresAt: new Date(Date.now() + 86400_000) })
    return {
      cookie: `cyswllt_session=${token}`,
      csrfToken,
      /** Headers for a read. */
      get: { cookie: `cyswllt_session=${token}` },
      /** Headers for a write. */
      write: { cookie: `cyswllt_session=${token}`, 'x-csrf-token': csrfToken },
    }
  }

  return { makeSchool, makeUser, makeClassGroup, makeFamily, signIn }
}
export type Factories = ReturnType<typeof createFactories>
