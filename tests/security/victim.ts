import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { familyContacts, feoCaseload } from '../../server/db/engagement.schema.ts'
import {
  forumActions,
  forumAgendaEntries,
  forumAttendance,
  forumItemComments,
  forumItems,
  forumMeetings,
  forumMembers,
  forums,
} from '../../server/db/forum.schema.ts'
import { conversationParticipants, conversations, messageAttachments, messageReports, messages } from '../../server/db/messaging.schema.ts'
import { newsletterAttachments, newsletterRecipients, newsletters } from '../../server/db/newsletters.schema.ts'
import { deliveries, familyImports, guardianLearners, notifications, pushSubscriptions } from '../../server/db/schema.ts'
import type { Role } from '../../shared/schemas/people.ts'
import type { TestContext } from '../helpers/setup.ts'

type Session = Awaited<ReturnType<TestContext['signIn']>>

function one<T>(rows: T[]): T {
  const [row] = rows
  if (!row) throw new Error('insert returned nothing')
  return row
}

/**
 * The "victim" school of the security sweeps: one of everything the API has an id for, each
 * text carrying a marker, so a response that leaks any of it is caught. Written straight to the
 * database (the sweeps test access, not these features). Also an "attacker" school with one
 * user of every role, and a parent of the victim school outside the victim family.
 */
