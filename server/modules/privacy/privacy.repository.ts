import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import {
  auditLog,
  classes,
  deliveries,
  familyContacts,
  guardianLearners,
  learners,
  memberships,
  notificationPreferences,
  notifications,
  pushSubscriptions,
  schools,
  sessions,
  users,
} from '../../db/schema.ts'

/**
 * What a subject access export reads about the people of one family in one school, by the ids
 * of its adults (conversations and participation are in their own repositories). Queries only.
 * Columns are named one by one: tokens, hashes and push keys are never selected.
 */
export function createPrivacyRepository(db: DbOrTx) {
  return {
    school: async (schoolId: string) =>
      (
        await db.select({ id: schools.id, nameCy: schools.nameCy, nameEn: schools.nameEn }).from(schools).where(eq(schools.id, schoolId))
      )[0],

    adults: (adultIds: string[]) =>
      db
        .select({
          id: users.id,
          name: users.name,
          email: users.email,
          phone: users.phone,
          language: users.language,
          createdAt: users.createdAt,
          disabledAt: users.disabledAt,
        })
        .from(users)
        .where(inArray(users.id, adultIds))
        .orderBy(asc(users.name)),

    roles: (schoolId: string, adultIds: string[]) =>
      db
        .select({ userId: memberships.userId, role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.schoolId, schoolId), inArray(memberships.userId, adultIds))),

    learners: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: learners.id,
          name: learners.name,
          externalRef: learners.externalRef,
          classCy: classes.nameCy,
          classEn: classes.nameEn,
          guardianId: guardianLearners.guardianId,
        })
        .from(guardianLearners)
        .innerJoin(learners, eq(learners.id, guardianLearners.learnerId))
        .leftJoin(classes, eq(classes.id, learners.classId))
        .where(and(eq(guardianLearners.schoolId, schoolId), inArray(guardianLearners.guardianId, adultIds)))
        .orderBy(asc(learners.name)),

    preferences: (adultIds: string[]) => db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, adultIds)),

    pushDevices: (adultIds: string[]) =>
      db
        .select({
          id: pushSubscriptions.id,
          userId: pushSubscriptions.userId,
          endpoint: pushSubscriptions.endpoint,
          label: pushSubscriptions.label,
          createdAt: pushSubscriptions.createdAt,
          lastSuccessAt: pushSubscriptions.lastSuccessAt,
        })
        .from(pushSubscriptions)
        .where(inArray(pushSubscriptions.userId, adultIds)),

    /** Sessions in this school, or before one was chosen; never the token or CSRF token. */
    sessions: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: sessions.id,
          userId: sessions.userId,
          createdAt: sessions.createdAt,
          expiresAt: sessions.expiresAt,
          revokedAt: sessions.revokedAt,
        })
        .from(sessions)
        .where(and(inArray(sessions.userId, adultIds), or(eq(sessions.schoolId, schoolId), isNull(sessions.schoolId))))
        .orderBy(asc(sessions.createdAt)),

    notifications: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: notifications.id,
          userId: notifications.userId,
          category: notifications.category,
          kind: notifications.kind,
          path: notifications.path,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .where(and(eq(notifications.schoolId, schoolId), inArray(notifications.userId, adultIds)))
        .orderBy(asc(notifications.createdAt)),

    deliveries: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: deliveries.id,
          notificationId: deliveries.notificationId,
          channel: deliveries.channel,
          status: deliveries.status,
          reason: deliveries.reason,
          sentAt: deliveries.sentAt,
          createdAt: deliveries.createdAt,
        })
        .from(deliveries)
        .where(and(eq(deliveries.schoolId, schoolId), inArray(deliveries.userId, adultIds))),

    /** The FEO's contact log about the family, with the staff member who wrote each line. */
    familyContacts: (schoolId: string, adultIds: string[]) =>
      db
        .select({
          id: familyContacts.id,
          kind: familyContacts.kind,
          happenedAt: familyContacts.happenedAt,
          recordedBy: users.name,
          note: familyContacts.note,
          followUpOn: familyContacts.followUpOn,
          followUpDoneAt: familyContacts.followUpDoneAt,
        })
        .from(familyContacts)
        .leftJoin(users, eq(users.id, familyContacts.recordedBy))
        .where(and(eq(familyContacts.schoolId, schoolId), inArray(familyContacts.adultId, adultIds)))
        .orderBy(asc(familyContacts.happenedAt)),

    /** What the adults did themselves, in this school or before choosing one (sign-ins). */
    audit: (schoolId: string, adultIds: string[]) =>
      db
        .select({ id: auditLog.id, actorId: auditLog.actorId, action: auditLog.action, createdAt: auditLog.createdAt })
        .from(auditLog)
        .where(and(inArray(auditLog.actorId, adultIds), or(eq(auditLog.schoolId, schoolId), isNull(auditLog.schoolId))))
        .orderBy(asc(auditLog.createdAt)),
  }
}
export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>
