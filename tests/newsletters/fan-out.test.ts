import { and, eq, inArray } from 'drizzle-orm'
import t from 'tap'
import { deliveries, newsletterRecipients } from '../../server/db/schema.ts'
import { JOBS, QUEUES } from '../../shared/jobs.ts'
import { setup } from '../helpers/setup.ts'
import { draftToClasses, makeManyFamilies, sleep } from './fixtures.ts'

const FAMILIES = 40
// 22:30 in London in winter: a parent with the default quiet hours (21:00-07:00) is in them.
const NIGHT = new Date('2026-12-03T22:30:00Z')

t.test('a fan-out writes every recipient’s delivery rows with their notification, planned as dispatch plans them', async (t) => {
  const ctx = await setup(t, { workerOptions: { clock: () => NIGHT } })
  const group = await ctx.makeClassGroup(ctx.school.id)
  const emails = await makeManyFamilies(ctx, group.id, FAMILIES)
  // No preferences row: a parent's default quiet hours hold the email until 07:00.
  const { guardian: sleeper } = await ctx.makeFamily(ctx.school.id, { classId: group.id })
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const session = await ctx.signIn(admin, ctx.school.id)
  const base = `/api/schools/${ctx.school.id}/newsletters`
  const id = await draftToClasses(ctx, session, [group.id])
  const sent = await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: session.write, payload: {} })
  t.equal(sent.statusCode, 202)

  const progress = async () => (await ctx.app.inject({ method: 'GET', url: `${base}/${id}/progress`, headers: session.get })).json()
  const deadline = Date.now() + 30_000
  while ((await progress()).status !== 'sent' && Date.now() < deadline) await sleep(20)
  const recipients = await ctx.app.db
    .select({ userId: newsletterRecipients.userId, notificationId: newsletterRecipients.notificationId })
    .from(newsletterRecipients)
    .where(eq(newsletterRecipients.newsletterId, id))
  t.equal(recipients.length, FAMILIES + 1, 'every parent is a recipient')
  t.ok(
    recipients.every((r) => r.notificationId),
    'once the fan-out is done, every recipient has a notification',
  )
  const rows = await ctx.app.db
    .select({ userId: deliveries.userId, channel: deliveries.channel, status: deliveries.status, notBefore: deliveries.notBefore })
    .from(deliveries)
    .where(
      inArray(
        deliveries.notificationId,
        recipients.map((r) => r.notificationId as string),
      ),
    )
  t.equal(rows.length, 3 * (FAMILIES + 1), 'and its in-app, email and push rows, with no dispatch job between')
  const email = (userId: string) => rows.find((r) => r.userId === userId && r.channel === 'email')
  t.match(email(sleeper.id), { status: 'held', notBefore: new Date('2026-12-04T07:00:00Z') }, 'quiet hours hold the email until 07:00')
  t.ok(
    rows.filter((r) => r.userId !== sleeper.id && r.channel === 'email').every((r) => ['queued', 'sending', 'sent'].includes(r.status)),
    'the other emails go at once',
  )
  t.ok(
    rows.filter((r) => r.channel === 'push').every((r) => r.status === 'skipped'),
    'push is skipped: nobody has a device',
  )

  const notificationJobs = await ctx.app.jobs.queue(QUEUES.notifications).getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])
  t.equal(notificationJobs.filter((j) => j.name === JOBS.dispatchNotifications).length, 0, 'no dispatch job was queued')

  const reached = () => new Set(ctx.mail.received.map((m) => m.to))
  while (reached().size < FAMILIES && Date.now() < deadline) await sleep(50)
  t.same(
    emails.filter((e) => !reached().has(e)),
    [],
    'every family without quiet hours has the email',
  )
  const [held] = await ctx.app.db
    .select({ status: deliveries.status })
    .from(deliveries)
    .where(and(eq(deliveries.userId, sleeper.id), eq(deliveries.channel, 'email')))
  t.equal(held?.status, 'held', 'the parent in quiet hours still waits')
})
