import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { ForumDraft, ForumRole } from '../../../shared/schemas/forum.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import type { DbOrTx } from '../../db/database.ts'
import { classes, forumMembers, forums, memberships, users } from '../../db/schema.ts'

export type ForumRow = typeof forums.$inferSelect

/** Forums and their members: queries only, no rules. */
export function createForumsRepository(db: DbOrTx) {
  return {
    async insert(schoolId: string, draft: ForumDraft): Promise<string> {
      const [row] = await db
        .insert(forums)
        .values({ schoolId, ...draft })
        .returning({ id: forums.id })
      if (!row) throw new Error('forum not inserted')
      return row.id
    },

    async find(schoolId: string, forumId: string): Promise<ForumRow | undefined> {
      const [row] = await db
        .select()
        .from(forums)
        .where(and(eq(forums.schoolId, schoolId), eq(forums.id, forumId)))
      return row
    },

    /** The forums of a school with member and open-item counts, and the asker's role in each. */
    async list(schoolId: string, userId: string) {
      // Spelled out with its table: without a join, Drizzle writes a bare "id", which inside the
      // subqueries would mean the inner table's own id.
      const forumId = sql.raw('"forums"."id"')
      return db
        .select({
          id: forums.id,
          nameCy: forums.nameCy,
          nameEn: forums.nameEn,
          myRole: sql<ForumRole | null>`(select fm.role from forum_members fm where fm.forum_id = ${forumId} and fm.user_id = ${userId})`,
          members: sql<number>`(select count(*)::int from forum_members fm where fm.forum_id = ${forumId})`,
          openItems: sql<number>`(select count(*)::int from forum_items fi
            where fi.forum_id = ${forumId} and fi.status in ('proposed', 'accepted', 'scheduled'))`,
        })
        .from(forums)
        .where(eq(forums.schoolId, schoolId))
        .orderBy(asc(forums.createdAt))
    },

    async roleOf(forumId: string, userId: string): Promise<ForumRole | null> {
      const [row] = await db
        .select({ role: forumMembers.role })
        .from(forumMembers)
        .where(and(eq(forumMembers.forumId, forumId), eq(forumMembers.userId, userId)))
      return (row?.role as ForumRole | undefined) ?? null
    },

    async members(forumId: string) {
      return db
        .select({
          userId: forumMembers.userId,
          name: users.name,
          role: forumMembers.role,
          representsClassId: forumMembers.representsClassId,
          representsClassCy: classes.nameCy,
          representsClassEn: classes.nameEn,
          representsYear: forumMembers.representsYear,
        })
        .from(forumMembers)
        .innerJoin(users, eq(users.id, forumMembers.userId))
        .leftJoin(classes, eq(classes.id, forumMembers.representsClassId))
        .where(eq(forumMembers.forumId, forumId))
        .orderBy(asc(users.name))
    },

    /** Member ids by role (for notifications). */
    async memberIds(forumId: string, roles: readonly ForumRole[] = ['member', 'chair', 'facilitator']): Promise<string[]> {
      const rows = await db
        .select({ userId: forumMembers.userId })
        .from(forumMembers)
        .where(and(eq(forumMembers.forumId, forumId), inArray(forumMembers.role, [...roles])))
      return rows.map((r) => r.userId)
    },

    async upsertMember(
      schoolId: string,
      forumId: string,
      userId: string,
      member: { role: ForumRole; representsClassId: string | null; representsYear: number | null },
    ) {
      await db
        .insert(forumMembers)
        .values({ schoolId, forumId, userId, ...member })
        .onConflictDoUpdate({ target: [forumMembers.forumId, forumMembers.userId], set: member })
    },

    async removeMember(forumId: string, userId: string): Promise<boolean> {
      const rows = await db
        .delete(forumMembers)
        .where(and(eq(forumMembers.forumId, forumId), eq(forumMembers.userId, userId)))
        .returning({ userId: forumMembers.userId })
      return rows.length > 0
    },

    /** A person's active roles in the school (none: not of this school, or access turned off). */
    async schoolRolesOf(schoolId: string, userId: string): Promise<Role[]> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.schoolId, schoolId), eq(memberships.userId, userId), isNull(memberships.disabledAt)))
      return rows.map((r) => r.role as Role)
    },

    async classOfSchool(schoolId: string, classId: string): Promise<boolean> {
      const [row] = await db
        .select({ n: count() })
        .from(classes)
        .where(and(eq(classes.schoolId, schoolId), eq(classes.id, classId)))
      return (row?.n ?? 0) > 0
    },

    /** People of the school who may be added: active parents and staff, with whether they are staff. */
    async candidates(schoolId: string) {
      return db
        .select({
          userId: users.id,
          name: users.name,
          staff: sql<boolean>`bool_or(${memberships.role} <> 'parent')`,
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.schoolId, schoolId), isNull(memberships.disabledAt), isNull(users.disabledAt)))
        .groupBy(users.id, users.name)
        .orderBy(asc(users.name))
    },

    /** Active people of the school holding one of the roles (the designated safeguarding leads). */
    async peopleInRole(schoolId: string, role: Role): Promise<string[]> {
      const rows = await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.schoolId, schoolId), eq(memberships.role, role), isNull(memberships.disabledAt)))
      return rows.map((r) => r.userId)
    },
  }
}
export type ForumsRepository = ReturnType<typeof createForumsRepository>
