import type { Agent } from 'node:https'
import { type Job, Worker } from 'bullmq'
import pino from 'pino'
import type { Config } from '../server/config.ts'
import { createDatabase, type Database } from '../server/db/database.ts'
import { ensureInstanceSecrets } from '../server/instance.ts'
import { redactJobError } from '../server/jobs/job-errors.ts'
import { type OutboxRelay, startOutboxRelay } from '../server/jobs/outbox.ts'
import { createJobs } from '../server/jobs/queues.ts'
import { createRealtimePublisher } from '../server/jobs/realtime.ts'
import { createFamiliesService } from '../server/modules/families/families.service.ts'
import { notifyUnreadMessages } from '../server/modules/messaging/notify-unread.ts'
import { type FanOutDeps, fanOutNewsletter, recoverNewsletterSends } from '../server/modules/newsletters/fan-out-newsletter.ts'
import { deliverNotification, deliverNotifications } from '../server/modules/notifications/deliver-notification.ts'
import { createDeliverySettler } from '../server/modules/notifications/delivery-settler.ts'
import { dispatchNotification, dispatchNotifications } from '../server/modules/notifications/dispatch-notification.ts'
import { runNotificationTick, sendDigest } from '../server/modules/notifications/notification-tick.ts'
import type { PipelineDeps } from '../server/modules/notifications/pipeline.ts'
import { cachedSchoolNames } from '../server/modules/notifications/school-names.ts'
import { createSendPermits } from '../server/modules/notifications/send-permits.ts'
import { retentionDefaults } from '../server/modules/retention/periods.ts'
import { runRetention } from '../server/modules/retention/run-retention.ts'
import { createPresence } from '../server/presence.ts'
import { connectRedis } from '../server/redis.ts'
import { createI18n } from '../shared/i18n.ts'
import { JOB_QUEUE, JOBS, type JobName, QUEUES, type QueueName } from '../shared/jobs.ts'
import { createMailer } from './mailer.ts'
import { createPushSender } from './push-sender.ts'
import { type JobOutcome, sendInvitationEmail, sendSignInEmail } from './send-email.job.ts'

export interface RunningWorkers {
  close(): Promise<void>
}

type Handler = (job: Job) => Promise<JobOutcome>

export interface WorkerOptions {
  /** Share the app's database (one process running everything); otherwise the workers open their own. */
  database?: Database
  /** The time the notification jobs see (quiet hours, digests); tests move it. */
  clock?: () => Date
  /** HTTPS agent for push services (tests trust their own self-signed endpoint with it). */
  pushAgent?: Agent
  /** How often held deliveries and digests are checked (default 10 s). */
  tickEveryMs?: number
  /** How often the outbox is polled (default 250 ms). */
  relayEveryMs?: number
}

/** The last try of a job: a transient failure now is final. */
const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1)

/**
 * Starts one BullMQ worker per queue. Every job name in shared/jobs.ts must have a handler here:
 * start-up refuses otherwise, so a job can never sit in a queue nobody serves.
 */
