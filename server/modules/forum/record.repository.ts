import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { ItemStatus } from '../../../shared/schemas/forum.ts'
import type { DbOrTx } from '../../db/database.ts'
import { forumAgendaEntries, forumItems, forumMeetings, forums } from '../../db/schema.ts'

/** The queries behind "you said, we did": no rules. */
export function createRecordRepository(db: DbOrTx) {
  return {
    forums: (schoolId: string) => db.select().from(forums).where(eq(forums.schoolId, schoolId)).orderBy(asc(forums.createdAt)),

    items: (schoolId: string, statuses: readonly ItemStatus[]) =>
      db
        .select()
        .from(forumItems)
        .where(and(eq(forumItems.schoolId, schoolId), inArray(forumItems.status, [...statuses])))
        .orderBy(desc(forumItems.updatedAt)),

    /** The agenda entries that discussed these items, in meetings whose minutes are approved. */
    async decisions(itemIds: string[]) {
      if (itemIds.length === 0) return []
      return db
        .select({ entry: forumAgendaEntries, meeting: forumMeetings })
        .from(forumAgendaEntries)
        .innerJoin(forumMeetings, eq(forumMeetings.id, forumAgendaEntries.meetingId))
        .where(and(inArray(forumAgendaEntries.itemId, itemIds), eq(forumMeetings.minutesStatus, 'approved')))
        .orderBy(asc(forumMeetings.startsAt))
    },
  }
}
