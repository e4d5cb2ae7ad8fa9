import { type Job, Worker } from 'bullmq'
import pino from 'pino'
import type { Config } from '../server/config.ts'
import { createDatabase, type Database } from '../server/db/database.ts'
import { ensureInstanceSecrets } from '../server/instance.ts'
import { createJobs } from '../server/jobs/queues.ts'
import { createFamiliesService } from '../server/modules/families/families.service.ts'
import { connectRedis } from '../server/redis.ts'
import { createI18n } from '../shared/i18n.ts'
import { JOB_QUEUE, JOBS, type JobName, QUEUES, type QueueName } from '../shared/jobs.ts'
import { createMailer } from './mailer.ts'
import { type JobOutcome, sendInvitationEmail, sendSignInEmail } from './send-email.job.ts'

export interface RunningWorkers {
  close(): Promise<void>
}

type Handler = (job: Job) => Promise<JobOutcome>

/**
 * Starts one BullMQ worker per queue. Every job name in shared/jobs.ts must have a handler here:
 * start-up refuses otherwise, so a job can never sit in a queue nobody serves.
 */
export async function startWorkers(config: Config, options: { database?: Database } = {}): Promise<RunningWorkers> {
  const log = pino({ level: config.logLevel, name: 'workers' })
  const probe = await connectRedis(config.redisUrl)
  probe.disconnect()
  const database = options.database ?? createDatabase(config)
  const ownsDatabase = !options.database
  await database.migrate()
  const secrets = await ensureInstanceSecrets(database.db, config)
  const i18n = await createI18n('cy', false)
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: (msg, data) => log.info(data, msg) })
  const emailDeps = { db: database.db, i18n, mailer, secret: secrets.sessionSecret, publicUrl: config.publicUrl }

  const jobs = createJobs({ url: config.redisUrl }, config.redisPrefix)
  const families = createFamiliesService({ db: database.db, jobs })
  const handlers: Record<JobName, Handler> = {
    [JOBS.signInEmail]: (job) => sendSignInEmail(emailDeps, job.data),
    [JOBS.invitationEmail]: (job) => sendInvitationEmail(emailDeps, job.data),
    [JOBS.importFamilies]: (job) => families.applyImport(job.data.importId, (processed, total) => job.updateProgress({ processed, total })),
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
        const outcome = await handler(job)
        log.info({ queue, job: job.name, id: job.id, outcome }, 'job done')
        return outcome
      },
      { connection: { url: config.redisUrl, maxRetriesPerRequest: null }, prefix: config.redisPrefix, concurrency: 5 },
    )
    worker.on('failed', (job, err) => log.warn({ queue, job: job?.name, id: job?.id, err: err.message }, 'job failed'))
    worker.on('error', (err) => log.warn({ queue, err: err.message }, 'worker error'))
    return worker
  })
  await Promise.all(workers.map((w) => w.waitUntilReady()))

  return {
    /** Lets running jobs finish, then closes connections. */
    async close() {
      await Promise.all(workers.map((w) => w.close()))
      await jobs.close()
      mailer.close()
      if (ownsDatabase) await database.close()
    },
  }
}
