import t from 'tap'
import { startRedisServer } from '../helpers/redis-server.ts'
import { reliableClient } from '../helpers/reliable-client.ts'
import { setup } from '../helpers/setup.ts'
import { collect, openSocket } from '../helpers/sockets.ts'
import { makeMessagingSchool } from '../messaging/fixtures.ts'
import { checkConversation } from './conversation-checks.ts'

const PER_SENDER = 80
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test(
  'Redis killed for 1.5 s and restarted empty during live messaging: every acknowledged message stored once, both sides end with all of them in order, live delivery comes back',
  async (t) => {
    // Redis without persistence: it comes back empty (rate-limit counters, socket streams and
    // sessions gone), the harder case.
    const redis = await startRedisServer()
    t.teardown(redis.close)
    const ctx = await setup(t, { listen: true, workers: false, env: { REDIS_URL: redis.url, MESSAGES_PER_MINUTE: '100000' } })
    const s = await makeMessagingSchool(ctx)
    const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id
    const parentSocket = await openSocket(t, ctx.url, s.sessions.p1.cookie, { reconnection: true })
    const teacherSocket = await openSocket(t, ctx.url, s.sessions.teacherA.cookie, { reconnection: true })
    const clients = { parent: reliableClient(parentSocket, conversationId), teacher: reliableClient(teacherSocket, conversationId) }
    const sentBy: Record<string, string[]> = { parent: [], teacher: [] }

    let acked = 0
    const run = async (who: 'parent' | 'teacher') => {
      for (let i = 0; i < PER_SENDER; i++) {
        const body = `${who} ${i}`
        sentBy[who]?.push(body)
        await clients[who].send(body)
        acked++
        await sleep(5)
      }
    }
    const senders = Promise.all([run('parent'), run('teacher')])
    while (acked < 40) await sleep(10)
    await redis.stop()
    const ackedAtKill = acked
    await sleep(1500)
    await redis.start()
    await senders
    t.ok(ackedAtKill < 2 * PER_SENDER, `Redis was killed mid-conversation (${ackedAtKill} of ${2 * PER_SENDER} acknowledged)`)
    t.comment(`while Redis was away: parent ${JSON.stringify(clients.parent.stats)}, teacher ${JSON.stringify(clients.teacher.stats)}`)
    t.same(
      [...new Set([...clients.parent.stats.serverErrorCodes, ...clients.teacher.stats.serverErrorCodes])],
      clients.parent.stats.serverErrors + clients.teacher.stats.serverErrors > 0 ? ['unavailable'] : [],
      'a send refused while Redis was away was told "unavailable" (503, try again), never "internal"',
    )
    const slowest = Math.max(clients.parent.stats.slowestSendMs, clients.teacher.stats.slowestSendMs)
    t.ok(slowest < 10_000, `no send waited for ever: the slowest was acknowledged after ${slowest} ms`)
    await clients.parent.sync()
    await clients.teacher.sync()
    t.ok(parentSocket.connected && teacherSocket.connected, 'both sockets are connected at the end')

    await checkConversation(t, ctx.app.db, conversationId, clients, sentBy)

    // Live fan-out (through the Redis streams adapter) works again without anyone reconnecting.
    const arriving = collect(parentSocket, 'message.created', 1)
    sentBy.teacher?.push('teacher after')
    const after = await clients.teacher.send('teacher after')
    const live = await Promise.race([arriving, sleep(3000).then(() => [])])
    t.equal(live[0]?.message.id, after.id, 'a message sent after the restart reaches the other side live')
  },
)
