import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import {
  conversationParticipants,
  conversations,
  deliveries,
  familyContacts,
  forumItemComments,
  forumItemSupports,
  forumItems,
  forumMembers,
  forums,
  guardianLearners,
  messageAttachments,
  messageEdits,
  messageReports,
  messages,
  newsletterContacts,
  newsletterRecipients,
  newsletters,
  notificationPreferences,
  notifications,
  pushSubscriptions,
  users,
} from '../../server/db/schema.ts'
import { recordAudit } from '../../server/modules/audit/audit.repository.ts'
import { createFactories } from '../helpers/factories.ts'
import type { TestContext } from '../helpers/setup.ts'

/** Strings that must never leave in an export: secrets of family A, or anything of family B or the other school. */
export const SECRET = {
  passwordHash: '$argon2id$v=19$m=65536$PASSWORD-HASH-SECRET',
  pushPath: 'device-path-SECRET-0f3a',
  p256dh: 'P256DH-KEY-SECRET',
  pushAuth: 'PUSH-AUTH-SECRET',
  fileBytes: 'FILE-BYTES-SECRET',
}

/**
 * Two families of one school who share a group conversation, a newsletter and a forum (A: two
 * adults sharing a learner, Welsh and English; B: one adult reading both), plus another school.
 * Rows are written straight to the database so every id is known.
 */
