/**
 * `npm run bench -- soak`: BENCH_SOAK_PARENTS simulated parents (default 1,000) and 50 staff in
 * mixed use for BENCH_SOAK_SECONDS (default 600) against the app run as `npm start` runs it
 * (one child process, `server/main.ts all`: HTTP, Socket.IO and the workers), on a scratch
 * database and a Redis prefix of the run's own, sending email to a counting SMTP sink. Prints
 * the error rate (goal 0), latency per kind of request with the /healthz baseline of the same
 * run, and the server's memory at start and end with its trend (goal: none). See README.md.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { availableParallelism, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { Redis } from 'ioredis'
import { createDatabase, type Database } from '../server/db/database.ts'
import { startLocalServices } from './local-services.ts'
import { closeAll, connectAll, type LoadSocket } from './messaging-load.ts'
import { createScratchDatabase } from './scratch-database.ts'
import { type Driver, Recorder, runBaseline, runNewsletters, runParent, runStaff } from './soak-load.ts'
import { type MemorySample, printSoakReport, sampleMemory } from './soak-report.ts'
import { makeSoakSchool } from './soak-school.ts'

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}

async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
    server.on('error', reject)
  })
}

/** `node server/main.ts all` with this environment; resolves once its workers run (after it listens). */
async function startApp(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['server/main.ts', 'all'], {
    cwd: resolve(import.meta.dirname, '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((done, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.includes('workers are running')) done()
    })
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before it was ready`)))
  })
  return child
}

export async function benchSoak(): Promise<void> {
  const seconds = setting('BENCH_SOAK_SECONDS', 600)
  const parentCount = setting('BENCH_SOAK_PARENTS', 1000)
  const parentThinkMs = setting('BENCH_SOAK_PARENT_THINK_SECONDS', 30) * 1000
  const staffThinkMs = setting('BENCH_SOAK_STAFF_THINK_SECONDS', 10) * 1000
  const newsletterEveryMs = setting('BENCH_SOAK_NEWSLETTER_SECONDS', 180) * 1000
  const sampleEveryMs = setting('BENCH_SOAK_SAMPLE_SECONDS', 10) * 1000
  const run = randomUUID().slice(0, 8)
  const prefix = `bench-${run}`
  const postgres = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const scratch = await createScratchDatabase(postgres, `cyswllt_bench_${run}`)
  const sinks = await startLocalServices()
  let database: Database | undefined
  let app: ChildProcess | undefined
  let sockets: LoadSocket[] = []
  try {
    database = createDatabase({ databaseUrl: scratch.url, dataDir: 'data' })
    await database.migrate()
    process.stderr.write(`  seeding ${parentCount} families and 50 staff\n`)
    const school = await makeSoakSchool(database.db, parentCount, run)
    await database.close()
    database = undefined

    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    app = await startApp({
      DATABASE_URL: scratch.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      SMTP_URL: sinks.smtpUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
    })
    const people = [...school.parents, ...school.staff]
    process.stderr.write(`  connecting ${people.length} sockets\n`)
    sockets = await connectAll(
      url,
      people.map((p) => p.cookie),
      { concurrency: 50 },
    )
    let disconnects = 0
    for (const socket of sockets) socket.on('disconnect', () => disconnects++)

    let stopped = false
    let stop = () => {}
    const whenStopped = new Promise<void>((done) => {
      stop = done
    })
    const recorder = new Recorder()
    const d: Driver = {
      url,
      school,
      recorder,
      sockets: new Map(people.map((p, i) => [p.id, sockets[i] as LoadSocket])),
      stopped: () => stopped,
      whenStopped,
    }
    let newsletters = 0
    const load = loadavg()[0] as number
    process.stderr.write(`  running for ${seconds} s\n`)
    const started = performance.now()
    const samples: MemorySample[] = []
    const sample = async () => {
      const s = await sampleMemory(url, (performance.now() - started) / 1000)
      if (s) samples.push(s)
    }
    await sample()
    const sampler = setInterval(() => void sample(), sampleEveryMs)
    const loops = [
      runBaseline(d),
      runNewsletters(d, newsletterEveryMs, () => newsletters++),
      ...school.parents.map((p) => runParent(d, p, parentThinkMs)),
      ...school.staff.map((s) => runStaff(d, s, staffThinkMs)),
    ]
    await new Promise((done) => setTimeout(done, seconds * 1000))
    stopped = true
    stop()
    const measuredSeconds = (performance.now() - started) / 1000
    clearInterval(sampler)
    await sample()
    // Requests already on their way are waited for, and counted.
    await Promise.all(loops)
    const emails = (await sinks.counts()).email

    const { ok } = printSoakReport(
      [
        `soak: ${parentCount} parents (think time ${parentThinkMs / 1000} s mean) and ${school.staff.length + 1} staff (${staffThinkMs / 1000} s; ` +
          `the admin sends a newsletter to every family every ${newsletterEveryMs / 1000} s) for ${measuredSeconds.toFixed(0)} s, ` +
          `over HTTP and ${sockets.length} Socket.IO connections, against server/main.ts all (as npm start) in a child process`,
        `  ${newsletters} newsletters sent, ${emails} emails at the SMTP sink, ${disconnects} socket disconnects; ` +
          `${availableParallelism()} CPUs, load average ${load.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after`,
      ].join('\n'),
      recorder,
      samples,
    )
    console.log(
      `verdict: ${ok && disconnects === 0 ? 'goals met' : 'goals NOT met'}${disconnects > 0 ? ` (${disconnects} socket disconnects)` : ''}`,
    )
  } finally {
    await closeAll(sockets)
    if (app && app.exitCode === null) {
      const exited = new Promise((done) => app?.once('exit', done))
      app.kill('SIGTERM')
      await exited
    }
    await database?.close()
    await sinks.close()
    await scratch.drop()
    const redis = new Redis(redisUrl)
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
  }
}
