import { and, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import type { DbOrTx } from '../../db/database.ts'
import { memberships, notificationPreferences, notifications, pushSubscriptions, schools, users } from '../../db/schema.ts'
import type { PreferencesRow } from './preferences.ts'

export type NotificationRow = typeof notifications.$inferSelect
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect

export interface NewNotification {
  schoolId: string
  userId: string
  category: NotificationCategory
  kind: string
  params: Record<string, string | number>
  path: string
  dedupeKey: string | null
  /** The language to write it in when the feature decided it (else the recipient's own). */
  language?: LanguageChoice | null
  /** Only this channel besides in-app (a reminder on a channel staff chose). */
  onlyChannel?: 'email' | 'push' | null
  /** An iCalendar file sent with the email (a forum meeting's invitation). */
  calendar?: string | null
}

const recipientColumns = { id: users.id, name: users.name, email: users.email, language: users.language, disabledAt: users.disabledAt }

/** Notifications, preferences and push subscriptions: queries only, no rules. */
export function createNotificationsRepository(db: DbOrTx) {
  return {
    async recipient(userId: string) {
      const [row] = await db.select(recipientColumns).from(users).where(eq(users.id, userId))
      return row
    },

    /**
     * What dispatch needs of each notification, in one query: the notification, its recipient,
     * their stored preferences (null: none stored), whether they are a parent anywhere (parents
     * get quiet hours by default), whether they have a push device, and their unread count in
     * the notification's school (for the live event).
     */
    async dispatchInputs(ids: string[]) {
      if (ids.length === 0) return []
      return db
        .select({
          notification: notifications,
          recipient: recipientColumns,
          preferences: notificationPreferences,
          isParent: sql<boolean>`exists (select 1 from ${memberships} where ${memberships.userId} = ${notifications.userId} and ${memberships.role} = 'parent')`,
          hasPushDevice: sql<boolean>`exists (select 1 from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${notifications.userId})`,
          unread: sql<number>`(select count(*)::int from ${notifications} as mine where mine.user_id = ${notifications.userId}
            and mine.school_id = ${notifications.schoolId} and mine.read_at is null)`,
        })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .leftJoin(notificationPreferences, eq(notificationPreferences.userId, notifications.userId))
        .where(inArray(notifications.id, ids))
    },

    async isParent(userId: string): Promise<boolean> {
      const [row] = await db
        .select({ n: count() })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.role, 'parent')))
      return (row?.n ?? 0) > 0
    },

    async preferencesRow(userId: string): Promise<PreferencesRow | undefined> {
      const [row] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId))
      return row
    },

    async savePreferences(row: PreferencesRow, language: string) {
      await db.update(users).set({ language }).where(eq(users.id, row.userId))
      await db.insert(notificationPreferences).values(row).onConflictDoUpdate({ target: notificationPreferences.userId, set: row })
    },

    async school(schoolId: string) {
      const [row] = await db.select().from(schools).where(eq(schools.id, schoolId))
      return row
    },

    /**
     * Inserts notifications; one already asked for under the same dedupe key is not made twice.
     * Returns the ids of those made (in no particular order). The rows travel as one JSON
     * parameter: a multi-row INSERT of a thousand rows costs more to build than the database's
     * work on it.
     */
    async insertNotifications(rows: NewNotification[]): Promise<string[]> {
      if (rows.length === 0) return []
      const input = rows.map((r) => ({
        school_id: r.schoolId,
        user_id: r.userId,
        category: r.category,
        kind: r.kind,
        params: r.params,
        path: r.path,
        dedupe_key: r.dedupeKey,
        language: r.language ?? null,
        only_channel: r.onlyChannel ?? null,
        calendar: r.calendar ?? null,
      }))
      const result = await db.execute(sql`
        insert into ${notifications} (school_id, user_id, category, kind, params, path, dedupe_key, language, only_channel, calendar)
        select school_id, user_id, category, kind, params, path, dedupe_key, language, only_channel, calendar
        from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as r(school_id uuid, user_id uuid, category text,
          kind text, params jsonb, path text, dedupe_key text, language text, only_channel text, calendar text)
        on conflict do nothing
        returning id`)
      return (result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id)
    },

    async list(userId: string, schoolId: string, before: Date | undefined, limit: number): Promise<NotificationRow[]> {
      return db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, userId),
            eq(notifications.schoolId, schoolId),
            before ? lt(notifications.createdAt, before) : undefined,
          ),
        )
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit)
    },

    async unreadCount(userId: string, schoolId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.schoolId, schoolId), isNull(notifications.readAt)))
      return row?.n ?? 0
    },

    /** Marks the person's own notifications read; returns the ids it found. */
    async markRead(userId: string, schoolId: string, ids: string[] | 'all'): Promise<string[]> {
      const rows = await db
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
        .where(
          and(
            eq(notifications.userId, userId),
            eq(notifications.schoolId, schoolId),
            ids === 'all' ? isNull(notifications.readAt) : inArray(notifications.id, ids),
          ),
        )
        .returning({ id: notifications.id })
      return rows.map((r) => r.id)
    },

    async pushSubscriptions(userId: string): Promise<PushSubscriptionRow[]> {
      return db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId)).orderBy(pushSubscriptions.createdAt)
    },

    /** A browser's endpoint belongs to whoever subscribed last on it (a shared family tablet). */
    async savePushSubscription(row: { userId: string; endpoint: string; p256dh: string; auth: string; label: string }) {
      const [saved] = await db
        .insert(pushSubscriptions)
        .values(row)
        .onConflictDoUpdate({
          target: pushSubscriptions.endpoint,
          set: { userId: row.userId, p256dh: row.p256dh, auth: row.auth, label: row.label, createdAt: new Date() },
        })
        .returning()
      return saved as PushSubscriptionRow
    },

    async deletePushSubscription(where: { userId: string; id?: string; endpoint?: string }): Promise<number> {
      const rows = await db
        .delete(pushSubscriptions)
        .where(
          and(
            eq(pushSubscriptions.userId, where.userId),
            where.id ? eq(pushSubscriptions.id, where.id) : undefined,
            where.endpoint ? eq(pushSubscriptions.endpoint, where.endpoint) : undefined,
          ),
        )
        .returning({ id: pushSubscriptions.id })
      return rows.length
    },

    /** The push service said the subscription is gone (404/410). */
    async forgetPushSubscription(id: string) {
      await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, id))
    },
  }
}
export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>
