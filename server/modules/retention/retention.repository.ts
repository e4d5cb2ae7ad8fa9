/** Queries for retention periods and safeguarding holds (the rules are in the service). */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Hold, HoldSubjectType, RetentionCategory } from '../../../shared/schemas/retention.ts'
import type { DbOrTx } from '../../db/database.ts'
import { conversations, memberships, retentionHolds, schoolRetention, users } from '../../db/schema.ts'

const creator = alias(users, 'creator')
const releaser = alias(users, 'releaser')
const subjectUser = alias(users, 'subject_user')

export function createRetentionRepository(db: DbOrTx) {
  return {
    /** The school's own periods, by category. */
    async overrides(schoolId: string): Promise<Map<RetentionCategory, number>> {
      const rows = await db
        .select({ category: schoolRetention.category, days: schoolRetention.days })
        .from(schoolRetention)
        .where(eq(schoolRetention.schoolId, schoolId))
      return new Map(rows.map((r) => [r.category as RetentionCategory, r.days]))
    },

    async setOverride(tx: DbOrTx, schoolId: string, category: RetentionCategory, days: number | null, userId: string): Promise<void> {
      if (days === null) {
        await tx.delete(schoolRetention).where(and(eq(schoolRetention.schoolId, schoolId), eq(schoolRetention.category, category)))
        return
      }
      await tx
        .insert(schoolRetention)
        .values({ schoolId, category, days, updatedBy: userId })
        .onConflictDoUpdate({
          target: [schoolRetention.schoolId, schoolRetention.category],
          set: { days, updatedBy: userId, updatedAt: sql`now()` },
        })
    },

    /** Whether the subject belongs to the school: a member (for a family, a parent), or a conversation of it. */
    async subjectInSchool(schoolId: string, type: HoldSubjectType, subjectId: string): Promise<boolean> {
      if (type === 'conversation') {
        const [row] = await db
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.id, subjectId), eq(conversations.schoolId, schoolId)))
        return row !== undefined
      }
      const conditions = [eq(memberships.schoolId, schoolId), eq(memberships.userId, subjectId)]
      if (type === 'family') conditions.push(eq(memberships.role, 'parent'))
      const [row] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(...conditions))
        .limit(1)
      return row !== undefined
    },

    async insertHold(
      tx: DbOrTx,
      values: { schoolId: string; subjectType: HoldSubjectType; subjectId: string; reason: string; createdBy: string },
    ) {
      const [row] = await tx.insert(retentionHolds).values(values).returning({ id: retentionHolds.id })
      if (!row) throw new Error('hold not inserted')
      return row.id
    },

    /** Releases an unreleased hold; false when it was already released (or is not the school's). */
    async releaseHold(tx: DbOrTx, schoolId: string, holdId: string, userId: string, now: Date): Promise<boolean> {
      const rows = await tx
        .update(retentionHolds)
        .set({ releasedAt: now, releasedBy: userId })
        .where(and(eq(retentionHolds.id, holdId), eq(retentionHolds.schoolId, schoolId), isNull(retentionHolds.releasedAt)))
        .returning({ id: retentionHolds.id })
      return rows.length > 0
    },

    async holds(schoolId: string, options: { released: boolean; holdId?: string }): Promise<Hold[]> {
      const conditions = [eq(retentionHolds.schoolId, schoolId)]
      if (!options.released) conditions.push(isNull(retentionHolds.releasedAt))
      if (options.holdId) conditions.push(eq(retentionHolds.id, options.holdId))
      const rows = await db
        .select({
          id: retentionHolds.id,
          subjectType: retentionHolds.subjectType,
          subjectId: retentionHolds.subjectId,
          personName: subjectUser.name,
          conversationTitle: conversations.title,
          reason: retentionHolds.reason,
          createdBy: creator.name,
          createdAt: retentionHolds.createdAt,
          releasedAt: retentionHolds.releasedAt,
          releasedBy: releaser.name,
        })
        .from(retentionHolds)
        .leftJoin(creator, eq(creator.id, retentionHolds.createdBy))
        .leftJoin(releaser, eq(releaser.id, retentionHolds.releasedBy))
        .leftJoin(subjectUser, and(eq(subjectUser.id, retentionHolds.subjectId), sql`${retentionHolds.subjectType} <> 'conversation'`))
        .leftJoin(conversations, and(eq(conversations.id, retentionHolds.subjectId), sql`${retentionHolds.subjectType} = 'conversation'`))
        .where(and(...conditions))
        .orderBy(asc(sql`${retentionHolds.releasedAt} is not null`), desc(retentionHolds.createdAt))
      return rows.map((r) => ({
        id: r.id,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        subjectLabel: r.personName ?? r.conversationTitle ?? '',
        reason: r.reason,
        createdBy: r.createdBy,
        createdAt: r.createdAt.toISOString(),
        releasedAt: r.releasedAt?.toISOString() ?? null,
        releasedBy: r.releasedBy,
      }))
    },
  }
}
export type RetentionRepository = ReturnType<typeof createRetentionRepository>
