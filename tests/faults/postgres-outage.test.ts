import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import { eq, inArray } from 'drizzle-orm'
import t from 'tap'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { conversations, messages } from '../../server/db/schema.ts'
import { QUEUES } from '../../shared/jobs.ts'
import { startWorkers } from '../../workers/start-workers.ts'
import { freePort, setup, TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/setup.ts'
import { openSocket } from '../helpers/sockets.ts'
import { startTcpProxy } from '../helpers/tcp-proxy.ts'
import { draft, makeManyFamilies, sleep } from '../newsletters/fixtures.ts'

const OUTAGE_MS = 10_000
const FAMILIES = 24
const ENGLISH = "We can't reach the database just now. Please try again in a minute."
const WELSH = 'Allwn ni ddim cyrraedd y gronfa ddata ar hyn o bryd. Rhowch gynnig arall arni ymhen munud.'

t.test(
  'PostgreSQL unreachable for 10 s: requests answer 503 with a localised message in bounded time, nothing half-written, everything returns by itself',
  async (t) => {
    // The test's own app (`ctx.app`) talks to PostgreSQL directly: it seeds and checks what was stored.
    const ctx = await setup(t, { workers: false, smtpDelayMs: 150 })
    const target = new URL(TEST_DATABASE_URL)
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
    const proxied = new URL(ctx.config.databaseUrl as string)
    proxied.hostname = '127.0.0.1'
    proxied.port = String(proxy.port)
    const port = await freePort()
    // The app and workers under test reach PostgreSQL only through the proxy.
    const config = loadConfig({
      DATABASE_URL: proxied.toString(),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: ctx.prefix,
      SMTP_URL: ctx.mail.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
      MESSAGES_PER_MINUTE: '100000',
      NOTIFICATION_CONCURRENCY: '4',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '1',
      DATABASE_QUERY_TIMEOUT_SECONDS: '3',
    })
    const app = await buildApp(config)
    const workers = await startWorkers(config, { tickEveryMs: 500, database: app.database })
    await app.listen({ port, host: '127.0.0.1' })
    let closed = false
    const close = async () => {
      if (closed) return
      closed = true
      await workers.close()
      await app.close()
    }
    t.teardown(async () => {
      proxy.restore()
      await close()
      await proxy.close()
    })

    const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
    const group = await ctx.makeClassGroup(ctx.school.id, { teacherId: teacher.id })
    const { guardian } = await ctx.makeFamily(ctx.school.id, { classId: group.id })
    const emails = await makeManyFamilies(ctx, group.id, FAMILIES)
    const admin = await ctx.makeUser(ctx.school.id, 'admin')
    const parent = await ctx.signIn(guardian, ctx.school.id)
    const adminSession = await ctx.signIn(admin, ctx.school.id)
    const base = `/api/schools/${ctx.school.id}`
    const conversationId = (
      await app.inject({
        method: 'POST',
        url: `${base}/conversations`,
        headers: parent.write,
        payload: { kind: 'direct', userId: teacher.id },
      })
    ).json().id
    const send = (clientId: string, body = 'Helo') =>
      app.inject({
        method: 'POST',
        url: `${base}/conversations/${conversationId}/messages`,
        headers: parent.write,
        payload: { clientId, body },
      })
    const stored = async (clientIds: string[]) =>
      (await ctx.app.db.select({ clientId: messages.clientId }).from(messages).where(inArray(messages.clientId, clientIds))).map(
        (r) => r.clientId,
      )
    const me = (language: string) => app.inject({ method: 'GET', url: '/api/me', headers: { ...parent.get, 'accept-language': language } })
    t.equal((await me('en')).statusCode, 200, 'before the cut, /api/me answers')
    const socket = await openSocket(t, `http://127.0.0.1:${port}`, parent.cookie)

    // A newsletter to every family is on its way when the database goes: its jobs must retry, not be lost.
    const newsletterId = (
      await app.inject({ method: 'POST', url: `${base}/newsletters`, headers: adminSession.write, payload: draft() })
    ).json().id
    const sent = await app.inject({
      method: 'POST',
      url: `${base}/newsletters/${newsletterId}/send`,
      headers: adminSession.write,
      payload: {},
    })
    t.equal(sent.statusCode, 202, 'the newsletter is accepted before the cut')
    const deadline = Date.now() + 15_000
    while (ctx.mail.received.length < 2 && Date.now() < deadline) await sleep(20)

    // Four writers send one message after another until one is refused: when the cut comes, some
    // are inside their transaction (a connection lost there must neither crash nor half-write).
    const inFlightIds: string[] = []
    const answers = new Map<string, number>()
    let writing = true
    const writer = async () => {
      while (writing) {
        const id = randomUUID()
        inFlightIds.push(id)
        const status = (await send(id)).statusCode
        answers.set(id, status)
        if (status !== 201) return
      }
    }
    const writers = Promise.all([writer(), writer(), writer(), writer()])
    const stored201 = () => [...answers.values()].filter((status) => status === 201).length
    for (let i = 0; i < 200 && stored201() < 8; i++) await sleep(20)
    const cutAt = Date.now()
    proxy.cut()
    const acceptedAtCut = proxy.accepted
    const atCut = ctx.mail.received.length
    t.ok(atCut < emails.length, `the newsletter was mid-send when the database went (${atCut} of ${FAMILIES} mailed)`)
    await writers
    writing = false
    t.ok(Date.now() - cutAt < 5000, 'writes in flight answered within 5 s of the cut')
    const okIds = inFlightIds.filter((id) => answers.get(id) === 201)
    const failed = inFlightIds.filter((id) => answers.get(id) === 503)
    t.equal(okIds.length + failed.length, inFlightIds.length, 'each write either succeeded or answered 503')
    t.equal(failed.length, 4, 'each writer was refused once, with a 503')
    t.comment(`writes: ${okIds.length} stored before the cut, ${failed.length} answered 503`)

    // During the cut: a read and a write, over HTTP and a socket, each answered 503 quickly.
    const timed = async <T>(run: () => Promise<T>) => {
      const start = Date.now()
      const result = await run()
      return { result, ms: Date.now() - start }
    }
    const read = await timed(() => me('en'))
    t.equal(read.result.statusCode, 503, 'GET /api/me answers 503')
    t.same(read.result.json(), {
      code: 'service_unavailable',
      message: ENGLISH,
    })
    t.ok(read.ms < 3000, `and within 3 s (${read.ms} ms)`)
    const welsh = await me('cy')
    t.equal(welsh.json().message, WELSH, 'in Welsh too')

    const duringId = randomUUID()
    const write = await timed(() => send(duringId, 'Written while the database was away'))
    t.equal(write.result.statusCode, 503, 'sending a message answers 503')
    t.equal(write.result.json().code, 'service_unavailable')
    t.ok(write.ms < 3000, `and within 3 s (${write.ms} ms)`)

    const ack = await timed(() =>
      socket.timeout(5000).emitWithAck('message.send', { conversationId, clientId: randomUUID(), body: 'Over the socket' }),
    )
    t.same(
      ack.result,
      { ok: false, error: { code: 'service_unavailable', message: `${WELSH} / ${ENGLISH}`, status: 503 } },
      'a socket send is acknowledged with the same error, in both languages (the parent chose both), Welsh first',
    )
    t.ok(ack.ms < 3000, `and within 3 s (${ack.ms} ms)`)

    const ready = await app.inject({ method: 'GET', url: '/readyz' })
    t.equal(ready.statusCode, 503, '/readyz reports not ready')
    t.equal(ready.json().postgres, 'unreachable', 'naming PostgreSQL')
    t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, '/healthz: the process itself is up')

    const left = OUTAGE_MS - (Date.now() - cutAt)
    if (left > 0) await sleep(left)
    t.ok(proxy.accepted > acceptedAtCut, 'the app and workers kept trying to connect during the cut')
    proxy.restore()
    const restoredAt = Date.now()

    // Back by itself: nothing restarted.
    let back = await me('en')
    for (let i = 0; i < 50 && back.statusCode !== 200; i++) {
      await sleep(100)
      back = await me('en')
    }
    t.equal(back.statusCode, 200, 'after the cut /api/me answers again')
    t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, '/readyz is ready again')

    // Nothing half-written. A write refused with 503 may still have committed (the commit reached
    // PostgreSQL, its answer did not reach the app): that is why clients resend with the same
    // clientId. So: every acknowledged write is stored once; resending every refused one stores
    // each exactly once; and the conversation's numbering has no gap (no message without its
    // number, no number without its message).
    t.same((await stored(okIds)).sort(), [...okIds].sort(), 'every acknowledged write is stored')
    const inDoubt = await stored(failed)
    t.comment(`refused writes that had committed all the same: ${inDoubt.length} of ${failed.length}`)
    for (const id of failed) {
      const again = await send(id)
      t.equal(again.statusCode, inDoubt.includes(id) ? 200 : 201, 'a refused write resent with its clientId is answered')
    }
    const rows = await ctx.app.db
      .select({ seq: messages.seq, clientId: messages.clientId })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
    t.equal(rows.length, inFlightIds.length, 'each write is stored exactly once after the resends')
    t.equal(new Set(rows.map((r) => r.clientId)).size, rows.length, 'one row per clientId')
    t.same(
      rows.map((r) => r.seq).sort((x, y) => x - y),
      Array.from({ length: rows.length }, (_, i) => i + 1),
      'numbered 1..n with no gap',
    )
    const [conversation] = await ctx.app.db.select().from(conversations).where(eq(conversations.id, conversationId))
    t.equal(conversation?.lastSeq, rows.length, "the conversation's last number matches its messages")
    t.same(await stored([duringId]), [], 'the message sent during the cut was not stored')
    const resent = await send(duringId, 'Written while the database was away')
    t.equal(resent.statusCode, 201, 'sent again with the same clientId, it is stored')
    t.same(await stored([duringId]), [duringId], 'once')
    const again = await socket.timeout(5000).emitWithAck('message.send', { conversationId, clientId: randomUUID(), body: 'Socket back' })
    t.equal(again.ok, true, 'the same socket sends again without reconnecting')

    // The workers retried the newsletter's jobs that failed during the cut: every family gets it.
    const missing = () => {
      const got = new Set(ctx.mail.received.map((m) => m.to))
      return emails.filter((e) => !got.has(e))
    }
    const until = Date.now() + 30_000
    while (missing().length > 0 && Date.now() < until) await sleep(100)
    t.same(missing(), [], 'no family is missing the newsletter')
    t.comment(`every family mailed ${Date.now() - restoredAt} ms after the database came back`)
    const duplicates = ctx.mail.received.filter((m) => emails.includes(m.to)).length - emails.length
    t.ok(duplicates <= 4, `duplicates (${duplicates}) are at most the sends in flight (NOTIFICATION_CONCURRENCY 4)`)
    let retried = 0
    let lost = 0
    for (const name of [QUEUES.newsletters, QUEUES.notifications]) {
      const queue = new Queue(name, { connection: { url: TEST_REDIS_URL }, prefix: ctx.prefix })
      retried += (await queue.getCompleted(0, -1)).filter((job) => job.attemptsMade > 0).length
      lost += await queue.getFailedCount()
      await queue.close()
    }
    t.ok(retried > 0, `jobs that failed on the lost connection were retried and completed (${retried})`)
    t.equal(lost, 0, 'no job ended failed')

    // A connection lost in the middle of taking one (a transaction's BEGIN) is not kept checked
    // out for ever: closing waits for every connection to come back to the pool.
    const shut = await Promise.race([close().then(() => true), sleep(15_000).then(() => false)])
    t.ok(shut, 'the app and workers close: no database connection was leaked by the outage')
  },
)
