/**
 * `npm run bench -- engagement`: the FEO's lists and charts for a school of 1,500 families
 * (engagement-school.ts), requested over HTTP from the real app (buildApp, no workers) listening
 * in a child process of its own (messaging-server.ts), as a browser gets them, signed in as the
 * school's FEO. Against baselines measured in the same run: the same server's GET /healthz
 * (no session), its GET /api/me as the FEO (the session lookup every request pays), and a raw
 * node-postgres query by primary key from this process.
 *
 * After a warm-up, BENCH_REQUESTS rounds: one sequential request of each kind in turn, so every
 * kind sees the same load from the rest of the machine. Prints p50, p95, p99 and max per kind,
 * and the p95 over the baselines' p95. Goal: p95 < 300 ms for each engagement request.
 * Then the query plans of every SELECT those requests run (engagement-plans.ts), with the
 * sequential scans on large tables listed; they are reported, not failed on.
 *
 * The bench school shares its database with BENCH_OTHER_SCHOOLS schools of the same shape
 * (default 3), so its rows are a fraction of each table, as on an instance with several schools,
 * and a scan of a whole table is not the same as reading one school. Everything runs in a scratch
 * database and a Redis prefix of its own, both removed at the end. Environment: BENCH_REQUESTS
 * (default 50), BENCH_WARMUP (default 5), BENCH_OTHER_SCHOOLS, BENCH_DATABASE_URL (the server for
 * the scratch database), BENCH_REDIS_URL.
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { Redis } from 'ioredis'
import pg from 'pg'
import { loadConfig } from '../server/config.ts'
import { createDatabase, type Database } from '../server/db/database.ts'
import { SHAPE } from './engagement-keys.ts'
import { explainRequests, printPlans } from './engagement-plans.ts'
import { countRows, type EngagementSchool, makeEngagementSchool } from './engagement-school.ts'
import { type BenchServer, startBenchServer } from './messaging-server.ts'
import { type LatencyRow, printLatencyTable, quantileOf } from './ratio-table.ts'
import { createScratchDatabase } from './scratch-database.ts'

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
export const GOAL_P95_MS = 300

/** One kind of request; resolves to the size of the answer's body. */
interface Probe {
  mode: string
  run(): Promise<number | undefined>
  /** The last answer, parsed, for the summary of what the answers held. */
  last?: unknown
  goalMs?: number
}

/** The engagement requests, as paths of the app. */
function engagementRequests(school: EngagementSchool): { mode: string; path: string }[] {
  const base = `/api/schools/${school.schoolId}/engagement`
  return [
    { mode: 'lists', path: `${base}/lists?weeks=4` },
    { mode: `lists, year ${school.year}`, path: `${base}/lists?weeks=4&year=${school.year}` },
    { mode: 'charts', path: `${base}/charts` },
    { mode: 'charts.csv', path: `${base}/charts.csv` },
    { mode: 'families', path: `${base}/families` },
    { mode: 'family page', path: `${base}/families/${school.familyId}` },
  ]
}

function httpProbe(mode: string, url: string, headers: Record<string, string>, goalMs?: number): Probe {
  const probe: Probe = {
    mode,
    goalMs,
    async run() {
      const res = await fetch(url, { headers })
      const body = await res.text()
      if (res.status !== 200) throw new Error(`${mode}: ${res.status} ${body.slice(0, 300)}`)
      probe.last = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(body) : body
      return Buffer.byteLength(body)
    },
  }
  return probe
}

/** Warm-up rounds, then `rounds` rounds of one request of each kind in turn. */
async function measure(probes: Probe[], warmup: number, rounds: number): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = probes.map((p) => ({ mode: p.mode, samples: [], goalMs: p.goalMs }))
  for (let i = 0; i < warmup; i++) for (const p of probes) await p.run()
  for (let i = 0; i < rounds; i++) {
    process.stderr.write(`\r  round ${i + 1}/${rounds}`)
    for (const [j, p] of probes.entries()) {
      const started = performance.now()
      const bytes = await p.run()
      const row = rows[j] as LatencyRow
      row.samples.push(performance.now() - started)
      row.bytes = bytes
    }
  }
  process.stderr.write('\n')
  return rows
}

/** "notReached 412, awaitingReply 31": the lengths of an answer's top-level lists. */
function describe(answer: unknown): string {
  if (typeof answer === 'string') return `${answer.split('\n').length - 1} lines`
  if (!answer || typeof answer !== 'object') return ''
  const parts: string[] = []
  for (const [name, value] of Object.entries(answer)) {
    if (Array.isArray(value)) parts.push(`${name} ${value.length}`)
    else if (value && typeof value === 'object') {
      const inner = describe(value)
      if (inner) parts.push(`${name}: ${inner}`)
    }
  }
  return parts.join(', ')
}

/** Runs the engagement bench and prints the latencies, their ratios to the baselines, and the query plans. */
export async function benchEngagement(): Promise<void> {
  const rounds = setting('BENCH_REQUESTS', 50)
  const warmup = setting('BENCH_WARMUP', 5)
  const others = setting('BENCH_OTHER_SCHOOLS', 3)
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
  })
  let database: Database | undefined
  let server: BenchServer | undefined
  const client = new pg.Client({ connectionString: scratch.url })
  try {
    database = createDatabase({ databaseUrl: scratch.url, dataDir: 'data' })
    await database.migrate()
    const db = database.db
    const seeded = performance.now()
    const now = new Date()
    process.stderr.write(`  seeding the bench school and ${others} others\n`)
    const school = await makeEngagementSchool(db, `${run}-0`, now)
    for (let i = 1; i <= others; i++) await makeEngagementSchool(db, `${run}-${i}`, now)
    await db.execute(sql`vacuum analyze`)
    const seedSeconds = (performance.now() - seeded) / 1000
    const counts = await countRows(db, school.schoolId)

    server = await startBenchServer('app', appEnv)
    const url = server.url
    await client.connect()
    const feo = { cookie: school.feo.cookie }
    const requests = engagementRequests(school)
    const probes: Probe[] = [
      {
        mode: 'baseline: raw pg select by primary key',
        run: async () => {
          await client.query('select id, name, language from users where id = $1', [school.feoId])
          return undefined
        },
      },
      httpProbe('baseline: GET /healthz', `${url}/healthz`, {}),
      httpProbe('baseline: GET /api/me (FEO)', `${url}/api/me`, feo),
      ...requests.map((r) => httpProbe(`GET ${r.mode}`, `${url}${r.path}`, feo, GOAL_P95_MS)),
    ]
    const load = loadavg()[0] as number
    const rows = await measure(probes, warmup, rounds)
    await server.stop()
    server = undefined

    const [rawPg, healthz] = rows as [LatencyRow, LatencyRow]
    printLatencyTable(
      [
        `engagement: ${rounds} sequential requests of each kind in turn after ${warmup} warm-up rounds, as the FEO of a school of ` +
          `${SHAPE.families} families (${school.adults} adults, ${school.learners} learners), over HTTP to the app in a child process`,
        `  ${others} other schools of the same shape in the database; seeded in ${seedSeconds.toFixed(0)} s; rows (this school / all): ` +
          counts.map((c) => `${c.table} ${c.school}/${c.all}`).join(', '),
        `  PostgreSQL ${postgres.replace(/\/\/[^@]*@/, '//').replace(/\/[^/]*$/, '')} (scratch database), Redis ${redisUrl}; ` +
          `${availableParallelism()} CPUs, load average ${load.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after`,
      ].join('\n'),
      rows,
      [
        { label: 'raw pg', row: rawPg },
        { label: '/healthz', row: healthz },
      ],
    )
    console.log('what the answers held (the last of each):')
    for (const p of probes.filter((p) => p.goalMs !== undefined)) console.log(`  ${p.mode}: ${describe(p.last)}`)
    const above = rows.filter((r) => r.goalMs !== undefined && quantileOf(r.samples, 0.95) >= r.goalMs)
    console.log(
      `goal p95 < ${GOAL_P95_MS} ms: ${above.length === 0 ? 'met by every request' : `NOT met by ${above.map((r) => r.mode).join(', ')}`}`,
    )

    const config = loadConfig({ DATABASE_URL: scratch.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' })
    printPlans(await explainRequests(config, scratch.url, requests, feo))
  } finally {
    await server?.stop().catch(() => {})
    await client.end().catch(() => {})
    await database?.close()
    await scratch.drop()
    const redis = new Redis(redisUrl)
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
  }
}
