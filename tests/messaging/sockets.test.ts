import { randomUUID } from 'node:crypto'
import t from 'tap'
import { setup } from '../helpers/setup.ts'
import { collect, openSocket, request, unwrap } from '../helpers/sockets.ts'
import { makeMessagingSchool } from './fixtures.ts'

t.test('live messages, receipts and typing over sockets; every event checks the sender', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id

  const parent = await openSocket(t, ctx.url, s.sessions.p1.cookie)
  const teacher = await openSocket(t, ctx.url, s.sessions.teacherA.cookie)
  const outsider = await openSocket(t, ctx.url, s.sessions.p2.cookie)
  const foreign = await openSocket(t, ctx.url, s.sessions.otherTeacher.cookie)
  let outsiderSaw = 0
  outsider.on('message.created', () => outsiderSaw++)
  foreign.on('message.created', () => outsiderSaw++)

  const arriving = collect(teacher, 'message.created', 1)
  const sent = unwrap(await request(parent, 'message.send', { conversationId, clientId: randomUUID(), body: 'Hello from the socket' }))
  t.equal(sent.message.seq, 1, 'the ack carries the stored message')
  const [received] = await arriving
  t.equal(received?.message.id, sent.message.id, 'the teacher receives it live')

  const typing = collect(teacher, 'conversation.typing', 1)
  unwrap(await request(parent, 'conversation.typing', { conversationId }))
  t.equal((await typing)[0]?.name, 'Parent One', 'the teacher sees who is typing')

  const receipt = collect(parent, 'conversation.receipt', 2)
  unwrap(await request(teacher, 'conversation.delivered', { conversationId, seq: 1 }))
  unwrap(await request(teacher, 'conversation.read', { conversationId, seq: 1 }))
  const receipts = await receipt
  t.same(
    receipts.map((r) => [r.userId, r.lastDeliveredSeq, r.lastReadSeq]),
    [
      [s.users.teacherA.id, 1, 0],
      [s.users.teacherA.id, 1, 1],
    ],
    'the parent sees delivered, then read',
  )

  for (const [who, socket] of [
    ['another family of the school', outsider],
    ['a teacher of another school', foreign],
  ] as const) {
    const send = await request(socket, 'message.send', { conversationId, clientId: randomUUID(), body: 'intrusion' })
    t.equal(send.ok ? 200 : send.error.status, 404, `${who} cannot send to the conversation`)
    const sync = await request(socket, 'conversation.sync', { conversationId, afterSeq: 0 })
    t.equal(sync.ok ? 200 : sync.error.status, 404, `${who} cannot sync it`)
    t.notOk(sync.ok && sync.data.messages.length, 'and gets no messages')
    const read = await request(socket, 'conversation.read', { conversationId, seq: 1 })
    t.equal(read.ok ? 200 : read.error.status, 404, `${who} cannot mark it read`)
    const typed = await request(socket, 'conversation.typing', { conversationId })
    t.equal(typed.ok ? 200 : typed.error.status, 404, `${who} cannot type into it`)
  }
  const bad = await request(parent, 'message.send', { conversationId, clientId: 'not-a-uuid', body: 'x' })
  t.equal(bad.ok ? 200 : bad.error.code, 'validation.invalid', 'a malformed payload is refused')
  const tooLong = await request(parent, 'message.send', { conversationId, clientId: randomUUID(), body: 'x'.repeat(4001) })
  t.equal(tooLong.ok ? 200 : tooLong.error.status, 400, 'so is a message over 4,000 characters')

  const sync = unwrap(await request(parent, 'conversation.sync', { conversationId, afterSeq: 0 }))
  t.same(
    sync.messages.map((m) => m.body),
    ['Hello from the socket'],
    'refused events stored nothing',
  )
  t.equal(outsiderSaw, 0, 'nobody outside the conversation received anything')
})

t.test('a limit breach is an error ack with status 429, in the sender’s language', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false, env: { MESSAGES_PER_MINUTE: '2' } })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p2', s.users.teacherA.id)).json().id
  const parent = await openSocket(t, ctx.url, s.sessions.p2.cookie)
  for (let i = 0; i < 2; i++) unwrap(await request(parent, 'message.send', { conversationId, clientId: randomUUID(), body: `m${i}` }))
  const limited = await request(parent, 'message.send', { conversationId, clientId: randomUUID(), body: 'again' })
  t.equal(limited.ok ? 200 : limited.error.status, 429)
  t.match(limited.ok ? '' : limited.error.message, /yn rhy gyflym/, 'Welsh for a Welsh-speaking parent')
})
