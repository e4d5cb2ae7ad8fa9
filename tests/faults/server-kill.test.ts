import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startRedisServer } from '../helpers/redis-server.ts'
import { reliableClient } from '../helpers/reliable-client.ts'
import { serverProcess } from '../helpers/server-process.ts'
import { freePort, setup } from '../helpers/setup.ts'
import { collect, openSocket } from '../helpers/sockets.ts'
import { makeMessagingSchool } from '../messaging/fixtures.ts'
import { checkConversation } from './conversation-checks.ts'

const PER_SENDER = 60
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test(
  'the server process killed with SIGKILL while two clients send, then started again: they reconnect and catch up, every acknowledged message stored once, a resend with the same clientId not doubled',
  async (t) => {
    const redis = await startRedisServer()
    t.teardown(redis.close)
    // ctx.app (in this process, not listening) seeds the school and reads what was stored.
    const ctx = await setup(t, { workers: false, env: { REDIS_URL: redis.url } })
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const server = serverProcess(t, {
      DATABASE_URL: ctx.config.databaseUrl as string,
      REDIS_URL: redis.url,
      REDIS_PREFIX: ctx.prefix,
      SMTP_URL: ctx.mail.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      MESSAGES_PER_MINUTE: '100000',
    })
    // The process loads while the school is seeded.
    const starting = server.start()
    const s = await makeMessagingSchool(ctx)
    const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id
    await starting

    // The web app's own URL: the sockets carry cookies and Origin for it (see ctx.url in setup).
    const parentSocket = await openSocket(t, url, s.sessions.p1.cookie, { reconnection: true })
    const teacherSocket = await openSocket(t, url, s.sessions.teacherA.cookie, { reconnection: true })
    const clients = { parent: reliableClient(parentSocket, conversationId), teacher: reliableClient(teacherSocket, conversationId) }
    const sentBy: Record<string, string[]> = { parent: [], teacher: [] }
    let disconnects = 0
    for (const socket of [parentSocket, teacherSocket]) socket.on('disconnect', () => disconnects++)

    let acked = 0
    const run = async (who: 'parent' | 'teacher') => {
      for (let i = 0; i < PER_SENDER; i++) {
        const body = `${who} ${i}`
        sentBy[who]?.push(body)
        await clients[who].send(body)
        acked++
      }
    }
    const senders = Promise.all([run('parent'), run('teacher')])
    while (acked < 30) await sleep(5)
    // A message the server stored but whose acknowledgement the kill swallowed: written here
    // straight to the database, then sent by the parent's client, which never heard back.
    const lostAck = randomUUID()
    t.equal((await s.send('p1', conversationId, 'resend 0', lostAck)).statusCode, 201, 'a message is stored just before the kill')
    sentBy.resend = ['resend 0']
    await server.kill('SIGKILL')
    const ackedAtKill = acked
    const resent = clients.parent.send('resend 0', lostAck)
    await sleep(300)
    await server.start()
    await senders
    const answer = await resent
    // At least that one: a send whose acknowledgement the kill (or a slow moment) swallowed comes back as a duplicate too.
    t.ok(clients.parent.stats.duplicatesAcked >= 1, 'its resend after the restart is answered as a duplicate')
    t.equal(answer.body, 'resend 0', 'with the stored message')
    t.ok(ackedAtKill < 2 * PER_SENDER, `the server was killed mid-conversation (${ackedAtKill} of ${2 * PER_SENDER} acknowledged)`)
    t.equal(disconnects, 2, 'both sockets were cut by the kill')
    t.ok(clients.parent.stats.reconnects >= 1 && clients.teacher.stats.reconnects >= 1, 'and both reconnected by themselves')
    const { parent, teacher } = clients
    t.comment(`after the kill: parent ${JSON.stringify(parent.stats)}, teacher ${JSON.stringify(teacher.stats)}`)
    await parent.sync()
    await teacher.sync()

    await checkConversation(t, ctx.app.db, conversationId, clients, sentBy)

    // The restarted server delivers live again.
    const arriving = collect(teacherSocket, 'message.created', 1)
    sentBy.parent?.push('parent after')
    const after = await parent.send('parent after')
    const live = await Promise.race([arriving, sleep(3000).then(() => [])])
    t.equal(live[0]?.message.id, after.id, 'a message sent after the restart reaches the other side live')
  },
)
