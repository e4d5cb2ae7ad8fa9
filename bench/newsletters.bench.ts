/**
 * `npm run bench -- newsletters`: a newsletter to a whole school of BENCH_FAMILIES families
 * (default 10,000), sent by an admin through the HTTP API (app.inject) to the real app and
 * workers in this process (buildApp and startWorkers sharing one database, as `npm start`
 * runs them, workers at their default concurrency), against a raw BullMQ addBulk of as many
 * jobs measured in the same run.
 *
 * 1. Fan-out: from the send request until every delivery row exists (in-app, email and push
 *    for each recipient), as recipients per second, over the raw addBulk's jobs per second.
 *    Goal: ratio ≥ 0.7.
 * 2. Event-loop delay of this process during that fan-out (monitorEventLoopDelay, 10 ms
 *    resolution): p50, p99, max. Goal: p99 < 50 ms.
 * 3. End to end: from the send request until the local SMTP sink (local-services.ts: counts,
 *    no parsing, in a worker thread) has every email; emails per second.
 * Afterwards, where the time went: BullMQ's records of the fan-out, dispatch and deliver jobs.
 *
 * A warm-up (a raw addBulk, a newsletter to one class), then BENCH_ROUNDS rounds (default 3)
 * alternating raw and send; each round starts from the same state (the sends' newsletters,
 * notifications and deliveries are deleted between rounds). Everything runs in a scratch
 * database and a Redis prefix of its own, both removed at the end. Environment:
 * BENCH_FAMILIES, BENCH_ROUNDS, BENCH_POLL_MS (row-count polling, default 50),
 * BENCH_DATABASE_URL (the server for the scratch database), BENCH_REDIS_URL.
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'
import { type App, buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'
import { countAudience } from '../server/modules/newsletters/audience.ts'
import { JOBS, QUEUES } from '../shared/jobs.ts'
import type { Audience, NewsletterDraft } from '../shared/schemas/newsletters.ts'
import { type RunningWorkers, startWorkers } from '../workers/start-workers.ts'
import { type LocalServices, startLocalServices } from './local-services.ts'
import { printNewsletterReport, type SendRound } from './newsletters-report.ts'
import { makeNewsletterSchool, type NewsletterSchool } from './newsletters-school.ts'
import { jobSpan, type Lag, settle, watchLag, watchRows } from './newsletters-watch.ts'
import { createScratchDatabase } from './scratch-database.ts'

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
/** Delivery rows per recipient: in-app, email and push (skipped: no device). */
const CHANNELS = 3
const TIMEOUT_MS = 600_000

interface Setup {
  app: App
  school: NewsletterSchool
  sink: LocalServices
  /** A connection of the bench's own, for polling and clearing. */
  client: pg.Client
  pollMs: number
}

function draft(audience: Audience, round: string): NewsletterDraft {
  return {
    titleCy: `Newyddion yr wythnos (${round})`,
    titleEn: `News of the week (${round})`,
    bodyCy:
      '## Taith\n\nBydd y plant yn mynd i **Sain Ffagan** ddydd Gwener. Dewch â phecyn bwyd a dillad glaw.\n\n' +
      '## Y ffair haf\n\nDiolch i bawb a helpodd gyda’r ffair: codwyd £1,240 i’r llyfrgell.\n\n- Clwb brecwast o 8:00\n- Gwersi nofio ddydd Mawrth',
    bodyEn:
      '## Trip\n\nThe children go to **St Fagans** on Friday. Please bring a packed lunch and rain clothes.\n\n' +
      '## Summer fair\n\nThank you to everyone who helped at the fair: it raised £1,240 for the library.\n\n- Breakfast club from 8:00\n- Swimming on Tuesday',
    category: 'newsletter',
    audience,
    singleLanguage: null,
    singleLanguageReason: null,
  }
}

/** A raw addBulk of `count` jobs carrying one uuid each (as a dispatch job carries ids), into a throwaway queue. */
async function rawAddBulk(queue: Queue, count: number, round: string): Promise<number> {
  const jobs = Array.from({ length: count }, (_, i) => ({
    name: 'raw',
    data: { notificationId: randomUUID() },
    opts: { jobId: `raw-${round}-${i}` },
  }))
  const started = performance.now()
  await queue.addBulk(jobs)
  const ms = performance.now() - started
  await queue.obliterate({ force: true })
  return ms
}

/** Deletes the sends' rows, so the next round starts where this one did (and polling counts stay small). */
async function clearSends(s: Setup) {
  await s.client.query('delete from newsletters where school_id = $1', [s.school.schoolId])
  await s.client.query('delete from notifications where school_id = $1', [s.school.schoolId])
  await s.client.query('delete from outbox where relayed_at is not null')
  await s.client.query('vacuum analyze notifications, deliveries, newsletter_recipients, newsletters, outbox')
}

