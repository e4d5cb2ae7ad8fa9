import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import t from 'tap'
import { auditLog } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'
import { openSocket, request } from '../helpers/sockets.ts'
import { makeMessagingSchool } from '../messaging/fixtures.ts'

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

t.test('a socket event refused for a wrong role is written too; one refused for bad input is not', async (t) => {
  const ctx = await setup(t, { workers: false, listen: true })
  const s = await makeMessagingSchool(ctx)
  const posted = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/announcements`,
    headers: { ...s.sessions.teacherA.write, ...s.origin },
    payload: { classId: s.classes.classA.id, clientId: randomUUID(), body: 'Trip on Friday' },
  })
  t.equal(posted.statusCode, 201)
  const channelId = posted.json().message.conversationId as string

  const socket = await openSocket(t, ctx.url, s.sessions.p1.cookie)
  const replyToAll = await request(socket, 'message.send', { conversationId: channelId, clientId: randomUUID(), body: 'Reply to all?' })
  t.match(replyToAll, { ok: false, error: { status: 403, code: 'messaging.announcement_reply_privately' } })
  const invalid = await request(socket, 'message.send', { conversationId: 'not-a-uuid', clientId: randomUUID(), body: 'x' })
  t.match(invalid, { ok: false, error: { status: 400 } })

  let written: (typeof auditLog.$inferSelect)[] = []
  for (let i = 0; i < 100 && written.length === 0; i++) {
    written = await ctx.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, ctx.school.id), eq(auditLog.action, 'access.refused'), eq(auditLog.actorId, s.users.p1.id)))
    if (written.length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  t.equal(written.length, 1, 'one entry: the refusal, not the bad payload')
  t.match(written[0]?.data, { transport: 'socket', status: 403, code: 'messaging.announcement_reply_privately' })
})
