/**
 * Rows in every retention category, written straight to the database with the timestamps a test
 * needs: the job reads only the database, so this is the quickest honest way to make old data.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../../server/db/database.ts'
import {
  conversationParticipants,
  conversations,
  deliveries,
  familyContacts,
  invitations,
  magicLinks,
  messageAttachments,
  messageEdits,
  messageReports,
  messages,
  newsletterContacts,
  newsletterRecipients,
  newsletters,
  notifications,
  sessions,
} from '../../server/db/schema.ts'

export const DAY = 86_400_000

export function createSeeder(db: Db) {
  /** A direct conversation between a staff member and a parent with two messages (one edited, one with a file), last at `at`. */
  async function conversation(schoolId: string, staffId: string, parentId: string, at: Date) {
    const [c] = await db
      .insert(conversations)
      .values({
        schoolId,
        kind: 'direct',
        directKey: [staffId, parentId].sort().join(':') + randomUUID(),
        lastSeq: 2,
        lastMessageAt: at,
        createdAt: at,
      })
      .returning()
    if (!c) throw new Error('no conversation')
    await db.insert(conversationParticipants).values([
      { schoolId, conversationId: c.id, userId: staffId, side: 'staff', lastReadSeq: 2 },
      { schoolId, conversationId: c.id, userId: parentId, side: 'family', lastReadSeq: 1 },
    ])
    const [first, second] = await db
      .insert(messages)
      .values([
        { schoolId, conversationId: c.id, seq: 1, authorId: parentId, clientId: randomUUID(), body: 'Bore da', createdAt: at },
        { schoolId, conversationId: c.id, seq: 2, authorId: staffId, clientId: randomUUID(), body: 'Diolch', createdAt: at, editedAt: at },
      ])
      .returning()
    if (!first || !second) throw new Error('no messages')
    await db.insert(messageEdits).values({ schoolId, messageId: second.id, previousBody: 'Diolh', createdAt: at })
    await db.insert(messageAttachments).values({
      schoolId,
      conversationId: c.id,
      messageId: first.id,
      uploadedBy: parentId,
      fileName: 'llythyr.pdf',
      contentType: 'application/pdf',
      size: 4,
      data: Buffer.from('%PDF'),
      createdAt: at,
    })
    return { conversation: c, firstMessageId: first.id }
  }

  async function report(schoolId: string, conversationId: string, messageId: string, reporterId: string, resolved: boolean) {
    await db.insert(messageReports).values({
      schoolId,
      conversationId,
      messageId,
      reporterId,
      reason: 'Pryder',
      resolvedAt: resolved ? new Date() : null,
    })
  }

  /** A notification with an email delivery sent, created at `at`. */
  async function notification(schoolId: string, userId: string, at: Date) {
    const [n] = await db
      .insert(notifications)
      .values({ schoolId, userId, category: 'messages', kind: 'message_received', createdAt: at })
      .returning()
    if (!n) throw new Error('no notification')
    await db
      .insert(deliveries)
      .values({ schoolId, notificationId: n.id, userId, channel: 'email', status: 'sent', sentAt: at, createdAt: at })
    return n
  }

  /** A newsletter sent at `at`, received by the given people, one of them also phoned. */
  async function newsletter(schoolId: string, userIds: string[], at: Date) {
    const [nl] = await db
      .insert(newsletters)
      .values({
        schoolId,
        category: 'newsletter',
        titleCy: 'T',
        titleEn: 'T',
        audience: { kind: 'school' },
        status: 'sent',
        sentAt: at,
        createdAt: at,
      })
      .returning()
    if (!nl) throw new Error('no newsletter')
    await db.insert(newsletterRecipients).values(
      userIds.map((userId) => ({
        schoolId,
        newsletterId: nl.id,
        userId,
        language: 'cy',
        openedAt: at,
        openedVia: 'email',
        createdAt: at,
      })),
    )
    await db
      .insert(newsletterContacts)
      .values(userIds.map((userId) => ({ schoolId, newsletterId: nl.id, userId, method: 'phone', createdAt: at })))
    return nl
  }

  async function contact(schoolId: string, adultId: string, at: Date, options: { openFollowUp?: boolean } = {}) {
    const [c] = await db
      .insert(familyContacts)
      .values({
        schoolId,
        adultId,
        kind: 'phone',
        note: 'Galwad',
        happenedAt: at,
        createdAt: at,
        followUpOn: options.openFollowUp ? '2020-01-01' : null,
      })
      .returning()
    if (!c) throw new Error('no contact')
    return c
  }

  /** An expired session, sign-in link and invitation of a person, all ending at `at`. */
  async function signIn(schoolId: string, userId: string, at: Date) {
    await db.insert(sessions).values({ userId, schoolId, tokenHash: randomUUID(), csrfToken: 'x', expiresAt: at })
    await db.insert(magicLinks).values({ userId, tokenHash: randomUUID(), expiresAt: at })
    await db.insert(invitations).values({ schoolId, kind: 'member', userId, tokenHash: randomUUID(), expiresAt: at })
  }

  return { conversation, report, notification, newsletter, contact, signIn }
}
