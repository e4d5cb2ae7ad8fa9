import { count } from 'drizzle-orm'
import t from 'tap'
import { forumItems, forumMeetings, forumMembers, forums } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'
import { makeForumSchool, meetingDraft, proposal } from './fixtures.ts'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

t.test('forum routes refuse the wrong role, the wrong school and the signed-out, and change nothing', async (t) => {
  const ctx = await setup(t)
  const f = await makeForumSchool(ctx)
  const { call, sessions, users, forumId } = f
  const item = (await call(sessions.english, 'POST', `/forums/${forumId}/items`, proposal('Homework clubs'))).body.id
  const meeting = (await call(sessions.feo, 'POST', `/forums/${forumId}/meetings`, meetingDraft())).body.id
  await call(sessions.feo, 'POST', `/forums/${forumId}/items/${item}/status`, { status: 'accepted' })
  const agenda = await call(sessions.feo, 'PUT', `/forums/${forumId}/meetings/${meeting}/agenda`, {
    entries: [{ itemId: item, durationMinutes: 30 }],
  })
  const entry = agenda.body.agenda[0].id
  await call(sessions.feo, 'PUT', `/forums/${forumId}/meetings/${meeting}/minutes`, {
    entries: [{ entryId: entry, reached: true, minutesCy: 'a', minutesEn: 'a', decisionCy: 'b', decisionEn: 'b' }],
  })
  const action = (
    await call(sessions.feo, 'POST', `/forums/${forumId}/meetings/${meeting}/actions`, {
      entryId: entry,
      descriptionCy: 'Gwneud',
      descriptionEn: 'Do',
      owner: 'FEO',
      dueOn: '2030-01-01',
    })
  ).body.id

  const F = `/forums/${forumId}`
  const I = `${F}/items/${item}`
  const M = `${F}/meetings/${meeting}`
  const minutesBody = { entries: [{ entryId: entry, reached: true, minutesCy: 'x', minutesEn: 'x', decisionCy: 'y', decisionEn: 'y' }] }
  /** Every forum route, with a valid body. `read` routes are for members and staff; the rest say who may. */
  const routes: { method: Method; url: string; body?: unknown; who: 'read' | 'member' | 'facilitator' | 'author' }[] = [
    { method: 'GET', url: F, who: 'read' },
    { method: 'GET', url: `${F}/candidates`, who: 'facilitator' },
    {
      method: 'PUT',
      url: `${F}/members/${users.outsider.id}`,
      body: { role: 'member', representsClassId: null, representsYear: null },
      who: 'facilitator',
    },
    { method: 'DELETE', url: `${F}/members/${users.both.id}`, who: 'facilitator' },
    { method: 'GET', url: `${F}/items`, who: 'read' },
    { method: 'POST', url: `${F}/items`, body: proposal('Another'), who: 'member' },
    { method: 'GET', url: I, who: 'read' },
    { method: 'PUT', url: `${I}/text`, body: { language: 'cy', title: 'Clybiau gwaith cartref', description: '' }, who: 'author' },
    { method: 'POST', url: `${I}/support`, who: 'member' },
    { method: 'DELETE', url: `${I}/support`, who: 'member' },
    { method: 'POST', url: `${I}/status`, body: { status: 'declined', reasonCy: 'Na', reasonEn: 'No' }, who: 'facilitator' },
    { method: 'POST', url: `${I}/refer`, who: 'facilitator' },
    { method: 'GET', url: `${I}/comments`, who: 'read' },
    { method: 'POST', url: `${I}/comments`, body: { clientId: crypto.randomUUID(), body: 'Hi' }, who: 'member' },
    { method: 'GET', url: `${F}/meetings`, who: 'read' },
    { method: 'POST', url: `${F}/meetings`, body: meetingDraft(), who: 'facilitator' },
    { method: 'GET', url: M, who: 'read' },
    { method: 'PUT', url: M, body: meetingDraft(), who: 'facilitator' },
    { method: 'GET', url: `${M}/suggested-agenda`, who: 'facilitator' },
    { method: 'PUT', url: `${M}/agenda`, body: { entries: [] }, who: 'facilitator' },
    { method: 'POST', url: `${M}/publish`, who: 'facilitator' },
    { method: 'PUT', url: `${M}/attendance`, body: { attending: true, language: 'cy' }, who: 'member' },
    { method: 'PUT', url: `${M}/minutes`, body: minutesBody, who: 'facilitator' },
    { method: 'POST', url: `${M}/minutes/share`, who: 'facilitator' },
    { method: 'POST', url: `${M}/minutes/approve`, who: 'facilitator' },
    {
      method: 'POST',
      url: `${M}/actions`,
      body: { entryId: entry, descriptionCy: 'a', descriptionEn: 'a', owner: 'b', dueOn: '2030-01-01' },
      who: 'facilitator',
    },
    { method: 'PATCH', url: `${F}/actions/${action}`, body: { status: 'done' }, who: 'facilitator' },
  ]

  const other = await ctx.makeSchool()
  const foreignFeo = await ctx.makeUser(other.id, 'feo')
  const foreign = await ctx.signIn(foreignFeo, other.id)
  const db = ctx.app.db
  const counts = async () =>
    Promise.all([forums, forumMembers, forumItems, forumMeetings].map(async (table) => (await db.select({ n: count() }).from(table))[0]?.n))
  const before = await counts()

  for (const route of routes) {
    const what = `${route.method} ${route.url.replace(forumId, ':forum')}`
    const res = await ctx.app.inject({
      method: route.method,
      url: `/api/schools/${ctx.school.id}${route.url}`,
      payload: route.body as object,
    })
    t.equal(res.statusCode, 401, `${what}: signed out gets 401`)
    const abroad = await call(foreign, route.method, route.url, route.body)
    t.equal(abroad.status, 404, `${what}: another school's FEO gets 404`)
    const outsider = await call(sessions.outsider, route.method, route.url, route.body)
    t.equal(outsider.status, 403, `${what}: a parent who is not a member gets 403`)
    t.equal(outsider.body.code, 'forbidden')
    if (route.who !== 'read') {
      const teacher = await call(sessions.teacher, route.method, route.url, route.body)
      t.equal(teacher.status, 403, `${what}: a teacher who does not run the forum gets 403`)
    }
    if (route.who === 'facilitator' || route.who === 'author') {
      const member = await call(sessions.welsh, route.method, route.url, route.body)
      t.equal(member.status, 403, `${what}: a member (the chair, even) gets 403`)
    }
  }
  t.same(await counts(), before, 'no refused call wrote anything')

  const record = await call(foreign, 'GET', '/forum-record')
  t.equal(record.status, 404, "another school's FEO cannot read this school's record")
  const mine = await ctx.app.inject({ method: 'GET', url: `/api/schools/${other.id}/forum-record`, headers: foreign.get })
  t.same(mine.json().forums, [], 'and their own school shows none of this one')
  const list = await call(sessions.outsider, 'GET', '/forums')
  t.same(list.body.forums, [], 'a parent who is not a member is not shown the forum')
  const memberList = await call(sessions.welsh, 'GET', '/forums')
  t.match(
    memberList.body.forums,
    [{ id: forumId, myRole: 'chair', members: 3, openItems: 1, canFacilitate: false }],
    'a member is shown their forum, their role and its counts',
  )
  const staffList = await call(sessions.teacher, 'GET', '/forums')
  t.equal(staffList.body.forums.length, 1, 'staff see the forum')
  t.equal(staffList.body.forums[0].canFacilitate, false, 'but a teacher does not run it')
  const create = await call(sessions.teacher, 'POST', '/forums', {
    nameCy: 'X',
    nameEn: 'X',
    descriptionCy: '',
    descriptionEn: '',
    openItemLimit: 3,
  })
  t.equal(create.status, 403, 'a teacher cannot create a forum')
  const parentCreate = await call(sessions.welsh, 'POST', '/forums', {
    nameCy: 'X',
    nameEn: 'X',
    descriptionCy: '',
    descriptionEn: '',
    openItemLimit: 3,
  })
  t.equal(parentCreate.status, 403, 'nor can a parent')

  const memberStatus = await call(sessions.english, 'POST', `${I}/status`, { status: 'accepted' })
  t.equal(memberStatus.status, 403, 'the author cannot change the status except to withdraw')
})
