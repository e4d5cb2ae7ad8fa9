/**
 * `npm run bench -- messaging`: the messaging path against a raw Socket.IO echo server (a plain
 * socket.io Server whose handler acknowledges the payload back) measured in the same run and
 * driven by the same client load generator (messaging-load.ts). Each server runs in a child
 * process of its own (messaging-server.ts); the clients are in this process.
 *
 * 1. Throughput: messages persisted per second (acknowledged ok) by the real app (buildApp, no
 *    workers) from signed-in parent and teacher pairs, each sending `message.send` over its
 *    socket into its direct conversation, over raw echo acks per second. Goal: ≥ 0.3.
 * 2. Latency: senders paced to half the app's measured peak; from emit to the other
 *    participant's `message.created`. Goal: p99 < 100 ms.
 * 3. Memory per idle connection: growth of a fresh server process's heap and RSS (after full
 *    GCs) with BENCH_IDLE_CONNECTIONS authenticated sockets, over a raw server with as many
 *    plain ones. Goal: < 1.5x raw, judged on both.
 *
 * Everything runs in a scratch database (scratch-database.ts) and a Redis prefix of its own,
 * both removed at the end. Environment: BENCH_PAIRS (default 50 pairs, so 100 sending sockets),
 * BENCH_IN_FLIGHT (sends each socket keeps outstanding, default 1), BENCH_MESSAGES (per
 * throughput round, default 2000), BENCH_ROUNDS (default 3), BENCH_LATENCY_SECONDS (default
 * 10), BENCH_IDLE_CONNECTIONS (default 10000), BENCH_IDLE_USERS (people sharing those sessions,
 * default 300), BENCH_CONNECT_CONCURRENCY (handshakes at once while opening them, default 50),
 * BENCH_DATABASE_URL (the server for the scratch database), BENCH_REDIS_URL.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { availableParallelism, loadavg } from 'node:os'
import { Redis } from 'ioredis'
import { createDatabase, type Database } from '../server/db/database.ts'
import { type Burst, closeAll, connectAll, type LoadSocket, type Sender, sendBurst, sendPaced } from './messaging-load.ts'
import { GOALS, type IdleMemory, type Memory, printGoals, printLatency, printMemory } from './messaging-report.ts'
import { countMessages, type MessagingSchool, makeMessagingSchool, makeSessions } from './messaging-school.ts'
import { type BenchServer, startBenchServer } from './messaging-server.ts'
import { median, printTable, type Row, ratioOf } from './ratio-table.ts'
import { createScratchDatabase } from './scratch-database.ts'

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

interface Settings {
  pairs: number
  inFlight: number
  messages: number
  rounds: number
  latencySeconds: number
  idleConnections: number
  idleUsers: number
  connectConcurrency: number
}

const progress = (label: string) => (done: number) => process.stderr.write(`\r  ${label} ${done}`)

/** A Row's rounds are times for `count` messages; a round with refusals counts only the stored ones. */
function asRound(burst: Burst, count: number): number {
  return burst.ok === 0 ? Number.POSITIVE_INFINITY : (burst.ms * count) / burst.ok
}

/** Throughput: a warm-up each, then rounds alternating raw echo and app, from the same senders. */
async function measureThroughput(
  s: Settings,
  raw: Sender[],
  app: Sender[],
): Promise<{ rows: [Row, Row]; refused: Map<string, number>; acked: number }> {
  const rawRow: Row = { mode: 'raw Socket.IO echo (acks)', count: s.messages, rounds: [] }
  const appRow: Row = { mode: 'app message.send (persisted)', count: s.messages, rounds: [], baseline: rawRow, goal: GOALS.throughput }
  const refused = new Map<string, number>()
  const warmup = Math.min(500, s.messages)
  await sendBurst(raw, warmup, s.inFlight)
  let acked = (await sendBurst(app, warmup, s.inFlight)).ok
  for (let round = 0; round < s.rounds; round++) {
    process.stderr.write(`\r  throughput round ${round + 1}/${s.rounds}`)
    rawRow.rounds.push(asRound(await sendBurst(raw, s.messages, s.inFlight), s.messages))
    const burst = await sendBurst(app, s.messages, s.inFlight)
    acked += burst.ok
    for (const [code, n] of burst.errors) refused.set(code, (refused.get(code) ?? 0) + n)
    appRow.rounds.push(asRound(burst, s.messages))
  }
  process.stderr.write('\n')
  return { rows: [rawRow, appRow], refused, acked }
}

/**
 * A fresh server process's memory per idle connection, after full GCs: the growth from no
 * connections to all of them, and from half of them to all (the marginal cost, without one-off
 * growth such as the database pool opening or allocator arenas the first handshakes leave).
 */
async function idleMemory(server: BenchServer, cookies: (string | undefined)[], concurrency: number): Promise<IdleMemory> {
  // A few connections first, so code loaded on the first one does not count as per-connection.
  await closeAll(await connectAll(server.url, cookies.slice(0, 20)))
  const before = await server.memory()
  const half = Math.floor(cookies.length / 2)
  const sockets: LoadSocket[] = []
  const open = async (from: number, to: number) => {
    sockets.push(
      ...(await connectAll(server.url, cookies.slice(from, to), { concurrency, progress: progress(`${server.mode} idle connections`) })),
    )
    await new Promise((resolve) => setTimeout(resolve, 1000))
    return server.memory()
  }
  try {
    const middle = await open(0, half)
    const after = await open(half, cookies.length)
    process.stderr.write('\n')
    const per = (from: NodeJS.MemoryUsage, count: number): Memory => ({
      rss: (after.rss - from.rss) / count,
      heap: (after.heapUsed - from.heapUsed) / count,
    })
    return { total: per(before, cookies.length), marginal: per(middle, cookies.length - half) }
  } finally {
    await closeAll(sockets)
  }
}

