import { eq } from 'drizzle-orm'
import t from 'tap'
import { deliveries, notifications } from '../../server/db/schema.ts'
import { startPushEndpoint } from '../helpers/push-endpoint.ts'
import { setup } from '../helpers/setup.ts'

t.test('quiet hours hold non-urgent pushes until they end; urgent goes at once; a daily digest gathers what waited', async (t) => {
  const push = await startPushEndpoint()
  t.teardown(push.close)
  // 22:30 in London (GMT in November): inside parents' default quiet hours, 21:00-07:00.
  let now = new Date('2026-11-23T22:30:00Z')
  const ctx = await setup(t, { workerOptions: { clock: () => now, pushAgent: push.agent } })
  const db = ctx.app.db

  const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'en' })
  const session = await ctx.signIn(guardian, ctx.school.id)
  const device = push.subscription()
  t.equal(
    (await ctx.app.inject({ method: 'POST', url: '/api/me/push/subscriptions', headers: session.write, payload: device.json })).statusCode,
    201,
  )
  const prefs = await ctx.app.inject({ method: 'GET', url: '/api/me/preferences', headers: session.get })
  t.same(prefs.json().quietHours, { start: '21:00', end: '07:00' }, "parents' default quiet hours")
  t.equal(prefs.json().timeZone, 'Europe/London')

  const quiet = await ctx.app.inject({
    method: 'POST',
    url: '/api/me/notifications/test',
    headers: session.write,
    payload: { category: 'messages' },
  })
  const quietId = quiet.json().id as string
  // Wait until the dispatch decided every channel.
  let rows: (typeof deliveries.$inferSelect)[] = []
  for (let i = 0; i < 100 && rows.length < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    rows = await db.select().from(deliveries).where(eq(deliveries.notificationId, quietId))
  }
  const pushRow = rows.find((r) => r.channel === 'push')
  t.equal(pushRow?.status, 'held', 'the push waits')
  t.equal(pushRow?.reason, 'quiet_hours')
  t.equal(pushRow?.notBefore?.toISOString(), '2026-11-24T07:00:00.000Z', 'until quiet hours end, local time')
  t.equal(rows.find((r) => r.channel === 'email')?.status, 'held', 'the email waits too')
  t.equal(rows.find((r) => r.channel === 'in_app')?.status, 'sent', 'in-app is there at once')

  const urgent = await ctx.app.inject({
    method: 'POST',
    url: '/api/me/notifications/test',
    headers: session.write,
    payload: { category: 'urgent' },
  })
  t.equal(urgent.statusCode, 202)
  const first = await push.waitFor(device.id, 1)
  t.equal(first[0]?.payload.tag, urgent.json().id, 'the urgent notice went through quiet hours')
  t.equal(first[0]?.urgency, 'high')
  await ctx.mail.next(guardian.email as string)
  t.equal(push.received.length, 1, 'the held push has not gone')

  // 07:00:30 next morning: the tick releases what waited.
  now = new Date('2026-11-24T07:00:30Z')
  const both = await push.waitFor(device.id, 2)
  t.equal(both[1]?.payload.tag, quietId, 'the held push is released when quiet hours end')
  const mail = await ctx.mail.next(guardian.email as string)
  t.equal(mail.subject, 'Test notification')

  await t.test('a daily digest gathers three waiting notifications into one email', async (t) => {
    now = new Date('2026-11-24T10:00:00Z')
    const { guardian: reader } = await ctx.makeFamily(ctx.school.id, { language: 'cy' })
    const readerSession = await ctx.signIn(reader, ctx.school.id)
    const current = (await ctx.app.inject({ method: 'GET', url: '/api/me/preferences', headers: readerSession.get })).json()
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/me/preferences',
      headers: readerSession.write,
      payload: { ...current, digest: { mode: 'daily', time: '17:00' } },
    })
    t.equal(saved.statusCode, 200)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/notifications/test',
        headers: readerSession.write,
        payload: { category: 'newsletters' },
      })
      ids.push(res.json().id)
    }
    let waiting = 0
    for (let i = 0; i < 100 && waiting < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      waiting = (await db.select().from(deliveries).where(eq(deliveries.userId, reader.id))).filter(
        (d) => d.channel === 'email' && d.status === 'digest',
      ).length
    }
    t.equal(waiting, 3, 'three emails wait for the digest')
    t.notOk(
      ctx.mail.received.some((m) => m.to === reader.email),
      'nothing is emailed before the digest time',
    )

    now = new Date('2026-11-24T17:01:00Z')
    const digest = await ctx.mail.next(reader.email as string)
    t.equal(digest.subject, 'Eich crynodeb dyddiol: 3 diweddariad', 'one email, Welsh plural form for three')
    t.equal((digest.text.match(/Hysbysiad prawf gan/g) ?? []).length, 3, 'holding all three')
    t.match(digest.raw['list-unsubscribe'] ?? '', /\/unsubscribe\//)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    t.notOk(
      ctx.mail.received.some((m) => m.to === reader.email),
      'and only one',
    )
    const sent = await db.select().from(deliveries).where(eq(deliveries.userId, reader.id))
    t.equal(sent.filter((d) => d.channel === 'email' && d.status === 'sent').length, 3, 'each delivery is marked sent')
    const unread = await db.select().from(notifications).where(eq(notifications.userId, reader.id))
    t.equal(unread.length, 3)
  })
})
