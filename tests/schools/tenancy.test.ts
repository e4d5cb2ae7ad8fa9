import t from 'tap'
import { setup } from '../helpers/setup.ts'

t.test('every school endpoint refuses other schools (404), wrong roles (403) and strangers (401)', async (t) => {
  const ctx = await setup(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const group = await ctx.makeClassGroup(ctx.school.id)
  const { guardian } = await ctx.makeFamily(ctx.school.id, { classId: group.id })
  const other = await ctx.makeSchool()
  const otherAdmin = await ctx.makeUser(other.id, 'admin')
  const otherParent = (await ctx.makeFamily(other.id)).guardian
  const s = ctx.school.id

  const endpoints = [
    { method: 'GET', url: `/api/schools/${s}`, roles: ['admin', 'teacher', 'feo', 'parent'] },
    { method: 'GET', url: `/api/schools/${s}/classes`, roles: ['admin', 'teacher', 'feo'] },
    { method: 'POST', url: `/api/schools/${s}/classes`, roles: ['admin'], payload: { nameCy: 'Newydd', nameEn: 'New' } },
    { method: 'POST', url: `/api/schools/${s}/classes/${group.id}/teachers`, roles: ['admin'], payload: { teacherId: teacher.id } },
    { method: 'GET', url: `/api/schools/${s}/members`, roles: ['admin', 'teacher', 'feo'] },
    {
      method: 'POST',
      url: `/api/schools/${s}/members`,
      roles: ['admin'],
      payload: { name: 'New Teacher', email: `new-${ctx.prefix}@example.test`, role: 'teacher' },
    },
    { method: 'POST', url: `/api/schools/${s}/members/${guardian.id}/invitations`, roles: ['admin'], payload: { send: false } },
    { method: 'POST', url: `/api/schools/${s}/imports`, roles: ['admin'], payload: { csv: 'a', dryRun: true } },
  ] as const

  const asParent = await ctx.signIn(guardian, s)
  const asTeacher = await ctx.signIn(teacher, s)
  const asOtherAdmin = await ctx.signIn(otherAdmin, other.id)
  const asOtherParent = await ctx.signIn(otherParent, other.id)
  for (const endpoint of endpoints) {
    const call = (headers: Record<string, string>) =>
      ctx.app.inject({
        method: endpoint.method,
        url: endpoint.url,
        headers,
        ...('payload' in endpoint ? { payload: endpoint.payload } : {}),
      })
    for (const [name, session] of [
      ['admin of another school', asOtherAdmin],
      ['parent of another school', asOtherParent],
    ] as const) {
      const res = await call(session.write)
      t.equal(res.statusCode, 404, `${endpoint.method} ${endpoint.url.replace(s, ':school')}: ${name} gets 404`)
      t.same(Object.keys(res.json()).sort(), ['code', 'message'], 'and no data')
    }
    if (!(endpoint.roles as readonly string[]).includes('parent')) {
      t.equal((await call(asParent.write)).statusCode, 403, `${endpoint.method} ${endpoint.url.replace(s, ':school')}: parent gets 403`)
    }
    if (!(endpoint.roles as readonly string[]).includes('teacher')) {
      t.equal((await call(asTeacher.write)).statusCode, 403, `${endpoint.method} ${endpoint.url.replace(s, ':school')}: teacher gets 403`)
    }
    t.equal((await call({})).statusCode, 401, `${endpoint.method} ${endpoint.url.replace(s, ':school')}: signed out gets 401`)
  }

  const asAdmin = await ctx.signIn(admin, s)
  const invite = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${s}/members/${otherParent.id}/invitations`,
    headers: asAdmin.write,
    payload: { send: false },
  })
  t.equal(invite.statusCode, 404, 'an admin cannot invite a person of another school')
})

t.test('an admin builds classes and staff, and invites a parent who signs in with the printed link', async (t) => {
  const ctx = await setup(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const session = await ctx.signIn(admin, ctx.school.id)
  const s = ctx.school.id
  const created = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${s}/classes`,
    headers: session.write,
    payload: { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class', yearGroup: 2 },
  })
  t.equal(created.statusCode, 201)
  const dup = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${s}/classes`,
    headers: session.write,
    payload: { nameCy: 'Dosbarth Derw', nameEn: 'Other' },
  })
  t.equal(dup.statusCode, 409)
  const list = await ctx.app.inject({ method: 'GET', url: `/api/schools/${s}/classes`, headers: session.get })
  t.same(
    list.json().map((c: { nameEn: string }) => c.nameEn),
    ['Oak Class'],
  )

  const staff = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${s}/members`,
    headers: session.write,
    payload: { name: 'Mrs Pritchard', email: `pritchard-${ctx.prefix}@example.test`, role: 'teacher', language: 'cy' },
  })
  t.equal(staff.statusCode, 201)
  const assign = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${s}/classes/${created.json().id}/teachers`,
    headers: session.write,
    payload: { teacherId: staff.json().id },
  })
  t.equal(assign.statusCode, 204)

  const { guardian } = await ctx.makeFamily(s, { language: 'en' })
  const invite = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${s}/members/${guardian.id}/invitations`,
    headers: session.write,
    payload: { send: true },
  })
  t.equal(invite.statusCode, 201)
  const mail = await ctx.mail.next(guardian.email as string)
  t.match(mail.subject, new RegExp(ctx.school.nameEn), 'the emailed invitation names the school')
  const token = new URL(invite.json().url).searchParams.get('token') as string
  t.ok(mail.text.includes(invite.json().url), 'the email carries the same link as the printed one')
  const accepted = await ctx.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token } })
  t.equal(accepted.statusCode, 200)
  t.equal(accepted.json().school.id, s)
  const reuse = await ctx.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token } })
  t.equal(reuse.statusCode, 400, 'an invitation works once')
})
