import { eq } from 'drizzle-orm'
import t from 'tap'
import { classTeachers, newsletterRecipients, users } from '../../server/db/schema.ts'
import { startPushEndpoint } from '../helpers/push-endpoint.ts'
import { setup } from '../helpers/setup.ts'
import { draft, draftToClasses, makeHousehold, sleep, withoutQuietHours } from './fixtures.ts'

t.test('families read it on a page without script; staff see who was reached, remind and record contacts', async (t) => {
  const push = await startPushEndpoint()
  t.teardown(push.close)
  const ctx = await setup(t, { workerOptions: { pushAgent: push.agent } })
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'en' })
  const session = await ctx.signIn(admin, ctx.school.id)
  const red = await ctx.makeClassGroup(ctx.school.id, { nameEn: 'Red', nameCy: 'Coch' })
  const blue = await ctx.makeClassGroup(ctx.school.id, { nameEn: 'Blue', nameCy: 'Glas' })
  const reader = await makeHousehold(ctx, red.id, ['cy'], 'Reader')
  const noEmail = await ctx.makeFamily(ctx.school.id, { classId: blue.id, guardianName: 'Quiet family', language: 'en' })
  await ctx.app.db.update(users).set({ email: null }).where(eq(users.id, noEmail.guardian.id))
  await withoutQuietHours(ctx, noEmail.guardian.id)
  const quiet = noEmail.guardian
  const readerAdult = reader.adults[0]
  if (!readerAdult) throw new Error('no adult')
  const outsider = await ctx.makeFamily(ctx.school.id, { guardianName: 'Not in the audience' })

  const base = `/api/schools/${ctx.school.id}/newsletters`
  const id = await draftToClasses(ctx, session, [red.id, blue.id])
  const notYet = await ctx.app.inject({ method: 'GET', url: `${base}/${id}/reach`, headers: session.get })
  t.equal(notYet.statusCode, 409, 'no reach before the send')
  await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: session.write, payload: {} })
  const mail = await ctx.mail.next(readerAdult.email as string)

  // The email's link opens the page without signing in, and counts an opening through the email.
  const link = /href="(http[^"]+\/newsletters\/[^"]+)"/.exec(mail.html)?.[1]?.replaceAll('&#38;', '&')
  t.ok(link, 'the email links to the newsletter')
  const page = await ctx.app.inject({ method: 'GET', url: new URL(link as string).pathname + new URL(link as string).search })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.notMatch(page.body, /<script/i, 'the page has no script: it reads without JavaScript')
  t.match(page.body, /<html lang="cy"/, 'in the family’s language')
  t.match(page.body, /Sain Ffagan/)
  t.notMatch(page.body, /St Fagans/)
  const toggled = await ctx.app.inject({
    method: 'GET',
    url: `${new URL(link as string).pathname}?r=${new URL(link as string).searchParams.get('r')}&lang=both`,
  })
  t.ok(toggled.body.indexOf('Sain Ffagan') < toggled.body.indexOf('St Fagans'), 'the bilingual toggle shows Welsh first, then English')
  const [opened] = await ctx.app.db.select().from(newsletterRecipients).where(eq(newsletterRecipients.userId, readerAdult.id))
  t.equal(opened?.openedVia, 'email', 'the opening is counted as through the email')

  // Refusals: a forged link, someone not in the audience, signed out.
  const forged = await ctx.app.inject({ method: 'GET', url: `/newsletters/${id}?r=${opened?.id}.forged` })
  t.equal(forged.statusCode, 404, 'a forged link opens nothing')
  const outsiderSession = await ctx.signIn(outsider.guardian, ctx.school.id)
  const notSent = await ctx.app.inject({ method: 'GET', url: `/newsletters/${id}`, headers: outsiderSession.get })
  t.equal(notSent.statusCode, 404, 'a parent it was not sent to cannot read it')
  const received = await ctx.app.inject({
    method: 'GET',
    url: `${base}/received`,
    headers: (await ctx.signIn(readerAdult, ctx.school.id)).get,
  })
  t.equal(received.json().newsletters[0]?.id, id, 'the family finds it in its list of newsletters')
  t.equal(received.json().newsletters[0]?.language, 'cy')

  // Reach: the reader was reached; the family without email or push was not.
  let reach = (await ctx.app.inject({ method: 'GET', url: `${base}/${id}/reach`, headers: session.get })).json()
  for (let i = 0; i < 50 && reach.classes.find((c: { nameEn: string }) => c.nameEn === 'Red')?.reached24h !== 1; i++) {
    await sleep(100)
    reach = (await ctx.app.inject({ method: 'GET', url: `${base}/${id}/reach`, headers: session.get })).json()
  }
  t.same(
    reach.classes.map((c: { nameEn: string; families: number; reached24h: number }) => [c.nameEn, c.families, c.reached24h]),
    [
      ['Blue', 1, 0],
      ['Red', 1, 1],
    ],
    'share reached within 24 hours, per class',
  )
  t.same(
    reach.notReached.map((r: { userId: string }) => r.userId),
    [quiet.id],
    'the family with no working channel is listed as not reached',
  )
  const row = reach.notReached[0]
  t.equal(row.channels.email, 'skipped', 'with its channels')
  t.equal(row.language, 'en', 'and its language')
  t.same(row.reminderChannels, [], 'no channel to remind it on')

  const refused = await ctx.app.inject({
    method: 'POST',
    url: `${base}/${id}/recipients/${quiet.id}/reminder`,
    headers: session.write,
    payload: { channel: 'email' },
  })
  t.equal(refused.statusCode, 400, 'a reminder on a channel the family cannot get is refused')
  t.equal(refused.json().code, 'newsletters.channel_unavailable')

  // The family gets a phone and allows push; the school reminds it there.
  const quietSession = await ctx.signIn(quiet, ctx.school.id)
  const device = push.subscription()
  await ctx.app.inject({
    method: 'POST',
    url: '/api/me/push/subscriptions',
    headers: quietSession.write,
    payload: { ...device.json, label: 'Phone' },
  })
  const reminded = await ctx.app.inject({
    method: 'POST',
    url: `${base}/${id}/recipients/${quiet.id}/reminder`,
    headers: session.write,
    payload: { channel: 'push' },
  })
  t.equal(reminded.statusCode, 202, reminded.body)
  const [pushed] = await push.waitFor(device.id)
  t.equal(pushed?.payload?.body, 'Reminder: a newsletter from your school is waiting for you.', 'the reminder arrives by push')

  const contact = await ctx.app.inject({
    method: 'POST',
    url: `${base}/${id}/recipients/${quiet.id}/contact`,
    headers: session.write,
    payload: { method: 'paper', note: 'Copy in book bag' },
  })
  t.equal(contact.statusCode, 201)
  reach = (await ctx.app.inject({ method: 'GET', url: `${base}/${id}/reach`, headers: session.get })).json()
  const after = reach.all.find((r: { userId: string }) => r.userId === quiet.id)
  t.same(
    [after.contacted.method, after.contacted.byName, after.contacted.note],
    ['paper', admin.name, 'Copy in book bag'],
    'who recorded what',
  )
  t.equal(reach.notReached.length, 0, 'and the family leaves the not-reached list')
})

