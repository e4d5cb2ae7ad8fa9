import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Role } from '../../../shared/schemas/people.ts'
import type { DbOrTx } from '../../db/database.ts'
import { classes, classTeachers, memberships, schools, users } from '../../db/schema.ts'

export function createSchoolsRepository(db: DbOrTx) {
  return {
    async school(schoolId: string) {
      const [row] = await db
        .select({ id: schools.id, nameCy: schools.nameCy, nameEn: schools.nameEn })
        .from(schools)
        .where(eq(schools.id, schoolId))
      return row ?? null
    },
    async classes(schoolId: string) {
      return db
        .select({ id: classes.id, nameCy: classes.nameCy, nameEn: classes.nameEn, yearGroup: classes.yearGroup })
        .from(classes)
        .where(eq(classes.schoolId, schoolId))
        .orderBy(asc(classes.yearGroup), asc(classes.nameEn))
    },
    async classById(schoolId: string, classId: string) {
      const [row] = await db
        .select()
        .from(classes)
        .where(and(eq(classes.schoolId, schoolId), eq(classes.id, classId)))
      return row ?? null
    },
    /** Inserts a class; null when the school already has one of either name. */
    async insertClass(schoolId: string, values: { nameCy: string; nameEn: string; yearGroup: number | null }) {
      const [row] = await db
        .insert(classes)
        .values({ schoolId, ...values })
        .onConflictDoNothing()
        .returning({ id: classes.id, nameCy: classes.nameCy, nameEn: classes.nameEn, yearGroup: classes.yearGroup })
      return row ?? null
    },
    async members(schoolId: string, role?: Role) {
      const rows = await db
        .select({
          id: users.id,
          name: users.name,
          email: users.email,
          language: users.language,
          role: memberships.role,
          disabledAt: memberships.disabledAt,
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(role ? and(eq(memberships.schoolId, schoolId), eq(memberships.role, role)) : eq(memberships.schoolId, schoolId))
        .orderBy(asc(users.name))
      return rows
    },
    /** Turns a person's access to the school off (a date) or back on (null); false when they are not a member. */
    async setMembershipDisabled(schoolId: string, userId: string, disabledAt: Date | null): Promise<boolean> {
      const rows = await db
        .update(memberships)
        .set({ disabledAt })
        .where(and(eq(memberships.schoolId, schoolId), eq(memberships.userId, userId)))
        .returning({ id: memberships.id })
      return rows.length > 0
    },
    async rolesOf(schoolId: string, userId: string) {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.schoolId, schoolId), eq(memberships.userId, userId)))
      return rows.map((r) => r.role as Role)
    },
    async userByEmail(email: string) {
      const [row] = await db.select().from(users).where(eq(users.email, email))
      return row ?? null
    },
    async insertUser(values: { name: string; email: string; language: string }) {
      const [row] = await db.insert(users).values(values).returning()
      if (!row) throw new Error('user insert returned nothing')
      return row
    },
    async addMembership(schoolId: string, userId: string, role: Role) {
      await db.insert(memberships).values({ schoolId, userId, role }).onConflictDoNothing()
    },
    async assignTeacher(schoolId: string, classId: string, teacherId: string) {
      await db.insert(classTeachers).values({ schoolId, classId, teacherId }).onConflictDoNothing()
    },
    async teachersOf(schoolId: string, classIds: string[]) {
      if (classIds.length === 0) return []
      return db
        .select({ classId: classTeachers.classId, teacherId: classTeachers.teacherId })
        .from(classTeachers)
        .where(and(eq(classTeachers.schoolId, schoolId), inArray(classTeachers.classId, classIds)))
    },
  }
}
export type SchoolsRepository = ReturnType<typeof createSchoolsRepository>
