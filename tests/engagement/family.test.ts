import t from 'tap'
import { today } from '../../server/modules/engagement/school-calendar.ts'
import type { FamilyPage, TimelineEntry } from '../../shared/schemas/engagement.ts'
import { proposal } from '../forum/fixtures.ts'
import { setup } from '../helpers/setup.ts'
import { withoutQuietHours } from '../newsletters/fixtures.ts'
import { ago, DAY, engagementWriters, familyIdOf, HOUR } from './fixtures.ts'

t.test('a family page: timeline, contact log, caseload, follow-ups and a reminder on another channel', async (t) => {
  const ctx = await setup(t)
  const school = ctx.school.id
  const w = engagementWriters(ctx)
  const group = await ctx.makeClassGroup(school, { nameCy: 'Derw', nameEn: 'Oak' })
  const feo = await ctx.makeUser(school, 'feo', { language: 'en', name: 'Ffion' })
  const feo2 = await ctx.makeUser(school, 'feo', { language: 'en', name: 'Gareth' })
  const teacher = await ctx.makeUser(school, 'teacher', { name: 'Tom' })
  const { guardian: mam, learner } = await ctx.makeFamily(school, { classId: group.id, guardianName: 'Mam', language: 'cy' })
  const dad = await w.secondAdult(learner.id, { name: 'Dad', language: 'en' })
  for (const u of [mam, dad]) await withoutQuietHours(ctx, u.id)
  const familyId = familyIdOf(mam.id, dad.id)
  const s = { feo: await ctx.signIn(feo, school), feo2: await ctx.signIn(feo2, school), mam: await ctx.signIn(mam, school) }

  const withTeacher = await w.conversation(teacher.id, [mam.id])
  await withTeacher.say(mam.id, 'Private words for the teacher', ago(2 * DAY))
  const withFeo = await w.conversation(feo.id, [dad.id])
  await withFeo.say(dad.id, 'Hello Ffion, can we talk?', ago(DAY))
  const newsletter = await w.sentNewsletter(ago(3 * DAY), 'Tymor')
  await w.received(newsletter.id, mam.id, {})
  await w.received(newsletter.id, dad.id, {})

  const forum = await w.call(s.feo, 'POST', '/forums', {
    nameCy: 'Fforwm',
    nameEn: 'Forum',
    descriptionCy: '',
    descriptionEn: '',
    openItemLimit: 3,
  })
  await w.call(s.feo, 'PUT', `/forums/${forum.body.id}/members/${mam.id}`, {
    role: 'member',
    representsClassId: null,
    representsYear: null,
  })
  t.equal((await w.call(s.mam, 'POST', `/forums/${forum.body.id}/items`, proposal('Parking'))).status, 201)
  t.equal((await w.call(s.mam, 'POST', `/forums/${forum.body.id}/items`, proposal('Secret', { anonymous: true }))).status, 201)

  await t.test('the timeline, with bodies only where the FEO takes part', async (t) => {
    const logged = await w.call(s.feo, 'POST', `/engagement/families/${dad.id}/contacts`, {
      kind: 'home_visit',
      note: 'Visited; all well',
      at: ago(HOUR).toISOString(),
    })
    t.equal(logged.status, 201)
    t.equal(logged.body.familyId, familyId, 'any adult finds the family')
    const res = await w.call(s.feo, 'GET', `/engagement/families/${mam.id}`)
    t.equal(res.status, 200)
    const page = res.body as FamilyPage
    t.same(page.family.adults.map((a) => a.name).sort(), ['Dad', 'Mam'])
    const of = <K extends TimelineEntry['kind']>(kind: K) =>
      page.timeline.filter((e) => e.kind === kind) as Extract<TimelineEntry, { kind: K }>[]
    const messages = of('message')
    t.equal(messages.length, 2)
    t.equal(messages.find((m) => m.conversationId === withTeacher.id)?.body, null, 'metadata only where the FEO is not a participant')
    t.equal(messages.find((m) => m.conversationId === withFeo.id)?.body, 'Hello Ffion, can we talk?', 'the body where the FEO is')
    t.ok(messages.every((m) => m.fromFamily))
    t.same(
      of('newsletter').map((n) => [n.titleEn, n.reached]),
      [['Tymor (en)', false]],
    )
    t.same(
      of('forum').map((f) => [f.activity, f.adultName]),
      [['proposed', 'Mam']],
      'the anonymous proposal does not show',
    )
    t.same(
      of('contact').map((c) => c.contact.note),
      ['Visited; all well'],
    )
    const sorted = [...page.timeline].sort((a, b) => b.at.localeCompare(a.at))
    t.same(page.timeline, sorted, 'newest first')
  })

  await t.test('caseload and follow-ups due today on the FEO home', async (t) => {
    t.equal((await w.call(s.feo, 'PUT', `/engagement/caseload/${dad.id}`)).status, 204)
    t.equal((await w.call(s.feo, 'PUT', `/engagement/caseload/${mam.id}`)).status, 204, 'adding again changes nothing')
    const mine = await w.call(s.feo, 'GET', '/engagement/families?caseload=true')
    t.same(
      mine.body.families.map((f: { familyId: string; inCaseload: boolean }) => [f.familyId, f.inCaseload]),
      [[familyId, true]],
    )
    t.same((await w.call(s.feo2, 'GET', '/engagement/families?caseload=true')).body.families, [], "another FEO's caseload is their own")

    const due = await w.call(s.feo2, 'POST', `/engagement/families/${familyId}/contacts`, {
      kind: 'note',
      note: 'Ring back',
      followUpOn: today(new Date()),
    })
    t.equal(due.status, 201)
    const later = await w.call(s.feo2, 'POST', `/engagement/families/${familyId}/contacts`, {
      kind: 'note',
      note: 'Later',
      followUpOn: today(new Date(Date.now() + 3 * DAY)),
    })
    t.equal(later.status, 201)
    const home = async (session: typeof s.feo) =>
      (await w.call(session, 'GET', '/engagement/follow-ups/today')).body.followUps.map((f: { contact: { id: string } }) => f.contact.id)
    t.same(await home(s.feo2), [due.body.id], 'due today for the FEO who set it')
    t.same(await home(s.feo), [due.body.id], 'and for the FEO whose caseload holds the family')
    const done = await w.call(s.feo, 'PATCH', `/engagement/contacts/${due.body.id}`, { followUpDone: true })
    t.equal(done.status, 200)
    t.equal(done.body.followUpDone, true)
    t.same(await home(s.feo2), [], 'done: off the home page')
    t.equal((await w.call(s.feo, 'DELETE', `/engagement/caseload/${mam.id}`)).status, 204)
    t.same((await w.call(s.feo, 'GET', '/engagement/families?caseload=true')).body.families, [])
    t.same(await home(s.feo), [])
  })

  await t.test('a reminder of the unopened newsletter by email reaches each adult who allows it', async (t) => {
    const noPush = await w.call(s.feo, 'POST', `/engagement/families/${familyId}/reminder`, { channel: 'push' })
    t.equal(noPush.status, 409, 'nobody has a push device')
    const res = await w.call(s.feo, 'POST', `/engagement/families/${familyId}/reminder`, { channel: 'email' })
    t.equal(res.status, 202)
    t.equal(res.body.queued, 2)
    const [toMam, toDad] = await Promise.all([ctx.mail.next(mam.email as string), ctx.mail.next(dad.email as string)])
    // Each in the language the newsletter went to them in (both languages here, Welsh first).
    for (const mail of [toMam, toDad]) t.match(mail.text, /Tymor \(cy\)[\s\S]*Tymor \(en\)/)
  })
})