export async function makeVictimSchool(ctx: TestContext) {
  const db = ctx.app.db
  const school = ctx.school
  const mark = `V${randomUUID().slice(0, 6)}`
  const staff = {
    admin: await ctx.makeUser(school.id, 'admin', { name: `${mark} Admin Gweinyddwr` }),
    teacher: await ctx.makeUser(school.id, 'teacher', { name: `${mark} Teacher Athro` }),
    feo: await ctx.makeUser(school.id, 'feo', { name: `${mark} FEO Swyddog` }),
    dsl: await ctx.makeUser(school.id, 'dsl', { name: `${mark} DSL Diogelu` }),
  }
  const group = await ctx.makeClassGroup(school.id, {
    nameCy: `${mark} Dosbarth Derw`,
    nameEn: `${mark} Oak Class`,
    teacherId: staff.teacher.id,
  })
  const family = await ctx.makeFamily(school.id, {
    classId: group.id,
    guardianName: `${mark} Gwenllian Guardian`,
    learnerName: `${mark} Llew Learner`,
  })
  const secondAdult = await ctx.makeUser(school.id, 'parent', { name: `${mark} Second Adult` })
  await db.insert(guardianLearners).values({ schoolId: school.id, guardianId: secondAdult.id, learnerId: family.learner.id })
  const outsider = await ctx.makeFamily(school.id, { classId: group.id, guardianName: `${mark} Outsider Parent` })
  const guardian = family.guardian
  const familyId = [guardian.id, secondAdult.id].sort()[0] as string

  const conversation = one(
    await db
      .insert(conversations)
      .values({
        schoolId: school.id,
        kind: 'direct',
        directKey: [staff.teacher.id, guardian.id].sort().join(':'),
        createdBy: staff.teacher.id,
        lastSeq: 1,
      })
      .returning(),
  )
  await db.insert(conversationParticipants).values([
    { schoolId: school.id, conversationId: conversation.id, userId: staff.teacher.id, side: 'staff' },
    { schoolId: school.id, conversationId: conversation.id, userId: guardian.id, side: 'family' },
  ])
  const messageBody = `${mark} private message about Llew`
  const message = one(
    await db
      .insert(messages)
      .values({
        schoolId: school.id,
        conversationId: conversation.id,
        seq: 1,
        authorId: guardian.id,
        clientId: randomUUID(),
        body: messageBody,
      })
      .returning(),
  )
  const attachment = one(
    await db
      .insert(messageAttachments)
      .values({
        schoolId: school.id,
        conversationId: conversation.id,
        messageId: message.id,
        uploadedBy: guardian.id,
        fileName: `${mark}-letter.pdf`,
        contentType: 'application/pdf',
        size: 9,
        data: Buffer.from(`%PDF ${mark}`),
      })
      .returning(),
  )
  const report = one(
    await db
      .insert(messageReports)
      .values({
        schoolId: school.id,
        messageId: message.id,
        conversationId: conversation.id,
        reporterId: staff.teacher.id,
        reason: `${mark} report reason`,
      })
      .returning(),
  )

  const notification = one(
    await db
      .insert(notifications)
      .values({ schoolId: school.id, userId: guardian.id, category: 'messages', kind: 'message_unread', dedupeKey: `${mark}-n` })
      .returning(),
  )
  const delivery = one(
    await db
      .insert(deliveries)
      .values({
        schoolId: school.id,
        notificationId: notification.id,
        userId: guardian.id,
        channel: 'email',
        status: 'failed',
        reason: 'bad_address',
      })
      .returning(),
  )
  const push = one(
    await db
      .insert(pushSubscriptions)
      .values({ userId: guardian.id, endpoint: `https://push.example.test/${mark}`, p256dh: 'k', auth: 'a' })
      .returning(),
  )
  const familyImport = one(
    await db
      .insert(familyImports)
      .values({ schoolId: school.id, createdBy: staff.admin.id, csv: `${mark} csv,${guardian.email}`, totalRows: 1 })
      .returning(),
  )

  const newsletter = one(
    await db
      .insert(newsletters)
      .values({
        schoolId: school.id,
        category: 'newsletter',
        titleCy: `${mark} Newyddion`,
        titleEn: `${mark} News`,
        bodyCy: 'Corff',
        bodyEn: 'Body',
        audience: { kind: 'school' },
        status: 'sent',
        sentAt: new Date(),
      })
      .returning(),
  )
  await db.insert(newsletterRecipients).values({ schoolId: school.id, newsletterId: newsletter.id, userId: guardian.id, language: 'both' })
  const newsletterAttachment = one(
    await db
      .insert(newsletterAttachments)
      .values({
        schoolId: school.id,
        newsletterId: newsletter.id,
        fileName: `${mark}-trip.pdf`,
        contentType: 'application/pdf',
        size: 9,
        data: Buffer.from(`%PDF ${mark}`),
      })
      .returning(),
  )

  const forum = one(
    await db
      .insert(forums)
      .values({ schoolId: school.id, nameCy: `${mark} Fforwm`, nameEn: `${mark} Forum` })
      .returning(),
  )
  await db.insert(forumMembers).values({ schoolId: school.id, forumId: forum.id, userId: guardian.id, role: 'chair' })
  const item = one(
    await db
      .insert(forumItems)
      .values({
        schoolId: school.id,
        forumId: forum.id,
        authorId: guardian.id,
        originalLanguage: 'en',
        titleEn: `${mark} Item`,
        descriptionEn: `${mark} about`,
      })
      .returning(),
  )
  await db
    .insert(forumItemComments)
    .values({ schoolId: school.id, itemId: item.id, authorId: guardian.id, clientId: randomUUID(), body: `${mark} comment` })
  const meeting = one(
    await db
      .insert(forumMeetings)
      .values({ schoolId: school.id, forumId: forum.id, startsAt: new Date(Date.now() + 7 * 86400_000), durationMinutes: 60 })
      .returning(),
  )
  const entry = one(
    await db
      .insert(forumAgendaEntries)
      .values({ schoolId: school.id, meetingId: meeting.id, itemId: item.id, position: 1, titleEn: `${mark} Entry`, durationMinutes: 10 })
      .returning(),
  )
  const action = one(
    await db
      .insert(forumActions)
      .values({
        schoolId: school.id,
        meetingId: meeting.id,
        entryId: entry.id,
        itemId: item.id,
        descriptionCy: `${mark} gweithred`,
        descriptionEn: `${mark} action`,
        owner: 'Head',
        dueOn: '2030-01-01',
      })
      .returning(),
  )
  await db
    .insert(forumAttendance)
    .values({ schoolId: school.id, meetingId: meeting.id, userId: guardian.id, attending: true, language: 'en' })

  const contact = one(
    await db
      .insert(familyContacts)
      .values({ schoolId: school.id, adultId: guardian.id, kind: 'phone', note: `${mark} contact note`, recordedBy: staff.feo.id })
      .returning(),
  )
  await db.insert(feoCaseload).values({ schoolId: school.id, feoId: staff.feo.id, adultId: guardian.id })

  const ids = {
    schoolId: school.id,
    userId: guardian.id,
    guardianId: guardian.id,
    familyId,
    adultId: guardian.id,
    learnerId: family.learner.id,
    classId: group.id,
    conversationId: conversation.id,
    messageId: message.id,
    attachmentId: attachment.id,
    reportId: report.id,
    notificationId: notification.id,
    deliveryId: delivery.id,
    pushSubscriptionId: push.id,
    importId: familyImport.id,
    newsletterId: newsletter.id,
    newsletterAttachmentId: newsletterAttachment.id,
    forumId: forum.id,
    itemId: item.id,
    meetingId: meeting.id,
    entryId: entry.id,
    actionId: action.id,
    contactId: contact.id,
    teacherId: staff.teacher.id,
  }

  /** The victim's id for a path param: by the path around it first, then by its name. */
  function idForPath(param: string, pathUpToParam: string): string {
    if (/newsletters\/\{newsletterId\}\/attachments\/\{\w+\}$/.test(pathUpToParam)) return ids.newsletterAttachmentId
    if (/notifications\/\{\w+\}$/.test(pathUpToParam)) return ids.notificationId
    if (/subscriptions\/\{\w+\}$/.test(pathUpToParam)) return ids.pushSubscriptionId
    return idFor(param)
  }
  /** The victim's id for a body, query or path field of that name; a random uuid when none fits. */
  function idFor(name: string): string {
    return (ids as Record<string, string>)[name] ?? randomUUID()
  }

  /** Texts and ids that only someone of the victim school may see. */
  const schoolSecrets = [
    school.nameCy,
    school.nameEn,
    ...[...Object.values(staff), guardian, secondAdult, outsider.guardian].flatMap((u) => [u.name, u.email ?? '']),
    family.learner.name,
    family.learner.externalRef,
    outsider.learner.name,
    ...Object.values(ids),
    mark,
  ].filter(Boolean)
  /** What a parent of the school outside the victim family (and not in its forum) may not see. */
  const familySecrets = [
    guardian.name,
    guardian.email ?? '',
    secondAdult.name,
    family.learner.name,
    messageBody,
    `${mark} report reason`,
    `${mark} contact note`,
    `${mark}-letter.pdf`,
    conversation.id,
    message.id,
    attachment.id,
    contact.id,
  ].filter(Boolean)

  return {
    school,
    mark,
    staff,
    guardian,
    secondAdult,
    outsider: outsider.guardian,
    group,
    ids,
    idFor,
    idForPath,
    schoolSecrets,
    familySecrets,
  }
}
export type VictimSchool = Awaited<ReturnType<typeof makeVictimSchool>>

