import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import type { ItemStatus } from '../../../shared/schemas/forum.ts'
import type { DbOrTx } from '../../db/database.ts'
import { forumItemComments, forumItemEvents, forumItemSupports, forumItems, users } from '../../db/schema.ts'

export type ItemRow = typeof forumItems.$inferSelect & { supports: number; supportedByMe: boolean; authorName: string | null }

/** Agenda items, their supports, history and comments: queries only, no rules. */
export function createItemsRepository(db: DbOrTx) {
  // Spelled out with its table: a query without a join makes Drizzle write a bare "id".
  const itemId = sql.raw('"forum_items"."id"')
  const supportsOf = sql<number>`(select count(*)::int from forum_item_supports s where s.item_id = ${itemId})`
  const withCounts = (userId: string) => ({
    item: forumItems,
    supports: supportsOf,
    supportedByMe: sql<boolean>`exists (select 1 from forum_item_supports s where s.item_id = ${itemId} and s.user_id = ${userId})`,
    authorName: users.name,
  })
  const flatten = (r: { item: typeof forumItems.$inferSelect; supports: number; supportedByMe: boolean; authorName: string | null }) => ({
    ...r.item,
    supports: r.supports,
    supportedByMe: r.supportedByMe,
    authorName: r.authorName,
  })

  return {
    async insert(values: typeof forumItems.$inferInsert): Promise<string> {
      const [row] = await db.insert(forumItems).values(values).returning({ id: forumItems.id })
      if (!row) throw new Error('item not inserted')
      return row.id
    },

    /** One item of a forum, as the asker sees its counts; `lock` holds its row for a status change. */
    async find(forumId: string, itemId: string, userId: string, lock = false): Promise<ItemRow | undefined> {
      if (lock) await db.execute(sql`select 1 from ${forumItems} where ${forumItems.id} = ${itemId} for update`)
      const [row] = await db
        .select(withCounts(userId))
        .from(forumItems)
        .leftJoin(users, eq(users.id, forumItems.authorId))
        .where(and(eq(forumItems.forumId, forumId), eq(forumItems.id, itemId)))
      return row ? flatten(row) : undefined
    },

    async list(forumId: string, userId: string, statuses?: readonly ItemStatus[]): Promise<ItemRow[]> {
      const rows = await db
        .select(withCounts(userId))
        .from(forumItems)
        .leftJoin(users, eq(users.id, forumItems.authorId))
        .where(and(eq(forumItems.forumId, forumId), statuses ? inArray(forumItems.status, [...statuses]) : undefined))
        .orderBy(desc(forumItems.createdAt))
        .limit(500)
      return rows.map(flatten)
    },

    /** Accepted items, carried-over first, then by support, then oldest first. */
    async rankedAccepted(forumId: string) {
      const supports = supportsOf
      return db
        .select({
          itemId: forumItems.id,
          titleCy: forumItems.titleCy,
          titleEn: forumItems.titleEn,
          supports,
          carriedOver: forumItems.carriedOver,
        })
        .from(forumItems)
        .where(and(eq(forumItems.forumId, forumId), eq(forumItems.status, 'accepted')))
        .orderBy(desc(forumItems.carriedOver), desc(supports), asc(forumItems.createdAt))
    },

    async countOpenBy(forumId: string, authorId: string, statuses: readonly ItemStatus[]): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(forumItems)
        .where(and(eq(forumItems.forumId, forumId), eq(forumItems.authorId, authorId), inArray(forumItems.status, [...statuses])))
      return row?.n ?? 0
    },

    async update(itemId: string, values: Partial<typeof forumItems.$inferInsert>) {
      await db
        .update(forumItems)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(forumItems.id, itemId))
    },

    async setStatuses(itemIds: string[], status: ItemStatus, carriedOver: boolean) {
      if (itemIds.length === 0) return
      await db.update(forumItems).set({ status, carriedOver, updatedAt: new Date() }).where(inArray(forumItems.id, itemIds))
    },

    async recordEvents(events: (typeof forumItemEvents.$inferInsert)[]) {
      if (events.length > 0) await db.insert(forumItemEvents).values(events)
    },

    async history(itemId: string) {
      return db
        .select({
          kind: forumItemEvents.kind,
          fromStatus: forumItemEvents.fromStatus,
          toStatus: forumItemEvents.toStatus,
          actorId: forumItemEvents.actorId,
          actorName: users.name,
          language: forumItemEvents.language,
          at: forumItemEvents.createdAt,
        })
        .from(forumItemEvents)
        .leftJoin(users, eq(users.id, forumItemEvents.actorId))
        .where(eq(forumItemEvents.itemId, itemId))
        .orderBy(asc(forumItemEvents.createdAt), asc(forumItemEvents.id))
    },

    /** Adds a support; false when this person already supports the item. */
    async addSupport(schoolId: string, itemId: string, userId: string): Promise<boolean> {
      const rows = await db
        .insert(forumItemSupports)
        .values({ schoolId, itemId, userId })
        .onConflictDoNothing()
        .returning({ userId: forumItemSupports.userId })
      return rows.length > 0
    },

    async removeSupport(itemId: string, userId: string): Promise<boolean> {
      const rows = await db
        .delete(forumItemSupports)
        .where(and(eq(forumItemSupports.itemId, itemId), eq(forumItemSupports.userId, userId)))
        .returning({ userId: forumItemSupports.userId })
      return rows.length > 0
    },

    async supporterIds(itemIds: string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>()
      if (itemIds.length === 0) return out
      const rows = await db
        .select({ itemId: forumItemSupports.itemId, userId: forumItemSupports.userId })
        .from(forumItemSupports)
        .where(inArray(forumItemSupports.itemId, itemIds))
      for (const r of rows) out.set(r.itemId, [...(out.get(r.itemId) ?? []), r.userId])
      return out
    },

    /** Stores a comment; a resend with the same client id returns the stored one. */
    async insertComment(values: { schoolId: string; itemId: string; authorId: string; clientId: string; body: string }) {
      await db.insert(forumItemComments).values(values).onConflictDoNothing()
      const [row] = await db
        .select({ comment: forumItemComments, authorName: users.name })
        .from(forumItemComments)
        .leftJoin(users, eq(users.id, forumItemComments.authorId))
        .where(and(eq(forumItemComments.authorId, values.authorId), eq(forumItemComments.clientId, values.clientId)))
      return row
    },

    async comments(itemId: string) {
      return db
        .select({ comment: forumItemComments, authorName: users.name })
        .from(forumItemComments)
        .leftJoin(users, eq(users.id, forumItemComments.authorId))
        .where(eq(forumItemComments.itemId, itemId))
        .orderBy(asc(forumItemComments.createdAt), asc(forumItemComments.id))
        .limit(1000)
    },
  }
}
export type ItemsRepository = ReturnType<typeof createItemsRepository>