export async function startWorkers(config: Config, options: WorkerOptions = {}): Promise<RunningWorkers> {
  const log = pino({ level: config.logLevel, name: 'workers' })
  const realtimeRedis = await connectRedis(config.redisUrl)
  const database = options.database ?? createDatabase(config)
  const ownsDatabase = !options.database
  await database.migrate()
  const secrets = await ensureInstanceSecrets(database.db, config)
  const i18n = await createI18n('cy', false)
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dkim: config.dkim,
    log: (msg, data) => log.info(data, msg),
  })
  const emailDeps = { db: database.db, i18n, mailer, secret: secrets.sessionSecret, publicUrl: config.publicUrl }

  const jobs = createJobs({ url: config.redisUrl }, config.redisPrefix)
  const families = createFamiliesService({ db: database.db, jobs })
  const pipeline: PipelineDeps = {
    db: database.db,
    i18n,
    jobs,
    realtime: createRealtimePublisher(realtimeRedis, config.redisPrefix),
    email: mailer,
    push: createPushSender({ vapid: secrets.vapid, subject: config.vapidSubject, agent: options.pushAgent }),
    secret: secrets.sessionSecret,
    publicUrl: config.publicUrl,
    clock: options.clock ?? (() => new Date()),
    settle: createDeliverySettler(database.db),
    leaseMs: config.jobStalledSeconds * 1000,
    sendPermits: createSendPermits(config.notificationConcurrency),
    schoolNames: cachedSchoolNames(database.db),
  }
  const presence = createPresence(realtimeRedis, config.redisPrefix)
  let relay: OutboxRelay | undefined
  const fanOut: FanOutDeps = {
    db: database.db,
    clock: pipeline.clock,
    secret: secrets.sessionSecret,
    realtime: pipeline.realtime,
    jobs,
    kick: () => relay?.kick(),
    i18n,
    schoolNames: pipeline.schoolNames,
  }
  const handlers: Record<JobName, Handler> = {
    [JOBS.signInEmail]: (job) => sendSignInEmail(emailDeps, job.data),
    [JOBS.invitationEmail]: (job) => sendInvitationEmail(emailDeps, job.data),
    [JOBS.importFamilies]: (job) => families.applyImport(job.data.importId, (processed, total) => job.updateProgress({ processed, total })),
    [JOBS.dispatchNotification]: (job) => dispatchNotification(pipeline, job.data.notificationId),
    [JOBS.dispatchNotifications]: (job) => dispatchNotifications(pipeline, job.data.notificationIds),
    [JOBS.deliverNotification]: (job) =>
      deliverNotification(pipeline, job.data.deliveryId, { id: job.id as string, lastAttempt: isLastAttempt(job) }),
    [JOBS.deliverNotifications]: (job) => deliverNotifications(pipeline, job.data.deliveryIds, job.id as string),
    [JOBS.notificationTick]: async () => {
      const { released, digests } = await runNotificationTick(pipeline)
      return released + digests > 0 ? 'success' : 'skipped'
    },
    [JOBS.sendDigest]: (job) => sendDigest(pipeline, job.data.userId, job.data.date),
    [JOBS.notifyUnreadMessages]: async () => {
      const notified = await notifyUnreadMessages({
        db: database.db,
        clock: pipeline.clock,
        isConnected: (userId) => presence.isConnected(userId),
        recheckMs: config.unreadNotifySeconds * 1000,
      })
      return notified > 0 ? 'success' : 'skipped'
    },
    [JOBS.sendNewsletter]: (job) =>
      fanOutNewsletter(fanOut, job.data.newsletterId, job.data.revision, (done, total) => job.updateProgress({ done, total })),
    [JOBS.newsletterTick]: async () => ((await recoverNewsletterSends(fanOut)) > 0 ? 'success' : 'skipped'),
    [JOBS.retentionDaily]: async (job) => {
      const results = await runRetention(
        { db: database.db, defaults: retentionDefaults(config) },
        { now: pipeline.clock(), onProgress: (progress) => job.updateProgress(progress) },
      )
      return results.some((r) => Object.values(r.counts).some((n) => n > 0)) ? 'success' : 'skipped'
    },
  }
  for (const name of Object.values(JOBS)) {
    if (!handlers[name]) throw new Error(`job ${name} has no handler`)
  }

  const workers = (Object.values(QUEUES) as QueueName[]).map((queue) => {
    const worker = new Worker(
      queue,
      async (job) => {
        const handler = handlers[job.name as JobName]
        if (!handler || JOB_QUEUE[job.name as JobName] !== queue) throw new Error(`no handler for job ${job.name} on ${queue}`)
        let outcome: JobOutcome
        try {
          outcome = await handler(job)
        } catch (err) {
          throw redactJobError(err)
        }
        const periodic = job.name === JOBS.notificationTick || job.name === JOBS.notifyUnreadMessages || job.name === JOBS.newsletterTick
        if (!periodic || outcome === 'success') log.info({ queue, job: job.name, id: job.id, outcome }, 'job done')
        return outcome
      },
      {
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.redisPrefix,
        concurrency:
          queue === QUEUES.notifications
            ? config.notificationConcurrency
            : queue === QUEUES.newsletters
              ? 2
              : queue === QUEUES.maintenance
                ? 1
                : 5,
        lockDuration: config.jobStalledSeconds * 1000,
        stalledInterval: config.jobStalledSeconds * 1000,
      },
    )
    worker.on('failed', (job, err) => log.warn({ queue, job: job?.name, id: job?.id, err: err.message }, 'job failed'))
    worker.on('error', (err) => log.warn({ queue, err: err.message }, 'worker error'))
    return worker
  })
  await Promise.all(workers.map((w) => w.waitUntilReady()))
  await jobs
    .queue(QUEUES.notifications)
    .upsertJobScheduler('notification-tick', { every: options.tickEveryMs ?? 10_000 }, { name: JOBS.notificationTick, data: {} })
  await jobs
    .queue(QUEUES.notifications)
    .upsertJobScheduler('messaging-unread-tick', { every: options.tickEveryMs ?? 10_000 }, { name: JOBS.notifyUnreadMessages, data: {} })
  await jobs
    .queue(QUEUES.newsletters)
    .upsertJobScheduler('newsletter-tick', { every: options.tickEveryMs ?? 10_000 }, { name: JOBS.newsletterTick, data: {} })
  // Nightly at 02:30 UK time. Every worker process upserts the same scheduler, and BullMQ makes
  // one job per scheduled moment under an id derived from it, so the run happens once.
  await jobs
    .queue(QUEUES.maintenance)
    .upsertJobScheduler(
      'retention-daily',
      { pattern: '30 2 * * *', tz: 'Europe/London' },
      { name: JOBS.retentionDaily, data: {}, opts: { attempts: 3 } },
    )
  relay = startOutboxRelay({
    db: database.db,
    jobs,
    intervalMs: options.relayEveryMs ?? 250,
    onError: (err) => log.warn({ err: err.message }, 'outbox relay: will retry'),
  })

  return {
    /** Lets running jobs finish, then closes connections. */
    async close() {
      await relay?.stop()
      await Promise.all(workers.map((w) => w.close()))
      realtimeRedis.disconnect()
      await jobs.close()
      mailer.close()
      if (ownsDatabase) await database.close()
    },
  }
}
