import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { io as connect } from 'socket.io-client'
import t, { type Test as Tap } from 'tap'
import { freePort, setup, TEST_REDIS_URL } from '../helpers/setup.ts'
import type { ClientSocket } from '../helpers/sockets.ts'
import { draft, makeManyFamilies, sleep, withoutQuietHours } from '../newsletters/fixtures.ts'

const FAMILIES = 200

interface Cluster {
  child: ChildProcess
  log: string[]
  /** Resolves with the first log line matching, now or later. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
}

/**
 * `npm run cluster` (scripts/cluster.ts) as a child process: two servers on the given ports, two
 * worker processes and the proxy, on the test's own database, Redis prefix and SMTP server.
 */
function startCluster(env: Record<string, string>): Cluster {
  const child = spawn(process.execPath, ['scripts/cluster.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const log: string[] = []
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = []
  const take = (line: string) => {
    log.push(line)
    for (const w of [...waiters]) {
      const match = line.match(w.pattern)
      if (match) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(match)
      }
    }
  }
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', take)
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', take)
  return {
    child,
    log,
    waitFor(pattern, timeoutMs = 90_000) {
      const seen = log.map((l) => l.match(pattern)).find((m) => m)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line ${pattern} in ${timeoutMs} ms:\n${log.join('\n')}`)), timeoutMs)
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer)
            resolve(m)
          },
        })
      })
    },
  }
}

async function stopCluster(cluster: Cluster) {
  const { child } = cluster
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  await exited
  clearTimeout(timer)
}

t.test('two servers behind the proxy and two worker processes: messages cross servers, each job runs once', async (t) => {
  const ctx = await setup(t, { workers: false })
  const [proxyPort, port1, port2] = [await freePort(), await freePort(), await freePort()]
  const publicUrl = `http://127.0.0.1:${proxyPort}`
  const startedAt = Date.now()
  const cluster = startCluster({
    DATABASE_URL: ctx.config.databaseUrl as string,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: ctx.prefix,
    SMTP_URL: ctx.mail.url,
    PORT: String(proxyPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    CLUSTER_SERVER_PORTS: `${port1},${port2}`,
    CLUSTER_WORKERS: '2',
    LOG_LEVEL: 'warn',
  })
  t.teardown(() => stopCluster(cluster))

  // People, written while the cluster starts.
  const school = ctx.school
  const teacher = await ctx.makeUser(school.id, 'teacher', { name: 'Athro Un' })
  const group = await ctx.makeClassGroup(school.id, { teacherId: teacher.id })
  const { guardian: parent } = await ctx.makeFamily(school.id, { classId: group.id })
  const admin = await ctx.makeUser(school.id, 'admin')
  const sessions = {
    parent: await ctx.signIn(parent, school.id),
    teacher: await ctx.signIn(teacher, school.id),
    admin: await ctx.signIn(admin, school.id),
  }
  const emails = await makeManyFamilies(ctx, group.id, FAMILIES)
  await withoutQuietHours(ctx, parent.id)

  await cluster.waitFor(/\[cluster\] ready:/)
  t.comment(`the cluster was ready ${((Date.now() - startedAt) / 1000).toFixed(1)} s after it was started`)
  const pid1 = Number((await cluster.waitFor(/server-1 started \(pid (\d+)/))[1])
  t.equal(
    (await cluster.waitFor(/\[migrate\] Migrations applied/))[0],
    '[migrate] Migrations applied',
    'migrations ran once, before the servers',
  )
  t.equal(cluster.log.filter((l) => l.includes('Migrations applied')).length, 1, 'and only once')

  const base = `/api/schools/${school.id}`
  const api = (path: string, who: keyof typeof sessions, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${publicUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie: sessions[who].cookie,
        origin: publicUrl,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': sessions[who].csrfToken }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })

  const started = await api(`${base}/conversations`, 'parent', { method: 'POST', body: { kind: 'direct', userId: teacher.id } })
  t.equal(started.status, 201, 'a conversation started through the proxy')
  const conversationId = ((await started.json()) as { id: string }).id

  /** A signed-in socket; `polling` starts on long-polling as the web client does (needs sticky sessions). */
  const open = async (url: string, who: keyof typeof sessions, polling = false): Promise<ClientSocket> => {
    const socket: ClientSocket = connect(url, {
      transports: polling ? ['polling', 'websocket'] : ['websocket'],
      extraHeaders: { cookie: sessions[who].cookie, origin: publicUrl },
      reconnection: false,
      forceNew: true,
      timeout: 10_000,
    })
    t.teardown(() => socket.close())
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('connect_error', reject)
    })
    return socket
  }
  /** The first `message.created` with this body (the author's own copy, for their other devices, also arrives). */
  const arrival = (socket: ClientSocket, body: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message "${body}" within 10 s`)), 10_000)
      const listener = ({ message }: { message: { body: string } }) => {
        if (message.body !== body) return
        clearTimeout(timer)
        socket.off('message.created', listener)
        resolve(message.body)
      }
      socket.on('message.created', listener)
    })
  const exchange = async (t: Tap, parentSocket: ClientSocket, teacherSocket: ClientSocket, label: string) => {
    const toTeacher = arrival(teacherSocket, `parent ${label}`)
    const sent = await parentSocket
      .timeout(10_000)
      .emitWithAck('message.send', { conversationId, clientId: randomUUID(), body: `parent ${label}` })
    t.ok(sent.ok, `${label}: the parent's message is stored`)
    t.equal(await toTeacher, `parent ${label}`, `${label}: the teacher sees the parent's message`)
    const toParent = arrival(parentSocket, `teacher ${label}`)
    const reply = await teacherSocket
      .timeout(10_000)
      .emitWithAck('message.send', { conversationId, clientId: randomUUID(), body: `teacher ${label}` })
    t.ok(reply.ok, `${label}: the teacher's reply is stored`)
    t.equal(await toParent, `teacher ${label}`, `${label}: the parent sees the teacher's reply`)
  }

  await t.test('a parent on server 1 and a teacher on server 2 see each other’s messages', async (t) => {
    const parentSocket = await open(`http://127.0.0.1:${port1}`, 'parent')
    const teacherSocket = await open(`http://127.0.0.1:${port2}`, 'teacher')
    await exchange(t, parentSocket, teacherSocket, 'across servers')
    parentSocket.close()
    teacherSocket.close()
  })

  await t.test('the same through the proxy, the parent on long-polling first (sticky) and the teacher on websockets', async (t) => {
    const parentSocket = await open(publicUrl, 'parent', true)
    const teacherSocket = await open(publicUrl, 'teacher')
    await exchange(t, parentSocket, teacherSocket, 'through the proxy')
    parentSocket.close()
    teacherSocket.close()
  })

  await t.test(`a newsletter to ${FAMILIES} families reaches each once, with two worker processes`, async (t) => {
    const created = await api(`${base}/newsletters`, 'admin', { method: 'POST', body: draft() })
    t.equal(created.status, 201)
    const id = ((await created.json()) as { id: string }).id
    const sent = await api(`${base}/newsletters/${id}/send`, 'admin', { method: 'POST', body: {} })
    t.equal(sent.status, 202, 'the send is accepted through the proxy')
    const reached = () => new Set(ctx.mail.received.map((m) => m.to))
    const deadline = Date.now() + 60_000
    while (emails.some((e) => !reached().has(e)) && Date.now() < deadline) await sleep(100)
    // Time for a second copy to arrive, if a job ran twice.
    await sleep(1500)
    const got = reached()
    t.same(
      emails.filter((e) => !got.has(e)),
      [],
      'every family got it',
    )
    const newsletterMails = ctx.mail.received.filter((m) => emails.includes(m.to))
    t.equal(newsletterMails.length, FAMILIES, 'and nobody got it twice')
  })

  await t.test('with server 1 killed, the proxy keeps serving through server 2, and server 1 is restarted', async (t) => {
    process.kill(pid1, 'SIGKILL')
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`${publicUrl}/healthz`).then((r) => r.status)))
    t.same(answers, [200, 200, 200, 200, 200, 200], 'requests at the moment of the kill are answered')
    await cluster.waitFor(/server-1 \(pid \d+\) exited \(SIGKILL\); restarting/, 10_000)
    const me = await api('/api/me', 'parent')
    t.equal(me.status, 200, 'a signed-in request is answered')
    const posted = await api(`${base}/conversations/${conversationId}/messages`, 'parent', {
      method: 'POST',
      body: { clientId: randomUUID(), body: 'after the kill' },
    })
    t.equal(posted.status, 201, 'a write goes through')
    const parentSocket = await open(publicUrl, 'parent', true)
    const teacherSocket = await open(publicUrl, 'teacher')
    await exchange(t, parentSocket, teacherSocket, 'after the kill')
    const starts = () => cluster.log.filter((l) => /server-1 started/.test(l)).length
    const deadline = Date.now() + 10_000
    while (starts() < 2 && Date.now() < deadline) await sleep(100)
    t.equal(starts(), 2, 'the supervisor started server 1 again')
  })

  await stopCluster(cluster)
  t.ok(
    cluster.log.some((l) => l.includes('[cluster] stopped')),
    'SIGTERM stops every process and the supervisor',
  )
})
