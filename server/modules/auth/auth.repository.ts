import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import { invitations, magicLinks, memberships, schools, users } from '../../db/schema.ts'

/** Queries behind sign-in: users by email, magic links, invitations, the first-school check. */
export function createAuthRepository(db: DbOrTx) {
  return {
    async userByEmail(email: string) {
      const [row] = await db.select().from(users).where(eq(users.email, email))
      return row ?? null
    },
    async userById(id: string) {
      const [row] = await db.select().from(users).where(eq(users.id, id))
      return row ?? null
    },
    async insertMagicLink(values: { id: string; userId: string; tokenHash: string; expiresAt: Date }) {
      await db.insert(magicLinks).values(values)
    },
    async deleteMagicLink(id: string) {
      await db.delete(magicLinks).where(eq(magicLinks.id, id))
    },
    async magicLinkById(id: string) {
      const [row] = await db.select().from(magicLinks).where(eq(magicLinks.id, id))
      return row ?? null
    },
    /** Marks an unused, unexpired link used and returns it; null if none (so a link works once). */
    async consumeMagicLink(tokenHash: string, now: Date) {
      const [row] = await db
        .update(magicLinks)
        .set({ usedAt: now })
        .where(and(eq(magicLinks.tokenHash, tokenHash), isNull(magicLinks.usedAt), gt(magicLinks.expiresAt, now)))
        .returning()
      return row ?? null
    },
    async insertInvitation(values: typeof invitations.$inferInsert) {
      await db.insert(invitations).values(values)
    },
    async invitationById(id: string) {
      const [row] = await db.select().from(invitations).where(eq(invitations.id, id))
      return row ?? null
    },
    async consumeInvitation(tokenHash: string, kind: 'setup' | 'member', now: Date) {
      const [row] = await db
        .update(invitations)
        .set({ usedAt: now })
        .where(
          and(eq(invitations.tokenHash, tokenHash), eq(invitations.kind, kind), isNull(invitations.usedAt), gt(invitations.expiresAt, now)),
        )
        .returning()
      return row ?? null
    },
    /** Unused setup links are withdrawn when a new one is printed, so only the latest works. */
    async expireSetupInvitations(now: Date) {
      await db
        .update(invitations)
        .set({ expiresAt: now })
        .where(and(eq(invitations.kind, 'setup'), isNull(invitations.usedAt)))
    },
    async schoolCount() {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(schools)
      return row?.n ?? 0
    },
    async firstSchoolOf(userId: string) {
      const [row] = await db
        .select({ schoolId: memberships.schoolId })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), isNull(memberships.disabledAt)))
        .orderBy(memberships.createdAt)
        .limit(1)
      return row?.schoolId ?? null
    },
    async isMember(schoolId: string, userId: string) {
      const [row] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.schoolId, schoolId), eq(memberships.userId, userId), isNull(memberships.disabledAt)))
        .limit(1)
      return row !== undefined
    },
    async setPassword(userId: string, passwordHash: string) {
      await db.update(users).set({ passwordHash }).where(eq(users.id, userId))
    },
    async insertSchool(values: { nameCy: string; nameEn: string }) {
      const [row] = await db.insert(schools).values(values).returning()
      if (!row) throw new Error('school insert returned nothing')
      return row
    },
    async insertUser(values: typeof users.$inferInsert) {
      const [row] = await db.insert(users).values(values).returning()
      if (!row) throw new Error('user insert returned nothing')
      return row
    },
    async insertMembership(values: { schoolId: string; userId: string; role: string }) {
      await db.insert(memberships).values(values).onConflictDoNothing()
    },
  }
}
export type AuthRepository = ReturnType<typeof createAuthRepository>