t.test('only staff with the right role, of the right school, compose, send and see reach', async (t) => {
  const ctx = await setup(t)
  const group = await ctx.makeClassGroup(ctx.school.id)
  const otherGroup = await ctx.makeClassGroup(ctx.school.id)
  await makeHousehold(ctx, group.id, ['en'])
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  await ctx.app.db.insert(classTeachers).values({ schoolId: ctx.school.id, classId: group.id, teacherId: teacher.id })
  const otherTeacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const parent = await ctx.makeUser(ctx.school.id, 'parent')
  const dsl = await ctx.makeUser(ctx.school.id, 'dsl')
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const otherSchool = await ctx.makeSchool()
  const foreignAdmin = await ctx.makeUser(otherSchool.id, 'admin')
  const base = `/api/schools/${ctx.school.id}/newsletters`
  const as = async (user: { id: string }, school = ctx.school.id) => ctx.signIn(user, school)

  for (const [who, user] of [
    ['a parent', parent],
    ['the safeguarding lead', dsl],
  ] as const) {
    const s = await as(user)
    t.equal((await ctx.app.inject({ method: 'GET', url: base, headers: s.get })).statusCode, 403, `${who} cannot list`)
    t.equal(
      (await ctx.app.inject({ method: 'POST', url: base, headers: s.write, payload: draft() })).statusCode,
      403,
      `${who} cannot compose`,
    )
  }
  const teacherSession = await as(teacher)
  const wide = await ctx.app.inject({ method: 'POST', url: base, headers: teacherSession.write, payload: draft() })
  t.equal(wide.statusCode, 403, 'a teacher cannot write to the whole school')
  const notTheirs = await ctx.app.inject({
    method: 'POST',
    url: base,
    headers: teacherSession.write,
    payload: draft({ audience: { kind: 'classes', classIds: [otherGroup.id] } }),
  })
  t.equal(notTheirs.statusCode, 403, 'nor to a class they do not teach')
  const own = await ctx.app.inject({
    method: 'POST',
    url: base,
    headers: teacherSession.write,
    payload: draft({ audience: { kind: 'classes', classIds: [group.id] } }),
  })
  t.equal(own.statusCode, 201, 'a teacher writes to their own class')
  const id = own.json().id
  t.equal((await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: teacherSession.write, payload: {} })).statusCode, 202)

  const otherTeacherSession = await as(otherTeacher)
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: `${base}/${id}`, headers: otherTeacherSession.get })).statusCode,
    403,
    'another teacher cannot open it',
  )
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: `${base}/${id}/reach`, headers: otherTeacherSession.get })).statusCode,
    403,
    'nor see its reach',
  )
  const adminSession = await as(admin)
  t.equal((await ctx.app.inject({ method: 'GET', url: `${base}/${id}`, headers: adminSession.get })).statusCode, 200, 'an admin can')

  const foreign = await as(foreignAdmin, otherSchool.id)
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: `${base}/${id}`, headers: foreign.get })).statusCode,
    404,
    'another school’s admin finds nothing',
  )
  t.equal((await ctx.app.inject({ method: 'GET', url: `/newsletters/${id}`, headers: foreign.get })).statusCode, 404, 'nor its page')
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: `/api/schools/${otherSchool.id}/newsletters/${id}`, headers: foreign.get })).statusCode,
    404,
    'nor through their own school',
  )
  t.equal((await ctx.app.inject({ method: 'GET', url: base })).statusCode, 401, 'signed out: 401')
  t.equal((await ctx.app.inject({ method: 'GET', url: `/newsletters/${id}` })).statusCode, 404, 'signed out, no link: nothing')

  // Every other route of the module: a parent of the school gets 403, another school's admin 404.
  const recipient = (await ctx.app.db.select().from(newsletterRecipients).where(eq(newsletterRecipients.newsletterId, id)))[0]
  const routes: { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object }[] = [
    { method: 'GET', url: `${base}/audience-options` },
    { method: 'POST', url: `${base}/audience-count`, payload: { kind: 'school' } },
    { method: 'GET', url: `${base}/${id}/preview?language=both` },
    { method: 'GET', url: `${base}/${id}/progress` },
    { method: 'POST', url: `${base}/${id}/test` },
    { method: 'POST', url: `${base}/${id}/send`, payload: {} },
    { method: 'POST', url: `${base}/${id}/cancel` },
    { method: 'POST', url: `${base}/${id}/attachments`, payload: {} },
    { method: 'DELETE', url: `${base}/${id}/attachments/${id}` },
    { method: 'POST', url: `${base}/${id}/recipients/${recipient?.userId}/reminder`, payload: { channel: 'email' } },
    { method: 'POST', url: `${base}/${id}/recipients/${recipient?.userId}/contact`, payload: { method: 'phone' } },
  ]
  const parentSession = await as(parent)
  for (const route of routes) {
    const headers = route.method === 'GET' ? parentSession.get : parentSession.write
    const asParent = await ctx.app.inject({ ...route, headers })
    t.equal(asParent.statusCode, 403, `a parent: ${route.method} ${route.url.replace(base, '')} is refused`)
    const asForeign = await ctx.app.inject({ ...route, headers: route.method === 'GET' ? foreign.get : foreign.write })
    t.equal(asForeign.statusCode, 404, `another school's admin: ${route.method} ${route.url.replace(base, '')} finds nothing`)
  }
  const received = await ctx.app.inject({ method: 'GET', url: `${base}/received`, headers: foreign.get })
  t.equal(received.statusCode, 404, "another school's admin cannot list this school's received newsletters")
})
