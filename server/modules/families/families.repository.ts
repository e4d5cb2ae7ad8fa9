import { and, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import { classes, familyImports, guardianLearners, learners, memberships, users } from '../../db/schema.ts'

export function createFamiliesRepository(db: DbOrTx) {
  return {
    /** Class ids by lower-case name, in either language. */
    async classIdsByName(schoolId: string): Promise<Map<string, string>> {
      const rows = await db
        .select({ id: classes.id, nameCy: classes.nameCy, nameEn: classes.nameEn })
        .from(classes)
        .where(eq(classes.schoolId, schoolId))
      const map = new Map<string, string>()
      for (const row of rows) {
        map.set(row.nameCy.toLowerCase(), row.id)
        map.set(row.nameEn.toLowerCase(), row.id)
      }
      return map
    },
    async insertImport(values: { id: string; schoolId: string; createdBy: string | null; csv: string; totalRows: number }) {
      await db.insert(familyImports).values(values)
    },
    async deleteImport(id: string) {
      await db.delete(familyImports).where(eq(familyImports.id, id))
    },
    async importById(id: string, schoolId?: string) {
      const [row] = await db
        .select()
        .from(familyImports)
        .where(schoolId ? and(eq(familyImports.id, id), eq(familyImports.schoolId, schoolId)) : eq(familyImports.id, id))
      return row ?? null
    },
    async updateImport(id: string, values: Partial<typeof familyImports.$inferInsert>) {
      await db.update(familyImports).set(values).where(eq(familyImports.id, id))
    },
    async learnerByRef(schoolId: string, externalRef: string) {
      const [row] = await db
        .select()
        .from(learners)
        .where(and(eq(learners.schoolId, schoolId), eq(learners.externalRef, externalRef)))
      return row ?? null
    },
    async insertLearner(values: { schoolId: string; externalRef: string; name: string; classId: string }) {
      const [row] = await db.insert(learners).values(values).returning()
      if (!row) throw new Error('learner insert returned nothing')
      return row
    },
    async updateLearner(id: string, values: { name: string; classId: string }) {
      await db.update(learners).set(values).where(eq(learners.id, id))
    },
    async userByEmail(email: string) {
      const [row] = await db.select().from(users).where(eq(users.email, email))
      return row ?? null
    },
    /** A guardian known only by phone is matched among this school's parents without email. */
    async parentByPhone(schoolId: string, phone: string) {
      const [row] = await db
        .select({ user: users })
        .from(users)
        .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.schoolId, schoolId), eq(memberships.role, 'parent')))
        .where(and(eq(users.phone, phone), isNull(users.email)))
        .limit(1)
      return row?.user ?? null
    },
    async insertUser(values: { name: string; email: string | null; phone: string | null; language: string }) {
      const [row] = await db.insert(users).values(values).returning()
      if (!row) throw new Error('user insert returned nothing')
      return row
    },
    async updateUser(id: string, values: { name?: string; phone?: string | null }) {
      await db.update(users).set(values).where(eq(users.id, id))
    },
    /** Returns true when the row was new. */
    async addParentMembership(schoolId: string, userId: string): Promise<boolean> {
      const rows = await db
        .insert(memberships)
        .values({ schoolId, userId, role: 'parent' })
        .onConflictDoNothing()
        .returning({ id: memberships.id })
      return rows.length > 0
    },
    async linkGuardian(schoolId: string, guardianId: string, learnerId: string): Promise<boolean> {
      const rows = await db
        .insert(guardianLearners)
        .values({ schoolId, guardianId, learnerId })
        .onConflictDoNothing()
        .returning({ id: guardianLearners.id })
      return rows.length > 0
    },
    async countLearners(schoolId: string) {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(learners).where(eq(learners.schoolId, schoolId))
      return row?.n ?? 0
    },
  }
}
export type FamiliesRepository = ReturnType<typeof createFamiliesRepository>
