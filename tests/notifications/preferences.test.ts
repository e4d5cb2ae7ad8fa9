import { eq } from 'drizzle-orm'
import t from 'tap'
import { notificationPreferences, pushSubscriptions, users } from '../../server/db/schema.ts'
import { requestNotifications } from '../../server/modules/notifications/notify.ts'
import { startPushEndpoint } from '../helpers/push-endpoint.ts'
import { setup } from '../helpers/setup.ts'

const NOON = new Date('2026-11-23T12:00:00Z')

t.test('preferences: defaults, saving, and bad input refused with nothing stored', async (t) => {
  const ctx = await setup(t, { workers: false })
  const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'cy' })
  const session = await ctx.signIn(guardian, ctx.school.id)
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const teacherSession = await ctx.signIn(teacher, ctx.school.id)

  const mine = (await ctx.app.inject({ method: 'GET', url: '/api/me/preferences', headers: session.get })).json()
  t.same(mine, {
    language: 'cy',
    channels: {
      messages: { email: true, push: true },
      newsletters: { email: true, push: true },
      forum: { email: true, push: true },
      urgent: { email: true, push: true },
    },
    quietHours: { start: '21:00', end: '07:00' },
    timeZone: 'Europe/London',
    digest: { mode: 'off', time: '17:00' },
  })
  const staff = (await ctx.app.inject({ method: 'GET', url: '/api/me/preferences', headers: teacherSession.get })).json()
  t.equal(staff.quietHours, null, 'staff have no quiet hours by default')

  const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/me/preferences' })
  t.equal(anonymous.statusCode, 401)

  const changed = {
    ...mine,
    language: 'both',
    channels: { ...mine.channels, newsletters: { email: false, push: true } },
    quietHours: { start: '22:00', end: '06:30' },
    digest: { mode: 'daily', time: '18:00' },
  }
  const saved = await ctx.app.inject({ method: 'PUT', url: '/api/me/preferences', headers: session.write, payload: changed })
  t.equal(saved.statusCode, 200)
  t.same(saved.json(), changed)
  const [user] = await ctx.app.db.select().from(users).where(eq(users.id, guardian.id))
  t.equal(user?.language, 'both', 'the language is the person’s language everywhere')

  const bad: [string, unknown][] = [
    ['an unknown digest mode', { ...changed, digest: { mode: 'weekly', time: '18:00' } }],
    ['an unknown language', { ...changed, language: 'fr' }],
    ['a time that is not HH:MM', { ...changed, quietHours: { start: '25:00', end: '07:00' } }],
    ['a channel that is not on/off', { ...changed, channels: { ...changed.channels, forum: { email: 'sometimes', push: true } } }],
    ['a missing category', { ...changed, channels: { messages: changed.channels.messages } }],
  ]
  for (const [what, payload] of bad) {
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/me/preferences',
      headers: { ...session.write, 'accept-language': 'cy' },
      payload: payload as object,
    })
    t.equal(res.statusCode, 400, what)
    t.equal(res.json().code, 'validation.invalid')
  }
  const zone = await ctx.app.inject({
    method: 'PUT',
    url: '/api/me/preferences',
    headers: session.write,
    payload: { ...changed, language: 'en', timeZone: 'Mars/Olympus_Mons' },
  })
  t.equal(zone.statusCode, 400)
  t.match(zone.json().message, /Nid ydym yn adnabod y gylchfa amser/, 'in Welsh first: the saved language is both')
  const [afterZone] = await ctx.app.db.select().from(users).where(eq(users.id, guardian.id))
  t.equal(afterZone?.language, 'both', 'a refused save changes nothing, not even the language')
  const [stored] = await ctx.app.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, guardian.id))
  t.equal(stored?.digest, 'daily', 'the last good save stands')

  const huge = await ctx.app.inject({
    method: 'PUT',
    url: '/api/me/preferences',
    headers: { ...session.write, 'content-type': 'application/json' },
    payload: JSON.stringify({ ...changed, timeZone: 'x'.repeat(40_000) }),
  })
  t.equal(huge.statusCode, 413, 'an oversized body is refused')
  t.equal(huge.json().code, 'too_large')

  const noCsrf = await ctx.app.inject({ method: 'PUT', url: '/api/me/preferences', headers: session.get, payload: changed })
  t.equal(noCsrf.statusCode, 403, 'a cookie write needs the CSRF token')
})

