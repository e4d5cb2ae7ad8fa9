import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Role } from '../../../shared/schemas/people.ts'
import type { DbOrTx } from '../../db/database.ts'
import { classes, guardianLearners, learners, memberships, schools, users } from '../../db/schema.ts'

export function createProfileRepository(db: DbOrTx) {
  return {
    async user(userId: string) {
      const [row] = await db.select().from(users).where(eq(users.id, userId))
      return row ?? null
    },
    async school(schoolId: string) {
      const [row] = await db
        .select({ id: schools.id, nameCy: schools.nameCy, nameEn: schools.nameEn })
        .from(schools)
        .where(eq(schools.id, schoolId))
      return row ?? null
    },
    /** A guardian's own learners in one school, with their class. */
    async learnersOf(guardianId: string, schoolId: string) {
      return db
        .select({ learner: learners, class: classes })
        .from(guardianLearners)
        .innerJoin(learners, eq(learners.id, guardianLearners.learnerId))
        .leftJoin(classes, eq(classes.id, learners.classId))
        .where(and(eq(guardianLearners.guardianId, guardianId), eq(guardianLearners.schoolId, schoolId)))
        .orderBy(asc(learners.name))
    },
    async rolesIn(userId: string, schoolId: string) {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.schoolId, schoolId), isNull(memberships.disabledAt)))
      return rows.map((row) => row.role as Role)
    },
    async update(userId: string, values: { language?: string; name?: string }) {
      await db.update(users).set(values).where(eq(users.id, userId))
    },
  }
}
