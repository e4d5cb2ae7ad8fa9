import { randomUUID } from 'node:crypto'
import t from 'tap'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { reliableClient } from '../helpers/reliable-client.ts'
import { freePort, setup, TEST_REDIS_URL } from '../helpers/setup.ts'
import { collect, openSocket, request, unwrap } from '../helpers/sockets.ts'
import { makeMessagingSchool } from './fixtures.ts'

t.test('1,000 messages from two clients, one cut off twice: each ends with the sent set, in order, once each', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false, env: { MESSAGES_PER_MINUTE: '100000' } })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id
  const parentSocket = await openSocket(t, ctx.url, s.sessions.p1.cookie, { reconnection: true })
  const teacherSocket = await openSocket(t, ctx.url, s.sessions.teacherA.cookie, { reconnection: true })
  const parent = reliableClient(parentSocket, conversationId)
  const teacher = reliableClient(teacherSocket, conversationId)

  let reconnects = 0
  parentSocket.io.on('reconnect', () => reconnects++)
  const sent = new Set<string>()
  const run = async (client: typeof parent, who: string, count: number, cutAt: number[]) => {
    for (let i = 0; i < count; i++) {
      if (cutAt.includes(i)) {
        // Drop the transport under the socket: socket.io-client reconnects by itself.
        parentSocket.io.engine.close()
      }
      const body = `${who} ${i}`
      sent.add(body)
      await client.send(body)
    }
  }
  await Promise.all([run(parent, 'parent', 500, [150, 350]), run(teacher, 'teacher', 500, [])])
  await parent.sync()
  await teacher.sync()
  t.equal(reconnects, 2, 'the parent’s connection was cut, and came back, twice')

  for (const [name, client] of [
    ['parent', parent],
    ['teacher', teacher],
  ] as const) {
    const seqs = [...client.held.keys()].sort((a, b) => a - b)
    t.equal(seqs.length, 1000, `${name} holds 1,000 messages`)
    t.same(
      seqs,
      Array.from({ length: 1000 }, (_, i) => i + 1),
      `${name} holds seq 1..1000 with no gap`,
    )
    t.same(new Set(seqs.map((seq) => client.held.get(seq)?.body)), sent, `${name}’s set equals the sent set`)
  }
  const byAuthor = (who: string) =>
    [...parent.held.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((m) => m.body)
      .filter((b) => b.startsWith(who))
  t.same(
    byAuthor('parent'),
    Array.from({ length: 500 }, (_, i) => `parent ${i}`),
    'each sender’s messages are in the order sent',
  )
  const stored = await ctx.app.inject({
    method: 'GET',
    url: `${s.base}/conversations/${conversationId}`,
    headers: s.sessions.p1.get,
  })
  t.equal(stored.json().lastSeq, 1000, 'the server stored exactly 1,000: resends were not duplicates')
})

t.test('with two server processes, a message sent on one reaches participants connected to the other', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id
  const port = await freePort()
  const second = await buildApp(
    loadConfig({
      DATABASE_URL: ctx.config.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: ctx.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
    }),
  )
  await second.listen({ port, host: '127.0.0.1' })
  t.teardown(() => second.close())

  const parent = await openSocket(t, ctx.url, s.sessions.p1.cookie)
  const teacher = await openSocket(t, `http://127.0.0.1:${port}`, s.sessions.teacherA.cookie)
  const arriving = collect(teacher, 'message.created', 1)
  const sent = unwrap(await request(parent, 'message.send', { conversationId, clientId: randomUUID(), body: 'Across processes' }))
  t.equal((await arriving)[0]?.message.id, sent.message.id, 'the teacher on the other process receives it')
  const receipt = collect(parent, 'conversation.receipt', 1)
  unwrap(await request(teacher, 'conversation.read', { conversationId, seq: sent.message.seq }))
  t.equal((await receipt)[0]?.lastReadSeq, 1, 'and the read receipt comes back the other way')
})
