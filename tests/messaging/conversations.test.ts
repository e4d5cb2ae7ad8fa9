import { randomUUID } from 'node:crypto'
import t from 'tap'
import { setup } from '../helpers/setup.ts'
import { makeMessagingSchool } from './fixtures.ts'

t.test('who may start a conversation with whom', async (t) => {
  const ctx = await setup(t, { workers: false })
  const s = await makeMessagingSchool(ctx)

  const withTeacher = await s.startDirect('p1', s.users.teacherA.id)
  t.equal(withTeacher.statusCode, 201, 'a parent may write to their learner’s class teacher')
  const again = await s.startDirect('p1', s.users.teacherA.id)
  t.equal(again.json().id, withTeacher.json().id, 'starting it again finds the same conversation')
  const fromTeacher = await s.startDirect('teacherA', s.users.p1.id)
  t.equal(fromTeacher.json().id, withTeacher.json().id, 'the teacher starting it finds the same conversation too')

  t.equal((await s.startDirect('p1', s.users.feo.id)).statusCode, 201, 'a parent may write to the FEO')
  t.equal((await s.startDirect('p1', s.users.admin.id)).statusCode, 201, 'and to an admin')

  const unrelated = await s.startDirect('p1', s.users.teacherB.id)
  t.equal(unrelated.statusCode, 403, 'not to a teacher of another class')
  t.equal(unrelated.json().code, 'messaging.not_a_contact')
  t.match(unrelated.json().message, /Allwch chi ddim.*\/ You cannot start/, 'refused in both languages for a both-language parent')
  t.equal((await s.startDirect('p1', s.users.p2.id)).statusCode, 403, 'not to another parent')
  t.equal((await s.startDirect('p1', s.users.otherTeacher.id)).statusCode, 404, 'not to staff of another school')
  t.equal((await s.startDirect('teacherB', s.users.p1.id)).statusCode, 403, 'a teacher may not write to a family of another class')
  t.equal((await s.startDirect('feo', s.users.q.id)).statusCode, 201, 'the FEO may write to any family')
  t.equal((await s.startDirect('teacherA', s.users.teacherB.id)).statusCode, 403, 'direct conversations are between a family and staff')
  t.equal((await s.startDirect('otherParent', s.users.teacherA.id)).statusCode, 404, 'a parent of another school gets 404')

  const contacts = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/contacts`, headers: s.sessions.p1.get })
  const names = contacts.json().contacts.map((c: { name: string }) => c.name)
  t.ok(names.includes('Mr Teacher A') && names.includes('Nia FEO'), 'contacts list the class teacher and the FEO')
  t.notOk(names.includes('Ms Teacher B') || names.includes('Parent Two'), 'and nobody the parent may not write to')
  const teacherContacts = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/contacts`, headers: s.sessions.teacherA.get })
  const one = teacherContacts.json().contacts.find((c: { userId: string }) => c.userId === s.users.p1.id)
  t.same(
    [one.learners, one.learnerIds],
    [['Learner One'], [s.learners.p1.id]],
    'a teacher sees the families of their class with their learners',
  )
  t.notOk(
    teacherContacts.json().contacts.some((c: { userId: string }) => c.userId === s.users.q.id),
    'and not families of other classes',
  )

  const group = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations`,
    headers: { ...s.sessions.teacherA.write, ...s.origin },
    payload: { kind: 'group', title: 'Trip helpers', learnerIds: [s.learners.p1.id, s.learners.p2.id] },
  })
  t.equal(group.statusCode, 201, 'a teacher starts a group with families of their class')
  t.equal(group.json().participants.length, 3)
  const foreignGroup = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations`,
    headers: { ...s.sessions.teacherA.write, ...s.origin },
    payload: { kind: 'group', title: 'Nope', learnerIds: [s.learners.q.id] },
  })
  t.equal(foreignGroup.statusCode, 403, 'but not with families of another class')
  const parentGroup = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations`,
    headers: { ...s.sessions.p1.write, ...s.origin },
    payload: { kind: 'group', title: 'Parents', learnerIds: [s.learners.p2.id] },
  })
  t.equal(parentGroup.statusCode, 403, 'parents do not start groups')
})

t.test('messages are stored once per clientId, numbered without gaps, and only participants see them', async (t) => {
  const ctx = await setup(t, { workers: false })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id

  const clientId = randomUUID()
  const first = await s.send('p1', conversationId, 'Hello <b>Mr A</b>', clientId)
  t.equal(first.statusCode, 201)
  t.equal(first.json().message.seq, 1)
  t.equal(first.json().message.body, 'Hello <b>Mr A</b>', 'the text is kept as written; clients render it as text')
  const resend = await s.send('p1', conversationId, 'Hello <b>Mr A</b>', clientId)
  t.equal(resend.statusCode, 200, 'a resend is answered with the stored message')
  t.equal(resend.json().duplicate, true)
  t.equal(resend.json().message.id, first.json().message.id)
  t.equal((await s.send('teacherA', conversationId, 'Bore da')).json().message.seq, 2)
  t.equal((await s.send('p1', conversationId, 'Diolch')).json().message.seq, 3)
  const reused = await s.send('p1', (await s.startDirect('p1', s.users.feo.id)).json().id, 'x', clientId)
  t.equal(reused.statusCode, 409, 'a clientId names one message: reusing it elsewhere is refused')

  const after = await ctx.app.inject({
    method: 'GET',
    url: `${s.base}/conversations/${conversationId}/messages?after=1`,
    headers: s.sessions.teacherA.get,
  })
  t.same(
    after.json().messages.map((m: { seq: number; body: string }) => [m.seq, m.body]),
    [
      [2, 'Bore da'],
      [3, 'Diolch'],
    ],
    'everything after a number, in order: exactly the gap',
  )
  const before = await ctx.app.inject({
    method: 'GET',
    url: `${s.base}/conversations/${conversationId}/messages?before=3&limit=1`,
    headers: s.sessions.p1.get,
  })
  t.same(
    before.json().messages.map((m: { seq: number }) => m.seq),
    [2],
  )
  t.equal(before.json().hasMore, true, 'paging back says there is more')

  const list = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations`, headers: s.sessions.teacherA.get })
  const listed = list.json().conversations.find((c: { id: string }) => c.id === conversationId)
  t.equal(listed.unread, 1, 'the teacher has one unread message (the last one)')
  const read = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations/${conversationId}/read`,
    headers: { ...s.sessions.teacherA.write, ...s.origin },
    payload: { seq: 99 },
  })
  t.equal(read.json().lastReadSeq, 3, 'reading past the end stops at the last message')

  const found = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/search?q=diolch`, headers: s.sessions.p1.get })
  t.equal(found.json().messages.length, 1, 'search finds a message in the asker’s own conversation')
  const notFound = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/search?q=diolch`, headers: s.sessions.p2.get })
  t.equal(notFound.json().messages.length, 0, 'and nothing from other people’s conversations')

  // Another family of the same school, and people of another school: refusals, no data.
  for (const who of ['p2', 'q', 'teacherB', 'otherParent', 'otherTeacher'] as const) {
    const h = s.sessions[who]
    const get = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/${conversationId}`, headers: h.get })
    t.equal(get.statusCode, 404, `${who} cannot see the conversation`)
    const msgs = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/${conversationId}/messages`, headers: h.get })
    t.equal(msgs.statusCode, 404, `${who} cannot read its messages`)
    t.notMatch(msgs.body, /Bore da/)
    t.equal((await s.send(who, conversationId, 'intrusion')).statusCode, 404, `${who} cannot post to it`)
    const readIt = await ctx.app.inject({
      method: 'POST',
      url: `${s.base}/conversations/${conversationId}/read`,
      headers: { ...h.write, ...s.origin },
      payload: { seq: 1 },
    })
    t.equal(readIt.statusCode, 404, `${who} cannot mark it read`)
    const close = await ctx.app.inject({
      method: 'POST',
      url: `${s.base}/conversations/${conversationId}/close`,
      headers: { ...h.write, ...s.origin },
    })
    t.equal(close.statusCode, 404, `${who} cannot close it`)
  }
  for (const who of ['otherParent', 'otherTeacher'] as const) {
    for (const url of [`${s.base}/conversations`, `${s.base}/conversations/contacts`, `${s.base}/conversations/search?q=diolch`]) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: s.sessions[who].get })
      t.equal(res.statusCode, 404, `${who} gets 404 from ${url.replace(s.base, '')}`)
    }
  }
  const anonymous = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations` })
  t.equal(anonymous.statusCode, 401, 'signed out: 401')
  const empty = await s.send('p1', conversationId, '   ')
  t.equal(empty.statusCode, 400, 'an empty message is refused')
  t.equal(empty.json().code, 'messaging.empty')
  const long = await s.send('p1', conversationId, 'x'.repeat(4001))
  t.equal(long.statusCode, 400, 'a message over 4,000 characters is refused')
  const count = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/${conversationId}`, headers: s.sessions.p1.get })
  t.equal(count.json().lastSeq, 3, 'refused messages left nothing behind')
})

t.test('announcements: the class reads, families reply privately; edits, closing', async (t) => {
  const ctx = await setup(t, { workers: false })
  const s = await makeMessagingSchool(ctx)
  const post = (who: keyof typeof s.sessions, classId: string, body: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `${s.base}/announcements`,
      headers: { ...s.sessions[who].write, ...s.origin },
      payload: { classId, clientId: randomUUID(), body },
    })
  const posted = await post('teacherA', s.classes.classA.id, 'Trip on Friday')
  t.equal(posted.statusCode, 201)
  const channelId = posted.json().message.conversationId
  t.equal((await post('teacherB', s.classes.classA.id, 'Not my class')).statusCode, 403, 'another class’s teacher cannot post')
  t.equal((await post('p1', s.classes.classA.id, 'Parents cannot')).statusCode, 403, 'a parent cannot post an announcement')
  t.equal((await post('otherTeacher', s.classes.classA.id, 'x')).statusCode, 404, 'another school’s teacher gets 404')

  const p1List = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations`, headers: s.sessions.p1.get })
  const channel = p1List.json().conversations.find((c: { id: string }) => c.id === channelId)
  t.equal(channel.kind, 'announcement')
  t.equal(channel.canPost, false, 'families cannot post in the channel')
  t.equal(channel.className.en, s.classes.classA.nameEn, 'the channel is named after its class')
  const postable = async (who: keyof typeof s.sessions) => {
    const res = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/announcement-classes`, headers: s.sessions[who].get })
    return res.statusCode === 200
      ? res
          .json()
          .classes.map((c: { id: string }) => c.id)
          .sort()
      : res.statusCode
  }
  t.same(await postable('teacherA'), [s.classes.classA.id], 'a teacher may announce to their own class only')
  t.same(await postable('feo'), [s.classes.classA.id, s.classes.classB.id].sort(), 'the FEO to every class')
  t.same(await postable('p1'), [], 'a parent to none')
  t.equal(await postable('otherTeacher'), 404, 'another school gets 404')
  t.equal(channel.lastMessage.body, 'Trip on Friday')
  const reply = await s.send('p1', channelId, 'Reply to all?')
  t.equal(reply.statusCode, 403, 'no parent-to-parent chat: a reply to the channel is refused')
  t.equal(reply.json().code, 'messaging.announcement_reply_privately')
  const qGet = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/${channelId}`, headers: s.sessions.q.get })
  t.equal(qGet.statusCode, 404, 'a family of another class does not get the announcement')
  t.equal((await s.startDirect('p1', s.users.teacherA.id)).statusCode, 201, 'the family replies privately to the teacher')

  const direct = (await s.startDirect('p1', s.users.teacherA.id)).json().id
  const message = (await s.send('p1', direct, 'Helo')).json().message
  const edit = (who: keyof typeof s.sessions, body: string) =>
    ctx.app.inject({
      method: 'PATCH',
      url: `${s.base}/conversations/${direct}/messages/${message.id}`,
      headers: { ...s.sessions[who].write, ...s.origin },
      payload: { body },
    })
  t.equal((await edit('teacherA', 'Changed')).statusCode, 403, 'only the author edits')
  const edited = await edit('p1', 'Helo, Mr A')
  t.equal(edited.statusCode, 200)
  t.equal(edited.json().body, 'Helo, Mr A')
  t.ok(edited.json().editedAt, 'an edited message says so')

  const close = (who: keyof typeof s.sessions) =>
    ctx.app.inject({ method: 'POST', url: `${s.base}/conversations/${direct}/close`, headers: { ...s.sessions[who].write, ...s.origin } })
  t.equal((await close('p1')).statusCode, 403, 'a parent cannot close a conversation')
  const closed = await close('teacherA')
  t.equal(closed.statusCode, 200)
  t.ok(closed.json().closedAt)
  const late = await s.send('p1', direct, 'Are you there?')
  t.equal(late.statusCode, 409, 'a closed conversation takes no more messages')
  t.equal(late.json().code, 'messaging.closed')
  const history = await ctx.app.inject({ method: 'GET', url: `${s.base}/conversations/${direct}/messages`, headers: s.sessions.p1.get })
  t.equal(history.json().messages.length, 1, 'but stays readable')
})

t.test('messages per minute are limited, with a localised 429', async (t) => {
  const ctx = await setup(t, { workers: false, env: { MESSAGES_PER_MINUTE: '3' } })
  const s = await makeMessagingSchool(ctx)
  const id = (await s.startDirect('p2', s.users.teacherA.id)).json().id
  for (let i = 0; i < 3; i++) t.equal((await s.send('p2', id, `m${i}`)).statusCode, 201)
  const limited = await s.send('p2', id, 'one too many')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().code, 'messaging.rate_limited')
  t.match(limited.json().message, /yn rhy gyflym/, 'in Welsh for a Welsh-speaking parent')
  t.equal((await s.send('teacherA', id, 'staff unaffected')).statusCode, 201, 'the limit is per person')
})