t.test('push subscriptions: validated, owned, removable', async (t) => {
  const push = await startPushEndpoint()
  t.teardown(push.close)
  const ctx = await setup(t, { workers: false })
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const session = await ctx.signIn(guardian, ctx.school.id)
  const { guardian: other } = await ctx.makeFamily(ctx.school.id)
  const otherSession = await ctx.signIn(other, ctx.school.id)

  const settings = await ctx.app.inject({ method: 'GET', url: '/api/me/push', headers: session.get })
  t.match(settings.json().publicKey, /^[A-Za-z0-9_-]{87}$/, 'the VAPID public key for the browser')

  const device = push.subscription()
  for (const [what, payload] of [
    ['an http endpoint', { ...device.json, endpoint: device.json.endpoint.replace('https', 'http') }],
    ['a short key', { ...device.json, keys: { ...device.json.keys, p256dh: 'abc' } }],
    ['no auth secret', { endpoint: device.json.endpoint, keys: { p256dh: device.json.keys.p256dh } }],
  ] as const) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/me/push/subscriptions', headers: session.write, payload })
    t.equal(res.statusCode, 400, what)
  }
  t.equal((await ctx.app.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, guardian.id))).length, 0)

  const made = await ctx.app.inject({ method: 'POST', url: '/api/me/push/subscriptions', headers: session.write, payload: device.json })
  t.equal(made.statusCode, 201)
  const stolen = await ctx.app.inject({
    method: 'DELETE',
    url: `/api/me/push/subscriptions/${made.json().id}`,
    headers: otherSession.write,
  })
  t.equal(stolen.statusCode, 404, 'another person cannot remove my device')
  const gone = await ctx.app.inject({
    method: 'POST',
    url: '/api/me/push/unsubscribe',
    headers: session.write,
    payload: { endpoint: device.json.endpoint },
  })
  t.equal(gone.statusCode, 204)
  t.same((await ctx.app.inject({ method: 'GET', url: '/api/me/push', headers: session.get })).json().devices, [])
})

t.test('one-click unsubscribe: GET changes nothing, POST turns that email off; essential mail has no unsubscribe', async (t) => {
  const ctx = await setup(t, { workerOptions: { clock: () => NOON } })
  const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'en' })
  const session = await ctx.signIn(guardian, ctx.school.id)
  await ctx.app.inject({ method: 'POST', url: '/api/me/notifications/test', headers: session.write, payload: { category: 'newsletters' } })
  const mail = await ctx.mail.next(guardian.email as string)
  const link = /<([^>]+)>/.exec(mail.raw['list-unsubscribe'] ?? '')?.[1] ?? ''
  const path = new URL(link).pathname
  t.match(mail.text, path, 'the footer carries the same link')

  const page = await ctx.app.inject({ method: 'GET', url: path })
  t.equal(page.statusCode, 200)
  t.match(page.body, /Stop emails about “Newsletters and announcements”/)
  const prefs = async () => (await ctx.app.inject({ method: 'GET', url: '/api/me/preferences', headers: session.get })).json()
  t.equal((await prefs()).channels.newsletters.email, true, 'a GET (a mail scanner) changes nothing')

  const forged = await ctx.app.inject({
    method: 'POST',
    url: path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  })
  t.equal(forged.statusCode, 404, 'a forged token does nothing')

  // What a mail provider sends (RFC 8058): no cookie, no Origin, a form body.
  const oneClick = await ctx.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  })
  t.equal(oneClick.statusCode, 200)
  const after = await prefs()
  t.equal(after.channels.newsletters.email, false, 'newsletter email is off')
  t.equal(after.channels.messages.email, true, 'other categories are untouched')

  // Safeguarding notices are essential: no List-Unsubscribe, sent whatever the choices.
  await ctx.app.db.transaction((tx) =>
    requestNotifications(tx, { schoolId: ctx.school.id, userIds: [guardian.id], category: 'safeguarding', kind: 'test' }),
  )
  const essential = await ctx.mail.next(guardian.email as string)
  t.equal(essential.raw['list-unsubscribe'], undefined, 'no unsubscribe on essential mail')
  t.match(essential.text, /essential message/)
})