/** A second school with one signed-in user of every role, sessions pointing at it. */
export async function makeAttackerSchool(ctx: TestContext, victimSchoolId: string) {
  const school = await ctx.makeSchool()
  const sessions: Partial<Record<Role, Session>> = {}
  for (const role of ['admin', 'teacher', 'feo', 'dsl'] as const)
    sessions[role] = await ctx.signIn(await ctx.makeUser(school.id, role), school.id)
  const parent = (await ctx.makeFamily(school.id)).guardian
  sessions.parent = await ctx.signIn(parent, school.id)
  return {
    school,
    sessions: sessions as Record<Role, Session>,
    /** The attacker school's parent with a session naming the victim school (as if once a member there). */
    stray: await ctx.signIn(parent, victimSchoolId),
  }
}

/**
 * A fingerprint of everything a school holds: one md5 per table of its rows (school_id tables
 * by school, user tables by the school's people, and its people). Equal fingerprints: nothing
 * was written. One query, so the sweeps can take one around every write.
 */
export async function fingerprint(ctx: TestContext, schoolId: string): Promise<Record<string, string>> {
  const db = ctx.app.db
  const columns = rows<{ table_name: string; column_name: string }>(
    await db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name in ('school_id', 'user_id') and table_name not like '\_\_%'`),
  )
  const byTable = new Map<string, Set<string>>()
  for (const { table_name, column_name } of columns) byTable.set(table_name, (byTable.get(table_name) ?? new Set()).add(column_name))
  const people = sql`(select user_id from memberships where school_id = ${schoolId})`
  const parts = [...byTable].map(([table, cols]) => {
    const where = cols.has('school_id') ? sql`school_id = ${schoolId}` : sql`user_id in ${people}`
    return sql`select ${table}::text as name, count(*) || ':' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from ${sql.identifier(table)} t where ${where}`
  })
  parts.push(sql`select 'users'::text, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from users t where id in ${people}`)
  const found = rows<{ name: string; h: string }>(await db.execute(sql.join(parts, sql` union all `)))
  return Object.fromEntries(found.map((row) => [row.name, row.h]))
}

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows
