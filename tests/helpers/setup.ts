import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import pg from 'pg'
import { type App, buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { type RunningWorkers, startWorkers, type WorkerOptions } from '../../workers/start-workers.ts'
import { createFactories } from './factories.ts'
import { startSmtp } from './smtp.ts'

/** Real services on every development and CI machine (see ../shared/design.md). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

interface Teardown {
  teardown(fn: () => unknown): void
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * A database of the test file's own, created empty and dropped at the end. Test files run in
 * parallel, and the outbox relay and the notification tick work on every row of their database
 * (as they must in production), so files sharing one database would pick up each other's jobs.
 */
async function createTestDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`create database "${name}"`)
  await admin.end()
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      await client.query(`drop database if exists "${name}" with (force)`)
      await client.end()
    },
  }
}

export interface SetupOptions {
  /** Listen on a real port (for sockets and the browser); inject-only otherwise. */
  listen?: boolean
  /** Run the workers in this process too (default true). */
  workers?: boolean
  env?: Record<string, string>
  /** Options for the in-process workers: a clock to move, a push agent, a faster tick. */
  workerOptions?: Omit<WorkerOptions, 'database'>
  /** Make the in-process SMTP server this slow per message (to crash a worker mid-batch). */
  smtpDelayMs?: number
}

/**
 * Builds the real app against PostgreSQL and Redis on 127.0.0.1, with an in-process SMTP server
 * and the workers, plus one school of its own. Queues and rate limits get a prefix unique to the
 * file, so files run in parallel on one Redis. Everything is closed in teardown.
 */
export async function setup(t: Teardown, options: SetupOptions = {}) {
  const smtp = await startSmtp({ delayMs: options.smtpDelayMs })
  const prefix = `test-${randomUUID().slice(0, 8)}`
  const port = await freePort()
  const database = await createTestDatabase(`cyswllt_${prefix.replaceAll('-', '_')}`)
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    SMTP_URL: smtp.url,
    REDIS_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    ...options.env,
  })
  const app: App = await buildApp(config)
  let workers: RunningWorkers | undefined
  if (options.workers !== false)
    workers = await startWorkers(config, { tickEveryMs: 500, ...options.workerOptions, database: app.database })
  if (options.listen) await app.listen({ port, host: '127.0.0.1' })
  t.teardown(async () => {
    await workers?.close()
    await app.close()
    await smtp.close()
    await database.drop()
    const redis = new Redis(TEST_REDIS_URL)
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
  })
  const factories = createFactories(app.db)
  const school = await factories.makeSchool()
  return { app, config, url: config.publicUrl, mail: smtp, school, prefix, ...factories }
}
export type TestContext = Awaited<ReturnType<typeof setup>>
