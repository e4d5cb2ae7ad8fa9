import { eq } from 'drizzle-orm'
import t from 'tap'
import { conversationParticipants, notifications } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'
import { openSocket } from '../helpers/sockets.ts'
import { makeMessagingSchool } from './fixtures.ts'

const week = (day: { start: string; end: string } | null) => [day, day, day, day, day, day, day]

/** Polls until `check` returns something truthy (the workers' tick runs every 500 ms here). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value || Date.now() > until) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

t.test('unread messages reach offline people once per burst; connected or reading people are not nagged', async (t) => {
  const ctx = await setup(t, { listen: true, env: { UNREAD_NOTIFY_SECONDS: '1' } })
  const s = await makeMessagingSchool(ctx)
  const db = ctx.app.db
  const put = (who: keyof typeof s.sessions, url: string, payload: unknown) =>
    ctx.app.inject({ method: 'PUT', url, headers: { ...s.sessions[who].write, ...s.origin }, payload: payload as object })
  // The teacher answers any time (no office hours); the parents have no quiet hours, whatever the time of the run.
  t.equal(
    (await put('teacherA', `${s.base}/office-hours/me`, { hours: week(null), timeZone: 'Europe/London', enabled: false })).statusCode,
    200,
  )
  for (const who of ['p1', 'p2'] as const) {
    const prefs = (await ctx.app.inject({ method: 'GET', url: '/api/me/preferences', headers: s.sessions[who].get })).json()
    t.equal((await put(who, '/api/me/preferences', { ...prefs, quietHours: null })).statusCode, 200)
  }
  const notificationsOf = (userId: string) => db.select().from(notifications).where(eq(notifications.userId, userId))
  const waiting = async (userId: string) =>
    (await db.select().from(conversationParticipants).where(eq(conversationParticipants.userId, userId)))[0]?.notifyDueAt

  // A burst of three messages to an offline teacher: one email.
  const withTeacher = (await s.startDirect('p1', s.users.teacherA.id)).json().id
  for (const body of ['One', 'Two', 'Three']) t.equal((await s.send('p1', withTeacher, body)).statusCode, 201)
  const mail = await ctx.mail.next(s.users.teacherA.email as string)
  t.match(mail.subject, /Neges newydd gan Parent One/, 'the teacher is told, Welsh first')
  t.match(mail.text, /New message from Parent One/)
  t.notMatch(mail.text, /One\b.*Two/s, 'the email does not carry the messages themselves')
  await eventually(async () => (await waiting(s.users.teacherA.id)) === null)
  t.equal((await notificationsOf(s.users.teacherA.id)).length, 1, 'one notification for the burst, not three')
  t.equal((await s.send('p1', withTeacher, 'Four')).statusCode, 201)
  await ctx.mail.next(s.users.teacherA.email as string)
  t.equal((await notificationsOf(s.users.teacherA.id)).length, 2, 'a later burst is a new notification')

  // Names are people's text too: they reach an email escaped, and never a push.
  const sneaky = await ctx.makeFamily(s.school.id, { classId: s.classes.classA.id, guardianName: 'Rhiant <img src=x onerror=alert(1)>' })
  const sneakySession = await ctx.signIn(sneaky.guardian, s.school.id)
  const withSneaky = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations`,
    headers: { ...sneakySession.write, ...s.origin },
    payload: { kind: 'direct', userId: s.users.teacherA.id },
  })
  const html = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations/${withSneaky.json().id}/messages`,
    headers: { ...sneakySession.write, ...s.origin },
    payload: { clientId: '6f1c2b8e-1f2a-4c3d-9e8f-0a1b2c3d4e5f', body: '<script>alert(1)</script>' },
  })
  t.equal(html.statusCode, 201)
  const escaped = await ctx.mail.next(s.users.teacherA.email as string)
  t.notMatch(escaped.html, /<img|<script/, 'no HTML from users reaches the email')
  t.match(escaped.html, /&#60;img src=x/, 'the name is shown as text')

  // A parent with a live socket is not notified while connected; once offline, they are.
  const withP1 = (await s.startDirect('teacherA', s.users.p1.id)).json().id
  const socket = await openSocket(t, ctx.url, s.sessions.p1.cookie)
  t.equal((await s.send('teacherA', withP1, 'Are you free on Friday?')).statusCode, 201)
  await new Promise((resolve) => setTimeout(resolve, 2500))
  t.equal((await notificationsOf(s.users.p1.id)).length, 0, 'nothing while the parent is connected')
  t.ok(await waiting(s.users.p1.id), 'the wait is still on')
  socket.close()
  const parentMail = await ctx.mail.next(s.users.p1.email as string)
  t.match(parentMail.subject, /Mr Teacher A/, 'after disconnecting, the parent is told')

  // Read in time: nothing is sent.
  const withP2 = (await s.startDirect('teacherA', s.users.p2.id)).json().id
  const sent = (await s.send('teacherA', withP2, 'Quick one')).json().message
  const read = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations/${withP2}/read`,
    headers: { ...s.sessions.p2.write, ...s.origin },
    payload: { seq: sent.seq },
  })
  t.equal(read.statusCode, 200)
  await eventually(async () => (await waiting(s.users.p2.id)) === null)
  t.equal((await notificationsOf(s.users.p2.id)).length, 0, 'a message read in time notifies nobody')
})

t.test('outside office hours the parent is told when to expect a reply and the teacher’s notification waits', async (t) => {
  const ctx = await setup(t, { workers: false })
  const s = await makeMessagingSchool(ctx)
  // A one-minute window a day: now is all but certainly outside it.
  const hours = { hours: week({ start: '00:00', end: '00:01' }), timeZone: 'Europe/London', enabled: true }
  const set = await ctx.app.inject({
    method: 'PUT',
    url: `${s.base}/office-hours/me`,
    headers: { ...s.sessions.teacherB.write, ...s.origin },
    payload: hours,
  })
  t.equal(set.statusCode, 200)
  const refused = await ctx.app.inject({
    method: 'PUT',
    url: `${s.base}/office-hours/me`,
    headers: { ...s.sessions.q.write, ...s.origin },
    payload: hours,
  })
  t.equal(refused.statusCode, 403, 'parents have no office hours')
  const badZone = await ctx.app.inject({
    method: 'PUT',
    url: `${s.base}/office-hours`,
    headers: { ...s.sessions.admin.write, ...s.origin },
    payload: { ...hours, timeZone: 'Mars/Olympus' },
  })
  t.equal(badZone.statusCode, 400, 'an unknown time zone is refused')
  t.equal(badZone.json().code, 'messaging.bad_time_zone')
  const notAdmin = await ctx.app.inject({
    method: 'PUT',
    url: `${s.base}/office-hours`,
    headers: { ...s.sessions.teacherA.write, ...s.origin },
    payload: hours,
  })
  t.equal(notAdmin.statusCode, 403, 'only admins set the school default')
  const foreign = await ctx.app.inject({ method: 'GET', url: `${s.base}/office-hours`, headers: s.sessions.otherTeacher.get })
  t.equal(foreign.statusCode, 404, 'another school’s staff get 404')

  const conversationId = (await s.startDirect('q', s.users.teacherB.id)).json().id
  const sent = await s.send('q', conversationId, 'Can we talk about reading?')
  const away = sent.json().away
  t.ok(away, 'the parent is told the teacher is away')
  const replyFrom = new Date(away.replyFrom)
  t.ok(replyFrom.getTime() > Date.now(), 'with when a reply can be expected')
  t.equal(
    new Date(replyFrom).toISOString().slice(11, 16) === '00:00' || new Date(replyFrom).toISOString().slice(11, 16) === '23:00',
    true,
    'at the start of the next window (midnight, London time)',
  )
  const [row] = await ctx.app.db.select().from(conversationParticipants).where(eq(conversationParticipants.userId, s.users.teacherB.id))
  t.equal(row?.notifyDueAt?.toISOString(), replyFrom.toISOString(), 'the teacher’s notification waits until hours start')
  const shown = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/${conversationId}`, headers: s.sessions.q.get })
  t.equal(shown.json().away.replyFrom, away.replyFrom, 'the conversation shows it before the parent writes again')
})
