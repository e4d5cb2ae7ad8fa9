import { and, eq } from 'drizzle-orm'
import t from 'tap'
import { deliveries, notifications, pushSubscriptions } from '../../server/db/schema.ts'
import { requestNotifications } from '../../server/modules/notifications/notify.ts'
import { JOBS, QUEUES } from '../../shared/jobs.ts'
import { startPushEndpoint } from '../helpers/push-endpoint.ts'
import { setup } from '../helpers/setup.ts'

const NOON = new Date('2026-11-23T12:00:00Z')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('permanent failures stop at once, transient ones retry; admins see failures and retry one', async (t) => {
  const push = await startPushEndpoint()
  t.teardown(push.close)
  const ctx = await setup(t, { workerOptions: { clock: () => NOON, pushAgent: push.agent } })
  const db = ctx.app.db

  async function familyWithDevice(script: number[]) {
    const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'en' })
    const session = await ctx.signIn(guardian, ctx.school.id)
    const device = push.subscription(script)
    await ctx.app.inject({ method: 'POST', url: '/api/me/push/subscriptions', headers: session.write, payload: device.json })
    return { guardian, session, device }
  }
  async function settled(notificationId: string, channel: string) {
    for (let i = 0; i < 200; i++) {
      const [row] = await db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.notificationId, notificationId), eq(deliveries.channel, channel)))
      if (row && ['sent', 'failed', 'skipped'].includes(row.status)) return row
      await sleep(100)
    }
    throw new Error(`delivery ${channel} of ${notificationId} did not settle`)
  }
  const sendTest = async (session: { write: Record<string, string> }) =>
    (await ctx.app.inject({ method: 'POST', url: '/api/me/notifications/test', headers: session.write, payload: {} })).json().id as string

  await t.test('push 410 removes the subscription and is not retried', async (t) => {
    const { session, device, guardian } = await familyWithDevice([410])
    const id = await sendTest(session)
    const row = await settled(id, 'push')
    t.equal(row.status, 'failed')
    t.equal(row.reason, 'push_gone')
    const left = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, guardian.id))
    t.equal(left.length, 0, 'the subscription is deleted')
    await sleep(2500)
    t.equal(push.attempts.get(device.id), 1, 'no retry after a 410')
  })

  await t.test('push 429 retries later and arrives', async (t) => {
    const { session, device } = await familyWithDevice([429])
    const id = await sendTest(session)
    const got = await push.waitFor(device.id, 1, 20_000)
    t.equal(got[0]?.payload.tag, id)
    t.equal(push.attempts.get(device.id), 2, 'refused once, sent on the retry')
    const row = await settled(id, 'push')
    t.equal(row.status, 'sent')
    t.equal(row.reached.length, 1, 'the delivery records the device it reached')
    const [subscription] = await db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.id, row.reached[0] as string))
    t.ok(subscription?.lastSuccessAt, "the device's last success is recorded with the delivery")
  })

  await t.test('SMTP 451 retries; SMTP 550 fails at once with the reason', async (t) => {
    const { guardian: later, session: laterSession } = await familyWithDevice([])
    ctx.mail.refuse(later.email as string, 451, 1)
    const laterId = await sendTest(laterSession)
    await ctx.mail.next(later.email as string, 20_000)
    const laterRow = await settled(laterId, 'email')
    t.equal(laterRow.status, 'sent')
    t.equal(laterRow.attempts, 2, 'sent on the second attempt')

    const { guardian: bad, session: badSession } = await familyWithDevice([])
    ctx.mail.refuse(bad.email as string, 550, 1)
    const badId = await sendTest(badSession)
    const badRow = await settled(badId, 'email')
    t.equal(badRow.status, 'failed')
    t.equal(badRow.reason, 'bad_address')
    t.equal(badRow.attempts, 1, 'a refused address is not retried')

    const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'en' })
    const adminSession = await ctx.signIn(admin, ctx.school.id)
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/schools/${ctx.school.id}/deliveries/failed`,
      headers: adminSession.get,
    })
    t.equal(list.statusCode, 200)
    const item = list.json().items.find((i: { id: string }) => i.id === badRow.id)
    t.equal(item?.reasonText, 'The email address was refused', "the reason, in the admin's language")
    t.equal(item?.recipient.name, bad.name)

    const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
    const other = await ctx.makeSchool()
    const otherAdmin = await ctx.makeUser(other.id, 'admin')
    for (const [who, status] of [
      [await ctx.signIn(teacher, ctx.school.id), 403],
      [badSession, 403],
      [await ctx.signIn(otherAdmin, other.id), 404],
    ] as const) {
      const refused = await ctx.app.inject({ method: 'GET', url: `/api/schools/${ctx.school.id}/deliveries/failed`, headers: who.get })
      t.equal(refused.statusCode, status, 'only the school’s admins see failed deliveries')
      const retry = await ctx.app.inject({
        method: 'POST',
        url: `/api/schools/${ctx.school.id}/deliveries/${badRow.id}/retry`,
        headers: who.write,
      })
      t.equal(retry.statusCode, status, 'or retry one')
    }

    const retried = await ctx.app.inject({
      method: 'POST',
      url: `/api/schools/${ctx.school.id}/deliveries/${badRow.id}/retry`,
      headers: adminSession.write,
    })
    t.equal(retried.statusCode, 202)
    await ctx.mail.next(bad.email as string, 20_000)
    t.equal((await settled(badId, 'email')).status, 'sent', 'the retried delivery is sent')
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/api/schools/${ctx.school.id}/deliveries/${badRow.id}/retry`,
      headers: adminSession.write,
    })
    t.equal(again.statusCode, 404, 'a delivery that is not failed cannot be retried')
  })

  await t.test('a job that runs twice does not send twice; the same event asked twice is one notification', async (t) => {
    const { guardian, session } = await familyWithDevice([])
    const id = await sendTest(session)
    await ctx.mail.next(guardian.email as string)
    const row = await settled(id, 'email')
    await ctx.app.jobs.add(JOBS.deliverNotification, { deliveryId: row.id }, `deliver-${row.id}-again`)
    const queue = ctx.app.jobs.queue(QUEUES.notifications)
    let state = ''
    for (let i = 0; i < 100 && state !== 'completed'; i++) {
      await sleep(100)
      state = String(await (await queue.getJob(`deliver-${row.id}-again`))?.getState())
    }
    t.equal(state, 'completed')
    t.equal((await queue.getJob(`deliver-${row.id}-again`))?.returnvalue, 'skipped', 'the second run finds it sent')
    await sleep(500)
    t.notOk(
      ctx.mail.received.some((m) => m.to === guardian.email),
      'no second email',
    )

    const ask = () =>
      db.transaction((tx) =>
        requestNotifications(tx, {
          schoolId: ctx.school.id,
          userIds: [guardian.id],
          category: 'forum',
          kind: 'test',
          dedupeKey: 'event-1',
        }),
      )
    t.equal((await ask()).length, 1)
    t.equal((await ask()).length, 0, 'asking again with the same key makes nothing')
    const made = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, guardian.id), eq(notifications.dedupeKey, 'event-1')))
    t.equal(made.length, 1)
  })
})
