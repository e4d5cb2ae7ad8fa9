/**
 * `npm run bench -- notifications`: notification throughput against raw baselines in the same run.
 *
 * Email: the real pipeline (requestNotifications in a transaction, outbox relay, BullMQ dispatch
 * and deliver jobs, pooled nodemailer in startWorkers) against raw nodemailer with the same pool
 * (pooled SMTP, same maxConnections) sending the same rendered emails at the same concurrency.
 * Push: the pipeline against a raw web-push sendNotification loop (same VAPID keys, payloads,
 * options, agent and concurrency). Both modes send to the same local sinks (local-services.ts).
 * Pipeline time runs from the commit of the requesting transaction until the sink has counted
 * every message. Email and push use separate recipients, so each phase sends one channel. Each
 * channel has a warm-up, then rounds alternating raw and pipeline; the table shows the median
 * round and the median of the rounds' ratios.
 * Everything runs in a scratch database (see scratch-database.ts) and a Redis prefix of its own,
 * both removed at the end.
 *
 * Environment: BENCH_NOTIFICATIONS (default 2000 per mode and round), BENCH_ROUNDS (default 5),
 * NOTIFICATION_CONCURRENCY (default
 * 20, the worker's and the baselines'), BENCH_SMTP_CONNECTIONS (default 5, both pools),
 * BENCH_DATABASE_URL (the server to make the scratch database on; default the tests' one),
 * BENCH_REDIS_URL.
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { Redis } from 'ioredis'
import nodemailer from 'nodemailer'
import webpush from 'web-push'
import type { Config } from '../server/config.ts'
import { loadConfig } from '../server/config.ts'
import { createDatabase, type Db } from '../server/db/database.ts'
import { schools } from '../server/db/schema.ts'
import { ensureInstanceSecrets } from '../server/instance.ts'
import { type OutboxRelay, startOutboxRelay } from '../server/jobs/outbox.ts'
import { createJobs, type Jobs } from '../server/jobs/queues.ts'
import { requestNotifications } from '../server/modules/notifications/notify.ts'
import { createI18n } from '../shared/i18n.ts'
import { QUEUES } from '../shared/jobs.ts'
import { type RunningWorkers, startWorkers } from '../workers/start-workers.ts'
import { type LocalServices, type SinkChannel, startLocalServices } from './local-services.ts'
import { baselineEmail, baselinePush, CATEGORY, KIND, makeRecipients, PATH, type Recipient } from './notification-recipients.ts'
import { printTable, type Row } from './ratio-table.ts'
import { createScratchDatabase } from './scratch-database.ts'

/** Midday in London: outside parents' default quiet hours (21:00-07:00), whenever the bench runs. */
const NOON = new Date('2026-11-23T12:00:00Z')
const GOALS: Record<SinkChannel, number> = { email: 0.8, push: 0.7 }

/** Runs `send` over `items` with at most `concurrency` in flight, like a worker with that concurrency. */
async function inParallel<T>(items: T[], concurrency: number, send: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await send(items[next++] as T)
    }),
  )
}

async function timed(sink: LocalServices, channel: SinkChannel, count: number, start: () => Promise<unknown>): Promise<number> {
  await sink.reset()
  const started = performance.now()
  await start()
  await sink.waitFor(channel, count)
  return performance.now() - started
}

interface Setup {
  count: number
  warmup: number
  rounds: number
  config: Config
  db: Db
  sink: LocalServices
  school: { id: string; nameCy: string; nameEn: string }
  relay: OutboxRelay
  jobs: Jobs
  /** Per pipeline round: ms from the commit until the sink had the first message. */
  firstSent: Record<SinkChannel, number[]>
}

