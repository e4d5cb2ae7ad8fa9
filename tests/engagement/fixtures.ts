import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import {
  conversationParticipants,
  conversations,
  deliveries,
  guardianLearners,
  learners,
  messages,
  newsletterRecipients,
  newsletters,
  notifications,
  pushSubscriptions,
} from '../../server/db/schema.ts'
import { textLanguage } from '../../shared/text-language.ts'
import type { TestContext } from '../helpers/setup.ts'

type Session = Awaited<ReturnType<TestContext['signIn']>>
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
export const ago = (ms: number) => new Date(Date.now() - ms)
export { DAY, HOUR }

/** Rows written straight to the database, at chosen moments, so each family's state is known. */
export function engagementWriters(ctx: TestContext) {
  const db = ctx.app.db
  const school = ctx.school.id

  async function sentNewsletter(at: Date, title = 'Newyddion') {
    const [row] = await db
      .insert(newsletters)
      .values({
        schoolId: school,
        category: 'newsletter',
        titleCy: `${title} (cy)`,
        titleEn: `${title} (en)`,
        bodyCy: 'Corff',
        bodyEn: 'Body',
        audience: { kind: 'school' },
        status: 'sent',
        sentAt: at,
      })
      .returning()
    if (!row) throw new Error('no newsletter')
    return row
  }

  /** A recipient of a newsletter: its notification, and an email delivery sent (or failed) and/or an opening. */
  async function received(newsletterId: string, userId: string, outcome: { emailSentAt?: Date; emailFailed?: boolean; openedAt?: Date }) {
    const [n] = await db
      .insert(notifications)
      .values({ schoolId: school, userId, category: 'newsletters', kind: 'newsletter_published', dedupeKey: `nl-${newsletterId}` })
      .returning()
    if (!n) throw new Error('no notification')
    await db.insert(newsletterRecipients).values({
      schoolId: school,
      newsletterId,
      userId,
      language: 'both',
      notificationId: n.id,
      openedAt: outcome.openedAt ?? null,
      openedVia: outcome.openedAt ? 'app' : null,
    })
    if (outcome.emailSentAt || outcome.emailFailed) {
      await db.insert(deliveries).values({
        schoolId: school,
        notificationId: n.id,
        userId,
        channel: 'email',
        status: outcome.emailSentAt ? 'sent' : 'failed',
        reason: outcome.emailSentAt ? null : 'bad_address',
        sentAt: outcome.emailSentAt ?? null,
      })
    }
  }

  /** A direct conversation between a staff member and a family's adults. */
  async function conversation(staffId: string, familyIds: string[]) {
    const [c] = await db
      .insert(conversations)
      .values({ schoolId: school, kind: 'direct', directKey: [staffId, ...familyIds].sort().join(':'), createdBy: staffId })
      .returning()
    if (!c) throw new Error('no conversation')
    await db
      .insert(conversationParticipants)
      .values([
        { schoolId: school, conversationId: c.id, userId: staffId, side: 'staff' as const },
        ...familyIds.map((userId) => ({ schoolId: school, conversationId: c.id, userId, side: 'family' as const })),
      ])
    let seq = 0
    return {
      id: c.id,
      /** A message at a moment, its language read from the text as the app does. */
      async say(authorId: string, body: string, at: Date) {
        seq++
        await db.insert(messages).values({
          schoolId: school,
          conversationId: c.id,
          seq,
          authorId,
          clientId: randomUUID(),
          body,
          language: textLanguage(body),
          createdAt: at,
        })
        // As the app does when it numbers a message under the conversation's lock.
        await db.update(conversations).set({ lastSeq: seq, lastMessageAt: at }).where(eq(conversations.id, c.id))
      },
    }
  }

  async function pushDevice(userId: string) {
    await db.insert(pushSubscriptions).values({ userId, endpoint: `https://push.example.test/${randomUUID()}`, p256dh: 'k', auth: 'a' })
  }

  /** Another guardian of an existing learner (a second adult of the family), optionally without email. */
  async function secondAdult(learnerId: string, options: { name: string; email?: string | null; language?: 'cy' | 'en' | 'both' }) {
    const adult = await ctx.makeUser(school, 'parent', options)
    await db.insert(guardianLearners).values({ schoolId: school, guardianId: adult.id, learnerId })
    return adult
  }

  /** A sibling in another class, linked to one adult. */
  async function sibling(guardianId: string, classId: string, name: string) {
    const [learner] = await db
      .insert(learners)
      .values({ schoolId: school, externalRef: `S${randomUUID().slice(0, 8)}`, name, classId })
      .returning()
    if (!learner) throw new Error('no learner')
    await db.insert(guardianLearners).values({ schoolId: school, guardianId, learnerId: learner.id })
    return learner
  }

  const base = `/api/schools/${school}`
  const call = async (session: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const res = await ctx.app.inject({
      method,
      url: `${base}${url}`,
      headers: method === 'GET' ? session.get : session.write,
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    return {
      status: res.statusCode,
      body: res.body && res.headers['content-type']?.toString().includes('json') ? res.json() : res.body,
      res,
    }
  }

  return { sentNewsletter, received, conversation, pushDevice, secondAdult, sibling, call }
}

/** Family ids of a list, sorted, to compare with the expected set. */
export const idsOf = (list: { familyId: string }[] | { family: { familyId: string } }[]) =>
  list.map((f) => ('familyId' in f ? f.familyId : f.family.familyId)).sort()

export const familyIdOf = (...adultIds: string[]) => [...adultIds].sort()[0] as string
