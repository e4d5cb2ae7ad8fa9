import { and, eq } from 'drizzle-orm'
import t from 'tap'
import { auditLog, familyContacts, feoCaseload } from '../../server/db/schema.ts'
import { today } from '../../server/modules/engagement/school-calendar.ts'
import { createFactories } from '../helpers/factories.ts'
import { setup } from '../helpers/setup.ts'
import { engagementWriters } from './fixtures.ts'

t.test('the workspace is for FEOs and admins; the contact log also for the DSL; other schools see nothing', async (t) => {
  const ctx = await setup(t, { workers: false })
  const school = ctx.school.id
  const w = engagementWriters(ctx)
  const group = await ctx.makeClassGroup(school)
  const { guardian } = await ctx.makeFamily(school, { classId: group.id, guardianName: 'Rhian' })
  const feo = await ctx.makeUser(school, 'feo', { language: 'cy' })
  const admin = await ctx.makeUser(school, 'admin', { language: 'en' })
  const dsl = await ctx.makeUser(school, 'dsl', { language: 'en' })
  const teacher = await ctx.makeUser(school, 'teacher')
  const parent = await ctx.makeUser(school, 'parent')
  const other = await createFactories(ctx.app.db).makeSchool()
  const otherFeo = await ctx.makeUser(other.id, 'feo')
  const s = {
    feo: await ctx.signIn(feo, school),
    admin: await ctx.signIn(admin, school),
    dsl: await ctx.signIn(dsl, school),
    teacher: await ctx.signIn(teacher, school),
    parent: await ctx.signIn(parent, school),
    otherFeo: await ctx.signIn(otherFeo, other.id),
  }
  const logged = await w.call(s.feo, 'POST', `/engagement/families/${guardian.id}/contacts`, { kind: 'phone', note: 'Galwad' })
  t.equal(logged.status, 201)
  const contactId: string = logged.body.id

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  const routes: [Method, string, unknown?][] = [
    ['GET', '/engagement/lists'],
    ['GET', '/engagement/charts'],
    ['GET', '/engagement/charts.csv'],
    ['GET', '/engagement/families'],
    ['GET', `/engagement/families/${guardian.id}`],
    ['POST', `/engagement/families/${guardian.id}/contacts`, { kind: 'meeting', note: 'x' }],
    ['PATCH', `/engagement/contacts/${contactId}`, { followUpDone: true }],
    ['PUT', `/engagement/caseload/${guardian.id}`],
    ['DELETE', `/engagement/caseload/${guardian.id}`],
    ['POST', `/engagement/families/${guardian.id}/reminder`, { channel: 'email' }],
    ['GET', '/engagement/follow-ups/today'],
  ]
  const contactsBefore = await ctx.app.db.select().from(familyContacts)
  for (const [method, url, payload] of routes) {
    t.equal((await w.call(s.teacher, method, url, payload)).status, 403, `teacher ${method} ${url}`)
    t.equal((await w.call(s.parent, method, url, payload)).status, 403, `parent ${method} ${url}`)
    const foreign = await ctx.app.inject({
      method,
      url: `/api/schools/${school}${url}`,
      headers: method === 'GET' ? s.otherFeo.get : s.otherFeo.write,
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    t.equal(foreign.statusCode, 404, `another school's FEO ${method} ${url}`)
    const signedOut = await ctx.app.inject({
      method,
      url: `/api/schools/${school}${url}`,
      ...(payload ? { payload: payload as object } : {}),
    })
    t.equal(signedOut.statusCode, 401, `signed out ${method} ${url}`)
    const dslStatus = (await w.call(s.dsl, method, url, payload)).status
    if (url === `/engagement/families/${guardian.id}` && method === 'GET') t.equal(dslStatus, 200, 'the DSL reads the family page')
    else t.equal(dslStatus, 403, `DSL ${method} ${url}`)
  }
  t.same(await ctx.app.db.select().from(familyContacts), contactsBefore, 'no refused call wrote a contact')
  t.equal((await ctx.app.db.select().from(feoCaseload)).length, 0, 'nor a caseload row')

  // Their own school's id: another school's FEO finds nothing of this family there either.
  const ownSchool = await ctx.app.inject({
    method: 'GET',
    url: `/api/schools/${other.id}/engagement/families/${guardian.id}`,
    headers: s.otherFeo.get,
  })
  t.equal(ownSchool.statusCode, 404, "a family of another school is not found through one's own school")
  const otherLists = await ctx.app.inject({ method: 'GET', url: `/api/schools/${other.id}/engagement/families`, headers: s.otherFeo.get })
  t.same(otherLists.json(), { families: [] })

  t.equal((await w.call(s.admin, 'GET', '/engagement/lists')).status, 200, 'an admin reads the lists')
  const views = await ctx.app.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'engagement.notes_viewed'), eq(auditLog.actorId, dsl.id)))
  t.equal(views.length, 1, "the DSL's reading of the contact log is audited")
  t.same(views[0]?.data, { view: 'family', families: [guardian.id] })
})

t.test('bad input: a clear, localised 4xx and nothing written', async (t) => {
  const ctx = await setup(t, { workers: false })
  const school = ctx.school.id
  const w = engagementWriters(ctx)
  const { guardian } = await ctx.makeFamily(school, { guardianName: 'Rhian' })
  const feo = await ctx.makeUser(school, 'feo', { language: 'cy' })
  const session = await ctx.signIn(feo, school)
  const tomorrow = new Date(Date.now() + 86400_000)
  const yesterday = today(new Date(Date.now() - 86400_000))
  const bad: [string, string, unknown, number, RegExp][] = [
    ['future', `/engagement/families/${guardian.id}/contacts`, { kind: 'phone', note: 'x', at: tomorrow.toISOString() }, 400, /dyfodol/],
    ['past follow-up', `/engagement/families/${guardian.id}/contacts`, { kind: 'phone', note: 'x', followUpOn: yesterday }, 400, /heddiw/],
    ['empty note', `/engagement/families/${guardian.id}/contacts`, { kind: 'note', note: '   ' }, 400, /nodyn/],
    ['unknown kind', `/engagement/families/${guardian.id}/contacts`, { kind: 'letter', note: 'x' }, 400, /./],
    ['too long', `/engagement/families/${guardian.id}/contacts`, { kind: 'phone', note: 'x'.repeat(2001) }, 400, /./],
    ['not a date', `/engagement/families/${guardian.id}/contacts`, { kind: 'phone', note: 'x', followUpOn: '31/12/2026' }, 400, /./],
    ['not a family', `/engagement/families/${feo.id}/contacts`, { kind: 'phone', note: 'x' }, 404, /./],
    ['no unread newsletter', `/engagement/families/${guardian.id}/reminder`, { channel: 'email' }, 409, /cylchlythyr/],
    ['bad channel', `/engagement/families/${guardian.id}/reminder`, { channel: 'sms' }, 400, /./],
  ]
  for (const [what, url, payload, status, message] of bad) {
    const res = await w.call(session, 'POST', url, payload)
    t.equal(res.status, status, what)
    t.match(res.body.message, message, `${what}: the message is in Welsh for a Welsh-speaking FEO`)
  }
  t.equal((await w.call(session, 'GET', '/engagement/lists?weeks=0')).status, 400, 'weeks out of range')
  t.equal((await w.call(session, 'PATCH', `/engagement/contacts/${guardian.id}`, { followUpDone: true })).status, 404, 'no such contact')
  t.equal((await ctx.app.db.select().from(familyContacts)).length, 0, 'nothing was written')
})