/** Waits until the notification queue has nothing waiting or running (the last jobs record their outcome). */
async function settle(jobs: Jobs) {
  const queue = jobs.queue(QUEUES.notifications)
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized')
    if (Object.values(counts).every((n) => n === 0)) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** One notification per recipient through the whole pipeline; ms from the commit until the sink has them all. */
async function throughPipeline(s: Setup, channel: SinkChannel, recipients: Recipient[]): Promise<number> {
  await s.sink.reset()
  await s.db.transaction((tx) =>
    requestNotifications(tx, { schoolId: s.school.id, userIds: recipients.map((r) => r.id), category: CATEGORY, kind: KIND, path: PATH }),
  )
  // The clock starts at the commit, when a feature's request returns to its caller; then the
  // server kicks its relay, as notifications.service does.
  const started = performance.now()
  s.relay.kick()
  await s.sink.waitFor(channel, 1)
  s.firstSent[channel].push(performance.now() - started)
  await s.sink.waitFor(channel, recipients.length)
  const ms = performance.now() - started
  await settle(s.jobs)
  return ms
}

/**
 * Raw and pipeline of one channel: one warm-up each, then rounds that alternate raw and
 * pipeline, so that load from anything else on the machine falls on both alike.
 */
async function compare(
  s: Setup,
  channel: SinkChannel,
  raw: { mode: string; send: (first: number) => Promise<unknown> },
  recipients: Recipient[],
): Promise<Row[]> {
  const rawRow: Row = { mode: raw.mode, count: s.count, rounds: [] }
  const pipelineRow: Row = { mode: `${channel.padEnd(5)}  pipeline`, count: s.count, rounds: [], baseline: rawRow, goal: GOALS[channel] }
  await timed(s.sink, channel, s.warmup, () => raw.send(s.warmup))
  await throughPipeline(s, channel, recipients.slice(0, s.warmup))
  for (let round = 0; round < s.rounds; round++) {
    rawRow.rounds.push(await timed(s.sink, channel, s.count, () => raw.send(s.count)))
    pipelineRow.rounds.push(await throughPipeline(s, channel, recipients))
  }
  return [rawRow, pipelineRow]
}

/** Both channels, with their own recipients, so that each phase sends on one channel only. */
async function measure(s: Setup): Promise<Row[]> {
  const { config, db, sink, count } = s
  const concurrency = config.notificationConcurrency
  const i18n = await createI18n('cy', false)
  const secrets = await ensureInstanceSecrets(db, config)
  const render = { i18n, school: s.school, publicUrl: config.publicUrl, secret: secrets.sessionSecret, from: config.mailFrom }
  const mailed = await makeRecipients(db, { schoolId: s.school.id, count, emailPrefix: 'bench-email' })
  const pushed = await makeRecipients(db, { schoolId: s.school.id, count, emailPrefix: 'bench-push', pushEndpoint: sink.pushEndpoint })

  // Email: raw nodemailer, pooled exactly as workers/mailer.ts pools (pool=true, same maxConnections).
  const smtpUrl = new URL(config.smtpUrl as string)
  smtpUrl.searchParams.set('pool', 'true')
  const transport = nodemailer.createTransport(smtpUrl.toString())
  const emails = mailed.map((r) => baselineEmail(render, r))
  const email = await compare(
    s,
    'email',
    { mode: 'email  raw nodemailer', send: (first) => inParallel(emails.slice(0, first), concurrency, (m) => transport.sendMail(m)) },
    mailed,
  )
  transport.close()

  // Push: raw web-push with the instance's VAPID keys, the same options and the workers' agent.
  const vapidDetails = { subject: config.vapidSubject, ...secrets.vapid }
  const pushes = pushed.map((r) => ({ device: r.device as NonNullable<Recipient['device']>, ...baselinePush(render, r) }))
  const sendPush = ({ device, payload, options }: (typeof pushes)[number]) =>
    webpush.sendNotification({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, payload, {
      vapidDetails,
      TTL: options.ttl,
      urgency: options.urgency,
      topic: options.topic,
      contentEncoding: 'aes128gcm',
      timeout: 10_000,
      agent: sink.pushAgent,
    })
  const push = await compare(
    s,
    'push',
    { mode: 'push   raw web-push', send: (first) => inParallel(pushes.slice(0, first), concurrency, sendPush) },
    pushed,
  )
  return [...email, ...push]
}

/** Runs the notification bench and prints its ratios. */
export async function benchNotifications(): Promise<void> {
  const count = Number(process.env.BENCH_NOTIFICATIONS ?? 2000)
  const warmup = Math.min(100, count)
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
  const smtpConnections = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 5)
  const run = randomUUID().slice(0, 8)
  const prefix = `bench-${run}`
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const scratch = await createScratchDatabase(server, `cyswllt_bench_${run}`)
  const sink = await startLocalServices()
  const config = loadConfig({
    DATABASE_URL: scratch.url,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    SMTP_URL: `${sink.smtpUrl}?maxConnections=${smtpConnections}`,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    NOTIFICATION_CONCURRENCY: process.env.NOTIFICATION_CONCURRENCY,
  })
  const database = createDatabase(config)
  const jobs = createJobs({ url: config.redisUrl }, prefix)
  let workers: RunningWorkers | undefined
  let relay: OutboxRelay | undefined
  try {
    await database.migrate()
    const [school] = await database.db
      .insert(schools)
      .values({ nameCy: `Ysgol Meincnod ${run}`, nameEn: `Bench School ${run}` })
      .returning()
    if (!school) throw new Error('no school')
    // Workers are another process in production: they open their own database pool.
    workers = await startWorkers(config, { clock: () => NOON, pushAgent: sink.pushAgent })
    // What a server process does (notifications.module.ts): a relay it kicks after its commit; the workers' relay only polls.
    relay = startOutboxRelay({ db: database.db, jobs, intervalMs: 2000, onError: (err) => console.error(`outbox relay: ${err.message}`) })
    const load = loadavg()[0] as number
    const firstSent: Setup['firstSent'] = { email: [], push: [] }
    const rows = await measure({ count, warmup, rounds, config, db: database.db, sink, school, relay, jobs, firstSent })
    printTable(
      [
        `notifications: ${count} per mode and round; ${rounds} rounds alternating raw and pipeline, after a warm-up of ${warmup}`,
        `  concurrency ${config.notificationConcurrency}, SMTP pool of ${smtpConnections} connections; ` +
          `PostgreSQL ${server.replace(/\/\/[^@]*@/, '//').replace(/\/[^/]*$/, '')} (scratch database), Redis ${config.redisUrl}`,
        `  ${availableParallelism()} CPUs, load average ${load.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after; ` +
          "seconds and per second: the median round; ratio: the median of the rounds' ratios",
      ].join('\n'),
      rows,
    )
    // The pipeline's fixed start-up cost (relay, dispatch, the first claim): ms before the first send arrives.
    for (const channel of ['email', 'push'] as const) {
      const firsts = firstSent[channel].slice(1)
      console.log(`  ${channel} pipeline: first message at the sink ${firsts.map((ms) => ms.toFixed(0)).join(', ')} ms after the commit`)
    }
  } finally {
    await relay?.stop()
    await workers?.close()
    await jobs.close()
    await database.close()
    await scratch.drop()
    const redis = new Redis(config.redisUrl)
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
    await sink.close()
  }
}
