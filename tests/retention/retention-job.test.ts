import { and, eq, sql } from 'drizzle-orm'
import t from 'tap'
import {
  auditLog,
  conversations,
  familyContacts,
  guardianLearners,
  invitations,
  messages,
  newsletterContacts,
  newsletterRecipients,
  notifications,
  retentionHolds,
  schoolRetention,
  sessions,
} from '../../server/db/schema.ts'
import { retentionDefaults } from '../../server/modules/retention/periods.ts'
import { type RetentionProgress, runRetention } from '../../server/modules/retention/run-retention.ts'
import { JOBS, QUEUES } from '../../shared/jobs.ts'
import { createFactories } from '../helpers/factories.ts'
import { setup } from '../helpers/setup.ts'
import { createSeeder, DAY } from './seed.ts'

const T0 = Date.now()
const ago = (days: number) => new Date(T0 - days * DAY)
const later = (days: number) => new Date(T0 + days * DAY)

// One app and its workers for the file: the workers' clock is 500 days on, which only the last
// test uses (the nightly schedule does not fire while the file runs).
const ctx = await setup(t, { workerOptions: { clock: () => later(500) } })

t.test(
  'the nightly run deletes what expired, keeps what is fresh or held, respects each school, audits, and runs twice safely',
  async (t) => {
    const db = ctx.app.db
    const seed = createSeeder(db)
    const A = ctx.school.id
    const teacher = await ctx.makeUser(A, 'teacher')
    const p1 = (await ctx.makeFamily(A)).guardian
    const p3 = (await ctx.makeFamily(A)).guardian
    // A family of two adults sharing one learner; the hold names one of them.
    const { guardian: h1, learner } = await ctx.makeFamily(A)
    const h2 = await ctx.makeUser(A, 'parent')
    await db.insert(guardianLearners).values({ schoolId: A, guardianId: h2.id, learnerId: learner.id })

    const c1 = await seed.conversation(A, teacher.id, p1.id, ago(1000)) // expired
    const c2 = await seed.conversation(A, teacher.id, p1.id, ago(1)) // fresh
    const c3 = await seed.conversation(A, teacher.id, h2.id, ago(1000)) // held family
    const c4 = await seed.conversation(A, teacher.id, p1.id, ago(1000)) // held conversation
    const c5 = await seed.conversation(A, teacher.id, p3.id, ago(1000)) // open report
    const c6 = await seed.conversation(A, teacher.id, p3.id, ago(1000)) // resolved report, released hold
    await seed.report(A, c5.conversation.id, c5.firstMessageId, teacher.id, false)
    await seed.report(A, c6.conversation.id, c6.firstMessageId, teacher.id, true)
    const holds = await db
      .insert(retentionHolds)
      .values([
        { schoolId: A, subjectType: 'family', subjectId: h1.id, reason: 'Ymchwiliad' },
        { schoolId: A, subjectType: 'conversation', subjectId: c4.conversation.id, reason: 'Ymchwiliad' },
        { schoolId: A, subjectType: 'user', subjectId: p3.id, reason: 'Hen', releasedAt: ago(2) },
      ])
      .returning()
    const n1 = await seed.notification(A, p1.id, ago(1000))
    const n2 = await seed.notification(A, p1.id, ago(1))
    const n3 = await seed.notification(A, h2.id, ago(1000))
    const oldLetter = await seed.newsletter(A, [p1.id, h2.id], ago(1000))
    const freshLetter = await seed.newsletter(A, [p1.id], ago(1))
    const k1 = await seed.contact(A, p1.id, ago(1000))
    const k2 = await seed.contact(A, p1.id, ago(1000), { openFollowUp: true })
    const k3 = await seed.contact(A, p1.id, ago(1))
    const k4 = await seed.contact(A, h2.id, ago(1000))
    await seed.signIn(A, p1.id, ago(1000))
    await seed.signIn(A, p3.id, ago(0))

    // Another school chose its own periods: messages kept ten years, notifications one week.
    const other = await createFactories(db).makeSchool()
    const B = other.id
    const teacherB = await ctx.makeUser(B, 'teacher')
    const pB = (await ctx.makeFamily(B)).guardian
    await db.insert(schoolRetention).values([
      { schoolId: B, category: 'messages', days: 3650 },
      { schoolId: B, category: 'notifications', days: 7 },
    ])
    const cB = await seed.conversation(B, teacherB.id, pB.id, ago(1000))
    const nB = await seed.notification(B, pB.id, ago(1))
    const kB = await seed.contact(B, pB.id, ago(1000))

    const deps = { db, defaults: retentionDefaults(ctx.config) }
    const count = async () =>
      (await db.execute(sql`select (select count(*) from conversations) + (select count(*) from messages)
      + (select count(*) from notifications) + (select count(*) from newsletter_recipients)
      + (select count(*) from family_contacts) + (select count(*) from sessions) as n`)) as unknown as { rows: { n: string }[] }
    const exists = async (table: typeof conversations | typeof notifications | typeof familyContacts, id: string) =>
      (await db.select({ id: table.id }).from(table).where(eq(table.id, id))).length === 1
    const retentionAudits = () => db.select().from(auditLog).where(eq(auditLog.action, 'retention.deleted'))

    const expectedA = {
      messages: { conversations: 2, messages: 4, attachments: 2, edits: 2 },
      notifications: { notifications: 1, deliveries: 1 },
      newsletter_reach: { recipients: 1, contacts: 1 },
      contact_log: { contacts: 1 },
    }
    const found = (results: Awaited<ReturnType<typeof runRetention>>, schoolId: string | null, category: string) =>
      results.find((r) => r.schoolId === schoolId && r.category === category)?.counts

    // A dry run counts exactly what a real run would delete, and deletes nothing.
    const before = (await count()).rows[0]?.n
    const progress: RetentionProgress[] = []
    const dry = await runRetention(deps, { now: later(20), dryRun: true, batchSize: 2, onProgress: (p) => void progress.push(p) })
    for (const [category, counts] of Object.entries(expectedA)) t.same(found(dry, A, category), counts, `dry run: ${category}`)
    t.equal((await count()).rows[0]?.n, before, 'a dry run deletes nothing')
    t.equal((await retentionAudits()).length, 0, 'a dry run writes no audit entry')
    t.equal(progress.at(-1)?.percent, 100, 'progress reaches 100%')
    t.ok(progress.length > 10, 'progress is reported batch by batch')

    // Two runs at once, with the clock moved 20 days on: together they delete each row once.
    const [r1, r2] = await Promise.all([
      runRetention(deps, { now: later(20), batchSize: 2 }),
      runRetention(deps, { now: later(20), batchSize: 3 }),
    ])
    const sumOf = (school: string | null, category: string) => {
      const total: Record<string, number> = {}
      for (const r of [r1, r2]) for (const [k, v] of Object.entries(found(r, school, category) ?? {})) total[k] = (total[k] ?? 0) + v
      return total
    }
    for (const [category, counts] of Object.entries(expectedA)) t.same(sumOf(A, category), counts, `school A ${category}`)
    t.same(sumOf(B, 'messages'), { conversations: 0, messages: 0, attachments: 0, edits: 0 }, "school B's ten years keep its messages")
    t.same(sumOf(B, 'notifications'), { notifications: 1, deliveries: 1 }, "school B's week removes a 21-day-old notification")
    t.same(sumOf(B, 'contact_log'), { contacts: 1 })
    t.same(sumOf(null, 'sign_in'), { sessions: 1, sign_in_links: 1, invitations: 1 }, 'expired sign-in rows older than 30 days')

    t.notOk(await exists(conversations, c1.conversation.id), 'an expired conversation is gone')
    t.equal((await db.select().from(messages).where(eq(messages.conversationId, c1.conversation.id))).length, 0, 'with its messages')
    t.ok(await exists(conversations, c2.conversation.id), 'a fresh conversation stays')
    t.ok(await exists(conversations, c3.conversation.id), "a held family's conversation stays (hold on the other adult)")
    t.ok(await exists(conversations, c4.conversation.id), 'a held conversation stays')
    t.ok(await exists(conversations, c5.conversation.id), 'a conversation with an open report stays')
    t.notOk(await exists(conversations, c6.conversation.id), 'a resolved report and a released hold protect nothing')
    t.ok(await exists(conversations, cB.conversation.id), "school B's old conversation stays")
    t.notOk(await exists(notifications, n1.id))
    t.ok(await exists(notifications, n2.id))
    t.ok(await exists(notifications, n3.id), "a held family's notification stays")
    t.notOk(await exists(notifications, nB.id))
    const reach = await db
      .select({ userId: newsletterRecipients.userId, newsletterId: newsletterRecipients.newsletterId })
      .from(newsletterRecipients)
    t.same(
      reach
        .map(
          (r) =>
            `${r.newsletterId === oldLetter.id ? 'old' : r.newsletterId === freshLetter.id ? 'fresh' : '?'}:${r.userId === h2.id ? 'held' : 'p1'}`,
        )
        .sort(),
      ['fresh:p1', 'old:held'],
    )
    t.equal((await db.select().from(newsletterContacts).where(eq(newsletterContacts.newsletterId, oldLetter.id))).length, 1)
    t.notOk(await exists(familyContacts, k1.id))
    t.ok(await exists(familyContacts, k2.id), 'an open follow-up stays')
    t.ok(await exists(familyContacts, k3.id))
    t.ok(await exists(familyContacts, k4.id), "a held family's contact log stays")
    t.notOk(await exists(familyContacts, kB.id))
    t.equal((await db.select().from(sessions).where(eq(sessions.userId, p3.id))).length, 1, 'a session expired 20 days ago stays')
    t.equal((await db.select().from(invitations).where(eq(invitations.userId, p1.id))).length, 0)

    // One audit entry per school and category that lost rows, with the counts.
    const audits = await retentionAudits()
    t.equal(audits.length, 7, 'A: four categories, B: two, and the sign-in rows')
    const auditOf = (school: string | null, category: string) =>
      audits.find((a) => a.schoolId === school && (a.data as { category: string }).category === category)?.data as
        | { counts: Record<string, number>; days: number }
        | undefined
    t.same(auditOf(A, 'messages')?.counts, expectedA.messages)
    t.equal(auditOf(A, 'messages')?.days, 730)
    t.equal(auditOf(B, 'notifications')?.days, 7)
    t.same(auditOf(null, 'sign_in')?.counts, { sessions: 1, sign_in_links: 1, invitations: 1 })

    // Again at the same moment: nothing more goes, nothing more is audited.
    const again = await runRetention(deps, { now: later(20) })
    t.ok(
      again.every((r) => Object.values(r.counts).every((n) => n === 0)),
      'a second run deletes nothing',
    )
    t.equal((await retentionAudits()).length, 7)

    // The clock moves on past 400 days: the fresh notification expires; held rows still stay.
    await runRetention(deps, { now: later(420) })
    t.notOk(await exists(notifications, n2.id), 'the notification expires 400 days on')
    t.ok(await exists(notifications, n3.id))
    t.ok(await exists(conversations, c2.conversation.id), 'the conversation has 730 days')

    // Once the family's hold is released, its old data goes like anyone's.
    await db
      .update(retentionHolds)
      .set({ releasedAt: new Date() })
      .where(and(eq(retentionHolds.id, holds[0]?.id ?? '')))
    await runRetention(deps, { now: later(420) })
    t.notOk(await exists(conversations, c3.conversation.id), 'released: the family conversation goes')
    t.notOk(await exists(familyContacts, k4.id))
    t.ok(await exists(conversations, c4.conversation.id), 'the conversation hold still stands')
  },
)

t.test('the worker runs retention.daily with its clock, shows progress, and schedules it nightly', async (t) => {
  const seed = createSeeder(ctx.app.db)
  const parent = (await ctx.makeFamily(ctx.school.id)).guardian
  const old = await seed.notification(ctx.school.id, parent.id, ago(1))
  const queue = ctx.app.jobs.queue(QUEUES.maintenance)
  const scheduler = await queue.getJobScheduler('retention-daily')
  t.equal(scheduler?.pattern, '30 2 * * *')
  t.equal(scheduler?.tz, 'Europe/London')

  await queue.add(JOBS.retentionDaily, {}, { jobId: 'retention-now' })
  let job = await queue.getJob('retention-now')
  for (let i = 0; i < 100 && !job?.finishedOn; i++) {
    await new Promise((r) => setTimeout(r, 100))
    job = await queue.getJob('retention-now')
  }
  t.equal(job?.returnvalue, 'success', `job finished (${job?.failedReason ?? 'ok'})`)
  t.match(job?.progress, { percent: 100, schools: 2, deleted: 2 }, 'progress shown to Bull Board')
  t.equal((await ctx.app.db.select().from(notifications).where(eq(notifications.id, old.id))).length, 0, 'expired by the moved clock')
})