export async function seedFamilies(ctx: TestContext) {
  const db = ctx.app.db
  const school = ctx.school.id
  const teacher = await ctx.makeUser(school, 'teacher', { name: 'Tomos Athro', language: 'cy' })
  const group = await ctx.makeClassGroup(school, { teacherId: teacher.id, nameCy: 'Dosbarth Derw', nameEn: 'Oak Class' })
  const a = await ctx.makeFamily(school, { language: 'cy', classId: group.id, guardianName: 'Angharad Alpha', learnerName: 'Lowri Alpha' })
  const a2 = await ctx.makeUser(school, 'parent', { name: 'Aled Alpha', language: 'en' })
  await db.insert(guardianLearners).values({ schoolId: school, guardianId: a2.id, learnerId: a.learner.id })
  const b = await ctx.makeFamily(school, { language: 'both', classId: group.id, guardianName: 'Bethan Beta', learnerName: 'Bryn Beta' })
  await db.update(users).set({ passwordHash: SECRET.passwordHash }).where(eq(users.id, a.guardian.id))

  const other = await createFactories(db).makeSchool({ nameCy: 'Ysgol Arall Omega', nameEn: 'Omega Other School' })
  const otherAdmin = await ctx.makeUser(other.id, 'admin', { name: 'Gweinyddwr Omega' })
  const o = await ctx.makeFamily(other.id, { guardianName: 'Osian Omega', learnerName: 'Olwen Omega' })

  // Preferences and a push device of A.
  const channels = { email: true, push: true }
  await db.insert(notificationPreferences).values({
    userId: a.guardian.id,
    channels: { messages: channels, newsletters: channels, forum: channels, urgent: channels },
    quietStart: '21:00',
    quietEnd: '07:00',
  })
  const [device] = await db
    .insert(pushSubscriptions)
    .values({
      userId: a.guardian.id,
      endpoint: `https://push.example.test/${SECRET.pushPath}`,
      p256dh: SECRET.p256dh,
      auth: SECRET.pushAuth,
      label: 'Ffôn Angharad',
    })
    .returning()

  // A newsletter both families received: A1 opened it from the email, which was delivered.
  const [newsletter] = await db
    .insert(newsletters)
    .values({
      schoolId: school,
      category: 'newsletter',
      titleCy: 'Newyddion yr hydref',
      titleEn: 'Autumn news',
      bodyCy: 'Corff',
      bodyEn: 'Body',
      audience: { kind: 'school' },
      status: 'sent',
      sentAt: new Date(),
    })
    .returning()
  const notify = async (userId: string) => {
    const [row] = await db
      .insert(notifications)
      .values({ schoolId: school, userId, category: 'newsletters', kind: 'newsletter', params: { titleCy: 'x', titleEn: 'x' } })
      .returning()
    const [delivery] = await db
      .insert(deliveries)
      .values({ schoolId: school, notificationId: row?.id as string, userId, channel: 'email', status: 'sent', sentAt: new Date() })
      .returning()
    return { notification: row?.id as string, delivery: delivery?.id as string }
  }
  const aNotified = await notify(a.guardian.id)
  await notify(b.guardian.id)
  await db.insert(newsletterRecipients).values([
    {
      schoolId: school,
      newsletterId: newsletter?.id as string,
      userId: a.guardian.id,
      language: 'cy',
      notificationId: aNotified.notification,
      openedAt: new Date(),
      openedVia: 'email',
    },
    { schoolId: school, newsletterId: newsletter?.id as string, userId: a2.id, language: 'cy' },
    { schoolId: school, newsletterId: newsletter?.id as string, userId: b.guardian.id, language: 'cy' },
  ])
  await db
    .insert(newsletterContacts)
    .values({ schoolId: school, newsletterId: newsletter?.id as string, userId: a2.id, method: 'paper', recordedBy: teacher.id })

  // Conversations: A1 with the teacher; a group of the teacher, A1 and B1; B1 alone with the teacher.
  const conversation = async (kind: 'direct' | 'group', people: [string, 'staff' | 'family'][], title: string | null = null) => {
    const [row] = await db.insert(conversations).values({ schoolId: school, kind, title, createdBy: teacher.id }).returning()
    const id = row?.id as string
    await db
      .insert(conversationParticipants)
      .values(people.map(([userId, side]) => ({ schoolId: school, conversationId: id, userId, side })))
    let seq = 0
    return {
      id,
      async say(authorId: string, body: string) {
        seq++
        const [message] = await db
          .insert(messages)
          .values({ schoolId: school, conversationId: id, seq, authorId, clientId: randomUUID(), body })
          .returning()
        await db.update(conversations).set({ lastSeq: seq }).where(eq(conversations.id, id))
        return message?.id as string
      },
    }
  }
  const direct = await conversation('direct', [
    [a.guardian.id, 'family'],
    [teacher.id, 'staff'],
  ])
  const aDirect = await direct.say(a.guardian.id, 'Helo Tomos, neges breifat gan Angharad')
  const teacherDirect = await direct.say(teacher.id, 'Diolch, ateb yr athro')
  await db.update(messages).set({ editedAt: new Date() }).where(eq(messages.id, aDirect))
  await db.insert(messageEdits).values({ schoolId: school, messageId: aDirect, previousBody: 'Fersiwn gynharach Angharad' })
  const [attachment] = await db
    .insert(messageAttachments)
    .values({
      schoolId: school,
      conversationId: direct.id,
      messageId: aDirect,
      uploadedBy: a.guardian.id,
      fileName: 'llun-angharad.png',
      contentType: 'image/png',
      size: 2048,
      data: Buffer.from(SECRET.fileBytes),
    })
    .returning()

  const shared = await conversation(
    'group',
    [
      [teacher.id, 'staff'],
      [a.guardian.id, 'family'],
      [b.guardian.id, 'family'],
    ],
    'Trip y dosbarth',
  )
  const teacherGroup = await shared.say(teacher.id, 'Croeso i bawb i’r grŵp')
  const aGroup = await shared.say(a.guardian.id, "<script>alert('A')</script> Angharad yn y grŵp")
  const bGroup = await shared.say(b.guardian.id, 'Neges Bethan yn y grŵp yn unig')
  const [report] = await db
    .insert(messageReports)
    .values({ schoolId: school, messageId: bGroup, conversationId: shared.id, reporterId: a.guardian.id, reason: 'Rheswm Angharad' })
    .returning()
  await db.insert(messageReports).values({
    schoolId: school,
    messageId: aGroup,
    conversationId: shared.id,
    reporterId: b.guardian.id,
    reason: 'Cwyn gyfrinachol Bethan',
  })
  const bOnly = await conversation('direct', [
    [b.guardian.id, 'family'],
    [teacher.id, 'staff'],
  ])
  await bOnly.say(b.guardian.id, 'Neges breifat Bethan i Tomos')

  // The forum: each family proposes an anonymous and a named item, comments on and supports the other's.
  const [forum] = await db.insert(forums).values({ schoolId: school, nameCy: 'Fforwm Teuluoedd', nameEn: 'Family Forum' }).returning()
  const forumId = forum?.id as string
  await db.insert(forumMembers).values([
    { schoolId: school, forumId, userId: a.guardian.id, role: 'member' },
    { schoolId: school, forumId, userId: b.guardian.id, role: 'member' },
  ])
  const item = async (authorId: string, anonymous: boolean, titleCy: string) => {
    const [row] = await db
      .insert(forumItems)
      .values({ schoolId: school, forumId, authorId, anonymous, originalLanguage: 'cy', titleCy, descriptionCy: `${titleCy}: manylion` })
      .returning()
    return row?.id as string
  }
  const aAnonymous = await item(a.guardian.id, true, 'Eitem ddienw Angharad')
  const aNamed = await item(a.guardian.id, false, 'Eitem Angharad am y buarth')
  const bAnonymous = await item(b.guardian.id, true, 'Eitem ddienw Bethan')
  const bNamed = await item(b.guardian.id, false, 'Eitem Bethan am ginio')
  const [aComment] = await db
    .insert(forumItemComments)
    .values({ schoolId: school, itemId: bNamed, authorId: a.guardian.id, clientId: randomUUID(), body: 'Sylw Angharad' })
    .returning()
  await db
    .insert(forumItemComments)
    .values({ schoolId: school, itemId: aNamed, authorId: b.guardian.id, clientId: randomUUID(), body: 'Sylw Bethan' })
  await db.insert(forumItemSupports).values([
    { schoolId: school, itemId: bNamed, userId: a.guardian.id },
    { schoolId: school, itemId: aNamed, userId: b.guardian.id },
  ])

  // The FEO's contact log about each family, and an audit entry of A1's own.
  const feo = await ctx.makeUser(school, 'feo', { name: 'Ffion Swyddog' })
  const [aContact] = await db
    .insert(familyContacts)
    .values({ schoolId: school, adultId: a2.id, kind: 'home_visit', note: 'Nodyn sensitif am deulu Alpha', recordedBy: feo.id })
    .returning()
  await db
    .insert(familyContacts)
    .values({ schoolId: school, adultId: b.guardian.id, kind: 'phone', note: 'Nodyn am Bethan', recordedBy: feo.id })
  await recordAudit(db, { schoolId: school, actorId: a.guardian.id, action: 'auth.sign_in' })
  await recordAudit(db, { schoolId: school, actorId: b.guardian.id, action: 'auth.sign_in' })

  return {
    school,
    other,
    otherAdmin,
    teacher,
    feo,
    a: { ...a, second: a2 },
    b,
    o,
    ids: {
      device: device?.id as string,
      newsletter: newsletter?.id as string,
      notification: aNotified.notification,
      delivery: aNotified.delivery,
      direct: direct.id,
      shared: shared.id,
      bOnly: bOnly.id,
      aDirect,
      teacherDirect,
      teacherGroup,
      aGroup,
      bGroup,
      attachment: attachment?.id as string,
      report: report?.id as string,
      aAnonymous,
      aNamed,
      bAnonymous,
      bNamed,
      aComment: aComment?.id as string,
      aContact: aContact?.id as string,
    },
  }
}
export type Seeded = Awaited<ReturnType<typeof seedFamilies>>
