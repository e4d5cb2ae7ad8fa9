import { eq } from 'drizzle-orm'
import t from 'tap'
import { auditLog, retentionHolds, schoolRetention } from '../../server/db/schema.ts'
import { lockSchool } from '../../server/modules/retention/sweep.repository.ts'
import { createFactories } from '../helpers/factories.ts'
import { setup } from '../helpers/setup.ts'
import { createSeeder } from './seed.ts'

type Session = Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['signIn']>>

t.test('retention periods and holds: who may, bad input, nothing half-written, audited', async (t) => {
  const ctx = await setup(t, { workers: false })
  const db = ctx.app.db
  const school = ctx.school.id
  const admin = await ctx.makeUser(school, 'admin', { language: 'cy' })
  const adminEn = await ctx.makeUser(school, 'admin', { language: 'en' })
  const dsl = await ctx.makeUser(school, 'dsl', { language: 'en' })
  const teacher = await ctx.makeUser(school, 'teacher')
  const feo = await ctx.makeUser(school, 'feo')
  const { guardian } = await ctx.makeFamily(school)
  const other = await createFactories(db).makeSchool()
  const otherAdmin = await ctx.makeUser(other.id, 'admin')
  const { conversation } = await createSeeder(db).conversation(school, teacher.id, guardian.id, new Date())
  const s = {
    admin: await ctx.signIn(admin, school),
    adminEn: await ctx.signIn(adminEn, school),
    dsl: await ctx.signIn(dsl, school),
    teacher: await ctx.signIn(teacher, school),
    feo: await ctx.signIn(feo, school),
    parent: await ctx.signIn(guardian, school),
    otherAdmin: await ctx.signIn(otherAdmin, other.id),
  }
  const call = async (who: Session | null, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) => {
    const res = await ctx.app.inject({
      method,
      url: `/api/schools/${school}${url}`,
      headers: who ? (method === 'GET' ? who.get : who.write) : {},
      ...(payload ? { payload } : {}),
    })
    return { status: res.statusCode, body: res.json() }
  }

  // Defaults from config, none overridden.
  const first = await call(s.admin, 'GET', '/retention')
  t.equal(first.status, 200)
  t.same(
    first.body.categories.map((c: { category: string; days: number; overridden: boolean }) => [c.category, c.days, c.overridden]),
    [
      ['messages', 730, false],
      ['notifications', 400, false],
      ['newsletter_reach', 400, false],
      ['contact_log', 730, false],
    ],
  )
  t.equal(first.body.signInDays, 30)

  // A hold to release later, placed by the DSL.
  const placed = await call(s.dsl, 'POST', '/retention/holds', { subjectType: 'family', subjectId: guardian.id, reason: ' Ymchwiliad ' })
  t.equal(placed.status, 201)
  t.match(placed.body, {
    subjectType: 'family',
    subjectId: guardian.id,
    subjectLabel: guardian.name,
    reason: 'Ymchwiliad',
    createdBy: dsl.name,
    releasedAt: null,
  })
  const holdId: string = placed.body.id

  // Refusals: teacher, FEO and parent 403; another school's admin 404; signed out 401. Nothing written.
  const routes: ['GET' | 'PUT' | 'POST', string, object?][] = [
    ['GET', '/retention'],
    ['PUT', '/retention', { periods: { messages: 100 } }],
    ['GET', '/retention/holds'],
    ['POST', '/retention/holds', { subjectType: 'conversation', subjectId: conversation.id, reason: 'x' }],
    ['POST', `/retention/holds/${holdId}/release`],
  ]
  for (const [method, url, payload] of routes) {
    for (const who of ['teacher', 'feo', 'parent'] as const)
      t.equal((await call(s[who], method, url, payload)).status, 403, `${who} ${method} ${url}`)
    t.equal((await call(s.otherAdmin, method, url, payload)).status, 404, `another school's admin ${method} ${url}`)
    t.equal((await call(null, method, url, payload)).status, 401, `signed out ${method} ${url}`)
  }
  t.equal((await call(s.dsl, 'GET', '/retention')).status, 403, 'periods are for admins only')
  t.equal((await call(s.dsl, 'PUT', '/retention', { periods: { messages: 100 } })).status, 403)
  t.equal((await db.select().from(schoolRetention)).length, 0, 'no refused call set a period')
  t.equal((await db.select().from(retentionHolds)).length, 1, 'no refused call placed a hold')

  // Bad periods: a localised 400 naming the category, and nothing changes (the good value neither).
  const tooShort = await call(s.admin, 'PUT', '/retention', { periods: { messages: 365, notifications: 3 } })
  t.equal(tooShort.status, 400)
  t.equal(tooShort.body.code, 'retention.period_out_of_range')
  t.match(tooShort.body.message, /hysbysiadau.*7.*3650/, 'in Welsh for a Welsh-speaking admin, naming the category')
  const tooLong = await call(s.adminEn, 'PUT', '/retention', { periods: { contact_log: 4000 } })
  t.match(tooLong.body.message, /the contact log must be a whole number of days from 7 to 3650/)
  for (const body of [
    { periods: { messages: 0 } },
    { periods: { messages: null } },
    { periods: { messages: 30.5 } },
    { periods: { messages: 'thirty' } },
    { periods: { forum: 30 } },
    { periods: {} },
    {},
    { reset: ['forum'] },
    { periods: { messages: 30 }, reset: ['messages'] },
  ]) {
    const res = await call(s.adminEn, 'PUT', '/retention', body)
    t.equal(res.status, 400, `rejects ${JSON.stringify(body)}`)
    t.ok(res.body.message.length > 0)
  }
  t.equal((await db.select().from(schoolRetention)).length, 0, 'no bad request wrote a period')

  // Good periods, then one back to the default.
  const set = await call(s.admin, 'PUT', '/retention', { periods: { messages: 365, notifications: 30 } })
  t.equal(set.status, 200)
  t.match(set.body.categories[0], { category: 'messages', days: 365, defaultDays: 730, overridden: true })
  const reset = await call(s.admin, 'PUT', '/retention', { reset: ['messages'] })
  t.match(reset.body.categories[0], { category: 'messages', days: 730, overridden: false })
  t.match(reset.body.categories[1], { category: 'notifications', days: 30, overridden: true })
  const otherSchool = await ctx.app.inject({ method: 'GET', url: `/api/schools/${other.id}/retention`, headers: s.otherAdmin.get })
  t.equal(otherSchool.json().categories[1].days, 400, "one school's periods do not touch another's")

  // Holds: bad subjects and reasons, a conversation hold by an admin, release once.
  const bad: [object, number, string][] = [
    [{ subjectType: 'family', subjectId: otherAdmin.id, reason: 'x' }, 400, 'retention.subject_not_found'],
    [{ subjectType: 'family', subjectId: teacher.id, reason: 'x' }, 400, 'retention.subject_not_found'],
    [{ subjectType: 'conversation', subjectId: guardian.id, reason: 'x' }, 400, 'retention.subject_not_found'],
    [{ subjectType: 'user', subjectId: guardian.id, reason: '   ' }, 400, 'retention.reason_required'],
    [{ subjectType: 'learner', subjectId: guardian.id, reason: 'x' }, 400, 'validation.invalid'],
  ]
  for (const [body, status, code] of bad) {
    const res = await call(s.adminEn, 'POST', '/retention/holds', body)
    t.equal(res.status, status, JSON.stringify(body))
    t.equal(res.body.code, code)
  }
  t.equal((await db.select().from(retentionHolds)).length, 1, 'no bad request placed a hold')
  const onConversation = await call(s.admin, 'POST', '/retention/holds', {
    subjectType: 'conversation',
    subjectId: conversation.id,
    reason: 'Adroddiad',
  })
  t.equal(onConversation.status, 201)
  t.equal((await call(s.dsl, 'GET', '/retention/holds')).body.holds.length, 2)

  const released = await call(s.admin, 'POST', `/retention/holds/${holdId}/release`)
  t.equal(released.status, 200)
  t.match(released.body, { id: holdId, releasedBy: admin.name })
  t.ok(released.body.releasedAt)
  const twice = await call(s.adminEn, 'POST', `/retention/holds/${holdId}/release`)
  t.equal(twice.status, 409)
  t.match(twice.body.message, /already been released/)
  t.equal((await call(s.dsl, 'GET', '/retention/holds')).body.holds.length, 1, 'released holds are left out by default')
  t.equal((await call(s.dsl, 'GET', '/retention/holds?released=true')).body.holds.length, 2)
  const foreignRelease = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${other.id}/retention/holds/${onConversation.body.id}/release`,
    headers: s.otherAdmin.write,
  })
  t.equal(foreignRelease.statusCode, 404, "another school's admin cannot release this school's hold through their own school")

  const actions = (await db.select().from(auditLog).where(eq(auditLog.schoolId, school)))
    .map((a) => a.action)
    .filter((a) => a.startsWith('retention.'))
  t.same(actions.sort(), [
    'retention.hold_placed',
    'retention.hold_placed',
    'retention.hold_released',
    'retention.periods_changed',
    'retention.periods_changed',
  ])
})

t.test('a hold placed while a retention batch of the school runs waits for it, then holds from the next', async (t) => {
  const ctx = await setup(t, { workers: false })
  const dsl = await ctx.makeUser(ctx.school.id, 'dsl')
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const session = await ctx.signIn(dsl, ctx.school.id)
  // Warm up (the first request compiles the route's schemas), so the wait below is the lock's.
  const warm = await ctx.app.inject({ method: 'GET', url: `/api/schools/${ctx.school.id}/retention/holds`, headers: session.get })
  t.equal(warm.statusCode, 200)
  let commit: () => void = () => {}
  // A batch in progress: the school's retention lock, held until `commit`.
  const batch = ctx.app.db.transaction(async (tx) => {
    await lockSchool(tx, ctx.school.id)
    await new Promise<void>((resolve) => {
      commit = resolve
    })
  })
  await new Promise((r) => setTimeout(r, 50))
  let done = false
  const placing = ctx.app
    .inject({
      method: 'POST',
      url: `/api/schools/${ctx.school.id}/retention/holds`,
      headers: session.write,
      payload: { subjectType: 'user', subjectId: guardian.id, reason: 'Pryder' },
    })
    .then((res) => {
      done = true
      return res
    })
  await new Promise((r) => setTimeout(r, 500))
  const placedWhileLocked = done
  commit()
  await batch
  t.equal((await placing).statusCode, 201)
  t.equal(placedWhileLocked, false, 'the hold waited for the batch to commit')
})