/** The soft limit on open files; the bench process and each server hold one per connection. */
function openFileLimit(): number {
  const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out)
}

/** Runs the messaging bench and prints its ratios and whether each goal is met. */
export async function benchMessaging(): Promise<void> {
  const s: Settings = {
    pairs: setting('BENCH_PAIRS', 50),
    inFlight: setting('BENCH_IN_FLIGHT', 1),
    messages: setting('BENCH_MESSAGES', 2000),
    rounds: setting('BENCH_ROUNDS', 3),
    latencySeconds: setting('BENCH_LATENCY_SECONDS', 10),
    idleConnections: setting('BENCH_IDLE_CONNECTIONS', 10_000),
    idleUsers: setting('BENCH_IDLE_USERS', 300),
    connectConcurrency: setting('BENCH_CONNECT_CONCURRENCY', 50),
  }
  const limit = openFileLimit()
  if (limit < s.idleConnections + 1000)
    throw new Error(`ulimit -n is ${limit}: raise it to ${s.idleConnections + 1000} or more, or set BENCH_IDLE_CONNECTIONS lower`)
  const run = randomUUID().slice(0, 8)
  const prefix = `bench-${run}`
  const postgres = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const scratch = await createScratchDatabase(postgres, `cyswllt_bench_${run}`)
  const appEnv = (port: number) => ({
    DATABASE_URL: scratch.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    // The per-person flooding limit would cap each sender at 100 a minute; the bench measures the path, not the limit.
    MESSAGES_PER_MINUTE: '100000',
  })
  let database: Database | undefined
  const servers: BenchServer[] = []
  const sockets: LoadSocket[] = []
  const start = async (mode: 'raw' | 'app') => {
    const server = await startBenchServer(mode, appEnv)
    servers.push(server)
    return server
  }
  const stop = async (server: BenchServer) => {
    servers.splice(servers.indexOf(server), 1)
    await server.stop()
  }
  try {
    database = createDatabase({ databaseUrl: scratch.url, dataDir: 'data' })
    await database.migrate()
    const db = database.db
    // Enough people for the senders, and for the idle sessions to share.
    const school: MessagingSchool = await makeMessagingSchool(db, Math.max(s.pairs, Math.ceil(s.idleUsers / 2)), run)
    const senders = [...school.people.slice(0, s.pairs), ...school.people.slice(school.people.length / 2).slice(0, s.pairs)]
    const senderCookies = await makeSessions(
      db,
      school.schoolId,
      senders.map((p) => p.id),
      senders.length,
    )
    const load = loadavg()[0] as number

    // 1 and 2: throughput, then latency at half the app's peak.
    const rawServer = await start('raw')
    const appServer = await start('app')
    const rawSockets = await connectAll(
      rawServer.url,
      senders.map(() => undefined),
    )
    sockets.push(...rawSockets)
    const appSockets = await connectAll(appServer.url, senderCookies)
    sockets.push(...appSockets)
    const asSenders = (list: LoadSocket[]) =>
      list.map((socket, i) => ({ socket, userId: senders[i]?.id as string, conversationId: senders[i]?.conversationId as string }))
    const throughput = await measureThroughput(s, asSenders(rawSockets), asSenders(appSockets))
    const [, appRow] = throughput.rows
    const peak = (appRow.count / median(appRow.rounds)) * 1000
    process.stderr.write(`  latency at ${(peak / 2).toFixed(0)}/s for ${s.latencySeconds} s\n`)
    const paced = await sendPaced(asSenders(appSockets), peak / 2, s.latencySeconds)
    await closeAll(sockets.splice(0))
    await stop(rawServer)
    await stop(appServer)
    const acked = throughput.acked + paced.ok
    const stored = await countMessages(db, school.schoolId)

    // 3: memory per idle connection, each server fresh in a process of its own.
    const idleCookies = await makeSessions(
      db,
      school.schoolId,
      school.people.slice(0, s.idleUsers).map((p) => p.id),
      s.idleConnections,
    )
    const rawMemory = await idleMemory(await start('raw'), new Array(s.idleConnections).fill(undefined), s.connectConcurrency)
    await stop(servers[0] as BenchServer)
    const appMemory = await idleMemory(await start('app'), idleCookies, s.connectConcurrency)
    await stop(servers[0] as BenchServer)

    printTable(
      [
        `messaging throughput: ${s.messages} messages per round from ${senders.length} sockets (${s.pairs} parent and teacher pairs), ` +
          `${s.inFlight} in flight each; ${s.rounds} rounds alternating raw and app after a warm-up`,
        `  PostgreSQL ${postgres.replace(/\/\/[^@]*@/, '//').replace(/\/[^/]*$/, '')} (scratch database), Redis ${redisUrl}; ` +
          `${availableParallelism()} CPUs, load average ${load.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after`,
        "  seconds and per second: the median round; ratio: the median of the rounds' ratios",
      ].join('\n'),
      throughput.rows,
    )
    if (throughput.refused.size > 0) console.log(`  refused sends: ${[...throughput.refused].map(([c, n]) => `${c} ${n}`).join(', ')}`)
    console.log(`  stored messages ${stored}, acknowledged ok ${acked}${stored === acked ? '' : ' (MISMATCH)'}`)

    const latency = printLatency(paced, s.latencySeconds)
    const memory = printMemory(rawMemory, appMemory, s.idleConnections, Math.min(s.idleUsers, school.people.length))
    printGoals(ratioOf(appRow) ?? 0, latency, memory)
  } finally {
    await closeAll(sockets)
    for (const server of servers) await server.stop().catch(() => {})
    await database?.close()
    await scratch.drop()
    const redis = new Redis(redisUrl)
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
  }
}
