import { and, asc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import {
  forumAttendance,
  forumItemComments,
  forumItemSupports,
  forumItems,
  forumMembers,
  forums,
  newsletterContacts,
  newsletterRecipients,
  newsletters,
} from '../../db/schema.ts'

/** A family's forum participation and the newsletters it received, for its export. */
export function createExportParticipationRepository(db: DbOrTx) {
  return {
    forumMemberships: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          forumId: forumMembers.forumId,
          userId: forumMembers.userId,
          nameCy: forums.nameCy,
          nameEn: forums.nameEn,
          role: forumMembers.role,
          createdAt: forumMembers.createdAt,
        })
        .from(forumMembers)
        .innerJoin(forums, eq(forums.id, forumMembers.forumId))
        .where(and(eq(forumMembers.schoolId, schoolId), inArray(forumMembers.userId, adultIds))),

    /** Items the family proposed, anonymous ones included: the author is the one asking. */
    forumItems: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: forumItems.id,
          authorId: forumItems.authorId,
          forumId: forumItems.forumId,
          anonymous: forumItems.anonymous,
          originalLanguage: forumItems.originalLanguage,
          titleCy: forumItems.titleCy,
          titleEn: forumItems.titleEn,
          descriptionCy: forumItems.descriptionCy,
          descriptionEn: forumItems.descriptionEn,
          status: forumItems.status,
          createdAt: forumItems.createdAt,
        })
        .from(forumItems)
        .where(and(eq(forumItems.schoolId, schoolId), inArray(forumItems.authorId, adultIds)))
        .orderBy(asc(forumItems.createdAt)),

    forumComments: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: forumItemComments.id,
          itemId: forumItemComments.itemId,
          authorId: forumItemComments.authorId,
          body: forumItemComments.body,
          createdAt: forumItemComments.createdAt,
        })
        .from(forumItemComments)
        .where(and(eq(forumItemComments.schoolId, schoolId), inArray(forumItemComments.authorId, adultIds)))
        .orderBy(asc(forumItemComments.createdAt)),

    forumSupports: (schoolId: string, adultIds: string[]) =>
      db
        .select({ itemId: forumItemSupports.itemId, userId: forumItemSupports.userId, createdAt: forumItemSupports.createdAt })
        .from(forumItemSupports)
        .where(and(eq(forumItemSupports.schoolId, schoolId), inArray(forumItemSupports.userId, adultIds))),

    forumAttendance: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          meetingId: forumAttendance.meetingId,
          userId: forumAttendance.userId,
          attending: forumAttendance.attending,
          language: forumAttendance.language,
          updatedAt: forumAttendance.updatedAt,
        })
        .from(forumAttendance)
        .where(and(eq(forumAttendance.schoolId, schoolId), inArray(forumAttendance.userId, adultIds))),

    newsletters: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: newsletters.id,
          userId: newsletterRecipients.userId,
          titleCy: newsletters.titleCy,
          titleEn: newsletters.titleEn,
          sentAt: newsletters.sentAt,
          language: newsletterRecipients.language,
          notificationId: newsletterRecipients.notificationId,
          openedAt: newsletterRecipients.openedAt,
          openedVia: newsletterRecipients.openedVia,
        })
        .from(newsletterRecipients)
        .innerJoin(newsletters, eq(newsletters.id, newsletterRecipients.newsletterId))
        .where(and(eq(newsletterRecipients.schoolId, schoolId), inArray(newsletterRecipients.userId, adultIds)))
        .orderBy(asc(newsletterRecipients.createdAt)),

    newsletterContacts: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          newsletterId: newsletterContacts.newsletterId,
          userId: newsletterContacts.userId,
          method: newsletterContacts.method,
          createdAt: newsletterContacts.createdAt,
        })
        .from(newsletterContacts)
        .where(and(eq(newsletterContacts.schoolId, schoolId), inArray(newsletterContacts.userId, adultIds))),
  }
}
export type ExportParticipationRepository = ReturnType<typeof createExportParticipationRepository>
