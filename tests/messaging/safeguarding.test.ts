import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import t from 'tap'
import { auditLog, notifications } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'
import { collect, openSocket, request } from '../helpers/sockets.ts'
import { makeMessagingSchool } from './fixtures.ts'

t.test('reports reach the designated safeguarding lead, whose every read is audit-logged', async (t) => {
  const ctx = await setup(t, { workers: false })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id
  const message = (await s.send('teacherA', conversationId, 'Something worrying')).json().message
  const edited = await ctx.app.inject({
    method: 'PATCH',
    url: `${s.base}/conversations/${conversationId}/messages/${message.id}`,
    headers: { ...s.sessions.teacherA.write, ...s.origin },
    payload: { body: 'Something else' },
  })
  t.equal(edited.statusCode, 200)

  const report = (who: keyof typeof s.sessions) =>
    ctx.app.inject({
      method: 'POST',
      url: `${s.base}/conversations/${conversationId}/messages/${message.id}/report`,
      headers: { ...s.sessions[who].write, ...s.origin },
      payload: { reason: 'This made me uneasy' },
    })
  t.equal((await report('p2')).statusCode, 404, 'someone outside the conversation cannot report its messages')
  t.equal((await report('otherParent')).statusCode, 404, 'nor can another school')
  const reported = await report('p1')
  t.equal(reported.statusCode, 201, 'a participant reports a message')
  t.equal((await report('p1')).json().id, reported.json().id, 'reporting twice is one report')
  const told = await ctx.app.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, s.users.dsl.id), eq(notifications.category, 'safeguarding')))
  t.equal(told.length, 1, 'the safeguarding lead is notified (essential: no preference can turn it off)')

  const list = (who: keyof typeof s.sessions) =>
    ctx.app.inject({ method: 'GET', url: `${s.base}/safeguarding/reports`, headers: s.sessions[who].get })
  const reports = await list('dsl')
  t.equal(reports.statusCode, 200)
  t.equal(reports.json().reports[0].message.body, 'Something else')
  t.equal(reports.json().reports[0].reporterName, 'Parent One')
  for (const who of ['admin', 'teacherA', 'feo', 'p1'] as const) t.equal((await list(who)).statusCode, 403, `${who} cannot list reports`)
  t.equal((await list('otherTeacher')).statusCode, 404, 'another school gets 404')

  const read = (who: keyof typeof s.sessions) =>
    ctx.app.inject({ method: 'GET', url: `${s.base}/safeguarding/conversations/${conversationId}`, headers: s.sessions[who].get })
  const audits = () =>
    ctx.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'conversation.read_by_safeguarding_lead'), eq(auditLog.subjectId, conversationId)))
  const seen = await read('dsl')
  t.equal(seen.statusCode, 200, 'the lead reads a conversation they are not in')
  t.equal(seen.json().messages[0].body, 'Something else')
  t.same(
    seen.json().edits.map((e: { previousBody: string }) => e.previousBody),
    ['Something worrying'],
    'with what the message said before it was edited',
  )
  await read('dsl')
  const logged = await audits()
  t.equal(logged.length, 2, 'every read is written to the audit log')
  t.equal(logged[0]?.actorId, s.users.dsl.id)
  for (const who of ['admin', 'feo', 'teacherB', 'p2'] as const)
    t.equal((await read(who)).statusCode, 403, `${who} cannot read it this way`)
  t.equal((await read('otherTeacher')).statusCode, 404)
  t.equal((await audits()).length, 2, 'refused reads log nothing and show nothing')
  const plain = await ctx.app.inject({
    method: 'GET',
    url: `${s.base}/conversations/${conversationId}/messages`,
    headers: s.sessions.dsl.get,
  })
  t.equal(plain.statusCode, 404, 'the ordinary endpoint still treats the lead as an outsider (no unaudited reads)')

  const resolve = (who: keyof typeof s.sessions) =>
    ctx.app.inject({
      method: 'POST',
      url: `${s.base}/safeguarding/reports/${reported.json().id}/resolve`,
      headers: { ...s.sessions[who].write, ...s.origin },
    })
  t.equal((await resolve('admin')).statusCode, 403)
  t.equal((await resolve('dsl')).statusCode, 204)
  t.ok((await list('dsl')).json().reports[0].resolvedAt, 'resolved')
})

t.test('an admin turning off a person’s access disconnects their sockets at once', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id
  const teacher = await openSocket(t, ctx.url, s.sessions.teacherA.cookie)
  const ended = collect(teacher, 'session.ended', 1)
  const gone = new Promise<string>((resolve) => teacher.on('disconnect', (reason) => resolve(reason)))
  const access = (who: keyof typeof s.sessions, action: 'disable' | 'enable', userId: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `${s.base}/members/${userId}/${action}`,
      headers: { ...s.sessions[who].write, ...s.origin },
    })
  t.equal((await access('teacherB', 'disable', s.users.teacherA.id)).statusCode, 403, 'only admins')
  t.equal((await access('otherTeacher', 'disable', s.users.teacherA.id)).statusCode, 404, 'not another school')
  t.equal((await access('admin', 'disable', s.users.admin.id)).statusCode, 409, 'an admin cannot lock themselves out')
  t.equal((await access('admin', 'disable', s.users.otherTeacher.id)).statusCode, 404, 'only members of the school')
  t.equal((await access('admin', 'disable', s.users.teacherA.id)).statusCode, 204)
  await ended
  t.equal(await gone, 'io server disconnect', 'the teacher’s socket is closed by the server')

  const list = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations`, headers: s.sessions.teacherA.get })
  t.equal(list.statusCode, 404, 'their requests to the school are refused')
  const again = await openSocket(t, ctx.url, s.sessions.teacherA.cookie)
  const refused = await request(again, 'message.send', { conversationId, clientId: randomUUID(), body: 'still here?' })
  t.equal(refused.ok ? 200 : refused.error.status, 404, 'a new socket can do nothing in the school')
  const members = await ctx.app.inject({ method: 'GET', url: `${s.base}/members`, headers: s.sessions.admin.get })
  t.equal(members.json().find((m: { id: string }) => m.id === s.users.teacherA.id).disabled, true, 'the admin sees the access is off')

  t.equal((await access('admin', 'enable', s.users.teacherA.id)).statusCode, 204)
  const back = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations`, headers: s.sessions.teacherA.get })
  t.equal(back.statusCode, 200, 'turned back on, the teacher is back')
})