/** Creates a newsletter as the admin, then sends it and watches it until every email has arrived. */
async function sendRound(s: Setup, audience: Audience, expected: number, round: string): Promise<SendRound> {
  const base = `/api/schools/${s.school.schoolId}/newsletters`
  const created = await s.app.inject({ method: 'POST', url: base, headers: s.school.admin, payload: draft(audience, round) })
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`)
  const id = (created.json() as { id: string }).id
  await s.sink.reset()

  const wall = Date.now()
  const t0 = performance.now()
  const notifyLag = watchLag()
  const fanOutLag = watchLag()
  const wholeLag = watchLag()
  let lagNotify: Lag | undefined
  const emailed = s.sink.waitFor('email', expected, TIMEOUT_MS).then(() => performance.now() - t0)
  const rows = watchRows(s.client, { notifications: expected, deliveries: CHANNELS * expected }, t0, {
    pollMs: s.pollMs,
    timeoutMs: TIMEOUT_MS,
    onNotified: () => {
      lagNotify = notifyLag.stop()
    },
  })
  // Handled when awaited below; these keep an early failure from counting as unhandled meanwhile.
  emailed.catch(() => {})
  rows.catch(() => {})
  const sent = await s.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: s.school.admin, payload: {} })
  const accepted = performance.now() - t0
  if (sent.statusCode !== 202) throw new Error(`send: ${sent.statusCode} ${sent.body}`)
  const moments = await rows
  const lagFanOut = fanOutLag.stop()
  const lastEmail = await emailed
  const lagWhole = wholeLag.stop()

  await settle([s.app.jobs.queue(QUEUES.notifications), s.app.jobs.queue(QUEUES.newsletters)])
  const { rows: found } = await s.client.query<{
    sent_at: Date | null
    fanned_out_at: Date | null
    recipients_count: number
    emails_sent: number
  }>(
    `select sent_at, fanned_out_at, recipients_count,
      (select count(*)::int from deliveries where channel = 'email' and status = 'sent') as emails_sent
    from newsletters where id = $1`,
    [id],
  )
  const newsletter = found[0]
  if (newsletter?.recipients_count !== expected)
    throw new Error(`expected ${expected} recipients, the newsletter has ${newsletter?.recipients_count}`)
  const since = (d: Date | null | undefined) => (d ? d.getTime() - wall : null)
  return {
    accepted,
    moments,
    lastEmail,
    // Exactly once as people see it: as many emails arrived as there are recipients, each recorded as sent.
    emails: { received: (await s.sink.counts()).email, recorded: newsletter.emails_sent },
    lagNotify: lagNotify ?? notifyLag.stop(),
    lagFanOut,
    lagWhole,
    recipientsResolved: since(newsletter.sent_at),
    fanOutFinished: since(newsletter.fanned_out_at),
    fanOutJob: await jobSpan(s.app.jobs.queue(QUEUES.newsletters), JOBS.sendNewsletter, wall),
    dispatch: await jobSpan(s.app.jobs.queue(QUEUES.notifications), JOBS.dispatchNotifications, wall),
    deliver: await jobSpan(s.app.jobs.queue(QUEUES.notifications), JOBS.deliverNotifications, wall),
  }
}

/** Runs the newsletter bench and prints its ratio, the event-loop delay, and whether each goal is met. */
export async function benchNewsletters(): Promise<void> {
  const families = setting('BENCH_FAMILIES', 10_000)
  const rounds = setting('BENCH_ROUNDS', 3)
  const pollMs = setting('BENCH_POLL_MS', 50)
  const run = randomUUID().slice(0, 8)
  const prefix = `bench-${run}`
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const scratch = await createScratchDatabase(server, `cyswllt_bench_${run}`)
  const sink = await startLocalServices()
  const config = loadConfig({
    DATABASE_URL: scratch.url,
    REDIS_URL: redisUrl,
    SMTP_URL: sink.smtpUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
  })
  let app: App | undefined
  let workers: RunningWorkers | undefined
  const client = new pg.Client({ connectionString: scratch.url })
  const raw = new Queue('bench-raw-addbulk', { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix })
  try {
    app = await buildApp(config)
    // One process running everything, as `npm start` does: the workers share the app's database.
    workers = await startWorkers(config, { database: app.database })
    await client.connect()
    process.stderr.write(`  making ${families} families\n`)
    const school = await makeNewsletterSchool(app.db, families, run)
    const s: Setup = { app, school, sink, client, pollMs }
    const whole: Audience = { kind: 'school' }
    const recipients = (await countAudience(app.db, school.schoolId, whole)).guardians
    if (recipients !== school.parents) throw new Error(`the school has ${recipients} parents, expected ${school.parents}`)

    const oneClass: Audience = { kind: 'classes', classIds: [school.classIds[0] as string] }
    await rawAddBulk(raw, Math.min(1000, recipients), 'warm-up')
    await sendRound(s, oneClass, (await countAudience(app.db, school.schoolId, oneClass)).guardians, 'warm-up')
    await clearSends(s)

    const load = loadavg()[0] as number
    const rawRounds: number[] = []
    const sends: SendRound[] = []
    for (let round = 1; round <= rounds; round++) {
      process.stderr.write(`  round ${round}/${rounds}\n`)
      rawRounds.push(await rawAddBulk(raw, recipients, String(round)))
      sends.push(await sendRound(s, whole, recipients, String(round)))
      await clearSends(s)
    }
    printNewsletterReport({
      title: [
        `newsletters: one newsletter to a whole school of ${families} families (${recipients} parents with email; ` +
          `${CHANNELS * recipients} deliveries), ${rounds} rounds alternating raw and send, after a warm-up`,
        `  app and workers in this process (notification concurrency ${config.notificationConcurrency}, SMTP pool of 5, the mailer's default); ` +
          `PostgreSQL ${server.replace(/\/\/[^@]*@/, '//').replace(/\/[^/]*$/, '')} (scratch database), Redis ${redisUrl}`,
        `  ${availableParallelism()} CPUs, load average ${load.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after; ` +
          `rows polled every ${pollMs} ms; seconds and per second: the median round; ratio: the median of the rounds' ratios`,
      ].join('\n'),
      recipients,
      rawRounds,
      sends,
    })
  } finally {
    await raw.obliterate({ force: true }).catch(() => {})
    await raw.close()
    await client.end().catch(() => {})
    await workers?.close()
    await app?.close()
    await scratch.drop()
    const redis = new Redis(redisUrl)
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length > 0) await redis.del(...keys)
    redis.disconnect()
    await sink.close()
  }
}
