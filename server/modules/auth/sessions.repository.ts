import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Role } from '../../../shared/schemas/people.ts'
import type { DbOrTx } from '../../db/database.ts'
import { memberships, sessions, users } from '../../db/schema.ts'

export function createSessionsRepository(db: DbOrTx) {
  return {
    async insert(values: { userId: string; schoolId: string | null; tokenHash: string; csrfToken: string; expiresAt: Date }) {
      const [row] = await db.insert(sessions).values(values).returning()
      return row
    },
    /** The live session behind a cookie, with its person; null when unknown, expired, revoked or disabled. */
    async findLive(tokenHash: string, now: Date) {
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
      return row ?? null
    },
    async rolesOf(userId: string) {
      return (await db
        .select({ schoolId: memberships.schoolId, role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), isNull(memberships.disabledAt)))) as { schoolId: string; role: Role }[]
    },
    async revoke(sessionId: string, now: Date) {
      await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId))
    },
  }
}
export type SessionsRepository = ReturnType<typeof createSessionsRepository>
