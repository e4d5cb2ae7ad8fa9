import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import { forumActions, forumAgendaEntries, forumAttendance, forumMeetings } from '../../db/schema.ts'

export type MeetingRow = typeof forumMeetings.$inferSelect
export type EntryRow = typeof forumAgendaEntries.$inferSelect
export type ActionRow = typeof forumActions.$inferSelect

/** Meetings, their agenda entries and minutes, actions and attendance: queries only, no rules. */
export function createMeetingsRepository(db: DbOrTx) {
  return {
    async insert(values: typeof forumMeetings.$inferInsert): Promise<string> {
      const [row] = await db.insert(forumMeetings).values(values).returning({ id: forumMeetings.id })
      if (!row) throw new Error('meeting not inserted')
      return row.id
    },

    async find(forumId: string, meetingId: string, lock = false): Promise<MeetingRow | undefined> {
      const query = db
        .select()
        .from(forumMeetings)
        .where(and(eq(forumMeetings.forumId, forumId), eq(forumMeetings.id, meetingId)))
      const [row] = lock ? await query.for('update') : await query
      return row
    },

    async list(forumId: string) {
      return db.select().from(forumMeetings).where(eq(forumMeetings.forumId, forumId)).orderBy(desc(forumMeetings.startsAt)).limit(200)
    },

    async update(meetingId: string, values: Partial<typeof forumMeetings.$inferInsert>) {
      await db.update(forumMeetings).set(values).where(eq(forumMeetings.id, meetingId))
    },

    async entries(meetingId: string): Promise<EntryRow[]> {
      return db
        .select()
        .from(forumAgendaEntries)
        .where(eq(forumAgendaEntries.meetingId, meetingId))
        .orderBy(asc(forumAgendaEntries.position))
    },

    /** Replaces the agenda: entries kept by item keep their minutes; the rest are new. */
    async replaceEntries(
      schoolId: string,
      meetingId: string,
      entries: Omit<typeof forumAgendaEntries.$inferInsert, 'schoolId' | 'meetingId'>[],
    ) {
      await db.delete(forumAgendaEntries).where(eq(forumAgendaEntries.meetingId, meetingId))
      if (entries.length > 0) await db.insert(forumAgendaEntries).values(entries.map((e) => ({ ...e, schoolId, meetingId })))
    },

    async updateEntry(meetingId: string, entryId: string, values: Partial<typeof forumAgendaEntries.$inferInsert>): Promise<boolean> {
      const rows = await db
        .update(forumAgendaEntries)
        .set(values)
        .where(and(eq(forumAgendaEntries.meetingId, meetingId), eq(forumAgendaEntries.id, entryId)))
        .returning({ id: forumAgendaEntries.id })
      return rows.length > 0
    },

    async actions(meetingId: string): Promise<ActionRow[]> {
      return db.select().from(forumActions).where(eq(forumActions.meetingId, meetingId)).orderBy(asc(forumActions.createdAt))
    },

    async insertAction(values: typeof forumActions.$inferInsert): Promise<ActionRow> {
      const [row] = await db.insert(forumActions).values(values).returning()
      if (!row) throw new Error('action not inserted')
      return row
    },

    async findAction(forumId: string, actionId: string): Promise<ActionRow | undefined> {
      const [row] = await db
        .select({ action: forumActions })
        .from(forumActions)
        .innerJoin(forumMeetings, eq(forumMeetings.id, forumActions.meetingId))
        .where(and(eq(forumMeetings.forumId, forumId), eq(forumActions.id, actionId)))
      return row?.action
    },

    async updateAction(actionId: string, values: Partial<typeof forumActions.$inferInsert>): Promise<ActionRow> {
      const [row] = await db
        .update(forumActions)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(forumActions.id, actionId))
        .returning()
      if (!row) throw new Error('action not updated')
      return row
    },

    /** Actions linked to these items (for "you said, we did"). */
    async actionsOfItems(itemIds: string[]): Promise<ActionRow[]> {
      if (itemIds.length === 0) return []
      return db.select().from(forumActions).where(inArray(forumActions.itemId, itemIds)).orderBy(asc(forumActions.dueOn))
    },

    async setAttendance(values: { schoolId: string; meetingId: string; userId: string; attending: boolean; language: string }) {
      await db
        .insert(forumAttendance)
        .values(values)
        .onConflictDoUpdate({
          target: [forumAttendance.meetingId, forumAttendance.userId],
          set: { attending: values.attending, language: values.language, updatedAt: new Date() },
        })
    },

    async attendance(meetingId: string) {
      return db
        .select({ userId: forumAttendance.userId, attending: forumAttendance.attending, language: forumAttendance.language })
        .from(forumAttendance)
        .where(eq(forumAttendance.meetingId, meetingId))
    },
  }
}
export type MeetingsRepository = ReturnType<typeof createMeetingsRepository>
