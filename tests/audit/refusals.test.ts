import { and, eq } from 'drizzle-orm'
import t from 'tap'
import { auditLog } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'

t.test('refusals of signed-in people are written to the audit log, of the school asked about', async (t) => {
  const ctx = await setup(t, { workers: false })
  const other = await ctx.makeSchool()
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const outsider = await ctx.makeUser(other.id, 'admin')
  const teacherSession = await ctx.signIn(teacher, ctx.school.id)
  const outsiderSession = await ctx.signIn(outsider, other.id)
  const failed = `/api/schools/${ctx.school.id}/deliveries/failed`
  const refusals = (schoolId: string) =>
    ctx.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, schoolId), eq(auditLog.action, 'access.refused')))

  // A teacher asking for an admins' list: 403, written to the school with the role asked about.
  t.equal((await ctx.app.inject({ url: failed, headers: teacherSession.get })).statusCode, 403)
  // An admin of another school: 404 (nothing confirmed), written to the school asked about.
  t.equal((await ctx.app.inject({ url: failed, headers: outsiderSession.get })).statusCode, 404)
  // A write without the CSRF token: 403 before any route runs.
  const noCsrf = await ctx.app.inject({
    method: 'POST',
    url: '/api/me/notifications/read-all',
    headers: { cookie: teacherSession.cookie },
  })
  t.equal(noCsrf.statusCode, 403)
  // Signed out: 401, nobody to name, nothing written.
  t.equal((await ctx.app.inject({ url: failed })).statusCode, 401)
  // A school id that names no school: written to the asker's own school.
  const nowhere = '00000000-0000-4000-8000-000000000000'
  t.equal((await ctx.app.inject({ url: `/api/schools/${nowhere}/deliveries/failed`, headers: outsiderSession.get })).statusCode, 404)
  // A missing thing inside one's own school is not a refusal.
  const own = await ctx.makeUser(other.id, 'admin')
  const ownSession = await ctx.signIn(own, other.id)
  t.equal(
    (
      await ctx.app.inject({
        url: `/api/schools/${other.id}/deliveries/${nowhere}/retry`,
        method: 'POST',
        headers: ownSession.write,
        payload: {},
      })
    ).statusCode,
    404,
  )

  const here = await refusals(ctx.school.id)
  t.same(
    here.map((e) => [e.actorId, (e.data as { status: number }).status, (e.data as { code: string }).code]).sort(),
    [
      [outsider.id, 404, 'not_found'],
      [teacher.id, 403, 'auth.csrf'],
      [teacher.id, 403, 'forbidden'],
    ].sort(),
    'the teacher twice and the outsider once, in the school asked about',
  )
  const wrongRole = here.find((e) => (e.data as { code: string }).code === 'forbidden')
  t.match(wrongRole?.data, { method: 'GET', route: '/api/schools/:schoolId/deliveries/failed', askedSchoolId: ctx.school.id })
  const there = await refusals(other.id)
  t.same(
    there.map((e) => [e.actorId, (e.data as { askedSchoolId: string }).askedSchoolId]),
    [[outsider.id, nowhere]],
    'a school that does not exist: the asker own school keeps the entry; a thing missing at home is not written',
  )
})
