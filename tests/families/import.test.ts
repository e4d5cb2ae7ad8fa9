import t from 'tap'
import { setup, type TestContext } from '../helpers/setup.ts'

const HEADER = 'learner_ref,learner_name,class,guardian_name,guardian_email,guardian_phone,language'

async function waitForImport(ctx: TestContext, headers: Record<string, string>, importId: string) {
  for (let i = 0; i < 200; i++) {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/schools/${ctx.school.id}/imports/${importId}`, headers })
    const body = res.json()
    if (body.status === 'done' || body.status === 'failed') return body
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('import did not finish')
}

t.test('an admin imports families; a re-import changes nothing', async (t) => {
  const ctx = await setup(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'en' })
  await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class' })
  await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Onnen', nameEn: 'Ash Class' })
  const session = await ctx.signIn(admin, ctx.school.id)
  const tag = ctx.prefix
  const csv = [
    HEADER,
    `A1,Cerys Jones,Oak Class,Rhian Jones,rhian.${tag}@example.test,,cy`,
    `A1,Cerys Jones,Oak Class,Dafydd Jones,dafydd.${tag}@example.test,07700 900001,both`,
    `A2,Tom Smith,Dosbarth Onnen,Sarah Smith,sarah.${tag}@example.test,,en`,
    `A3,Osian Smith,Ash Class,Sarah Smith,sarah.${tag}@example.test,,en`,
    `A4,Lili Evans,Ash Class,Mared Evans,,07700 900002,`,
  ].join('\n')

  const first = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/imports`,
    headers: session.write,
    payload: { csv, dryRun: false },
  })
  t.equal(first.statusCode, 202)
  const done = await waitForImport(ctx, session.get, first.json().importId)
  t.equal(done.status, 'done')
  t.equal(done.processed, 5)
  t.same(done.result, { created: 5, updated: 0, unchanged: 0 })

  const members = await ctx.app.inject({ method: 'GET', url: `/api/schools/${ctx.school.id}/members?role=parent`, headers: session.get })
  t.same(
    members
      .json()
      .map((m: { name: string }) => m.name)
      .sort(),
    ['Dafydd Jones', 'Mared Evans', 'Rhian Jones', 'Sarah Smith'],
    'a parent of two is one person',
  )
  const rhian = members.json().find((m: { name: string }) => m.name === 'Rhian Jones')
  t.equal(rhian.language, 'cy')

  const again = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/imports`,
    headers: session.write,
    payload: { csv, dryRun: false },
  })
  const second = await waitForImport(ctx, session.get, again.json().importId)
  t.same(second.result, { created: 0, updated: 0, unchanged: 5 }, 're-importing the same file changes nothing')
  const membersAfter = await ctx.app.inject({
    method: 'GET',
    url: `/api/schools/${ctx.school.id}/members?role=parent`,
    headers: session.get,
  })
  t.equal(membersAfter.json().length, 4)
})

t.test('a dry run lists every bad row in the admin language; a bad file imports nothing', async (t) => {
  const ctx = await setup(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'cy' })
  await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class' })
  const session = await ctx.signIn(admin, ctx.school.id)
  const csv = [
    HEADER,
    'B1,Good Row,Oak Class,Good Parent,good.parent@example.test,,cy',
    'B2,No Class,Pine Class,Some Parent,some@example.test,,en',
    'B3,Bad Email,Oak Class,Other Parent,not-an-email,,fr',
    ',Missing Ref,Oak Class,Third Parent,third@example.test,,en',
  ].join('\n')
  const dry = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/imports`,
    headers: session.write,
    payload: { csv, dryRun: true },
  })
  t.equal(dry.statusCode, 200)
  const problems = dry.json().errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)
  t.same(problems, ['3:class', '4:guardian_email', '4:language', '5:learner_ref'])
  t.match(dry.json().errors[0].reason, /does dim dosbarth/, 'reason in Welsh')

  const real = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/imports`,
    headers: session.write,
    payload: { csv, dryRun: false },
  })
  t.equal(real.statusCode, 422)
  t.equal(real.json().code, 'import.invalid_rows')
  t.equal(real.json().errors.length, 4)
  const parents = await ctx.app.inject({ method: 'GET', url: `/api/schools/${ctx.school.id}/members?role=parent`, headers: session.get })
  t.same(parents.json(), [], 'nothing imported, not even the good row')

  const noColumns = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/imports`,
    headers: session.write,
    payload: { csv: 'name,email\nx,y', dryRun: true },
  })
  t.equal(noColumns.statusCode, 400)
  t.match(noColumns.json().message, /learner_ref/)
})

t.test('only admins of the school import; other schools see nothing', async (t) => {
  const ctx = await setup(t)
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const otherSchool = await ctx.makeSchool()
  const otherAdmin = await ctx.makeUser(otherSchool.id, 'admin')
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  await ctx.makeClassGroup(ctx.school.id, { nameEn: 'Oak Class', nameCy: 'Derw' })
  const csv = `${HEADER}\nC1,Kid,Oak Class,Mam,mam.${ctx.prefix}@example.test,,cy`
  const started = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/imports`,
    headers: (await ctx.signIn(admin, ctx.school.id)).write,
    payload: { csv, dryRun: false },
  })
  const importId = started.json().importId
  for (const [who, user, school, status] of [
    ['teacher', teacher, ctx.school.id, 403],
    ['parent', guardian, ctx.school.id, 403],
    ['admin of another school', otherAdmin, otherSchool.id, 404],
  ] as const) {
    const session = await ctx.signIn(user, school)
    const post = await ctx.app.inject({
      method: 'POST',
      url: `/api/schools/${ctx.school.id}/imports`,
      headers: session.write,
      payload: { csv, dryRun: true },
    })
    t.equal(post.statusCode, status, `${who} cannot import`)
    const get = await ctx.app.inject({ method: 'GET', url: `/api/schools/${ctx.school.id}/imports/${importId}`, headers: session.get })
    t.equal(get.statusCode, status, `${who} cannot read the import`)
    t.notOk(get.json().total, 'no data in the refusal')
  }
  const anonymous = await ctx.app.inject({ method: 'GET', url: `/api/schools/${ctx.school.id}/imports/${importId}` })
  t.equal(anonymous.statusCode, 401)
})
