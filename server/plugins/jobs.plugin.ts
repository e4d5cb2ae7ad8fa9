import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { type OutboxRelay, startOutboxRelay } from '../jobs/outbox.ts'
import { createJobs, type Jobs } from '../jobs/queues.ts'

export type { Jobs }

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs
    /** The server's outbox relay: `kick()` after a commit that wrote outbox rows moves them at once. */
    outbox: Pick<OutboxRelay, 'kick'>
  }
}

/**
 * BullMQ queues, and the relay that moves outbox rows to them. The server relays its own rows
 * right after each commit (modules call `app.outbox.kick()`); the workers poll as well.
 */
export default fp(
  async (app: FastifyInstance, opts: { redisUrl: string; prefix: string }) => {
    const jobs = createJobs({ url: opts.redisUrl }, opts.prefix)
    app.decorate('jobs', jobs)
    const relay = startOutboxRelay({
      db: app.db,
      jobs,
      intervalMs: 2000,
      onError: (err) => app.log.warn({ err: err.message }, 'outbox relay: will retry'),
    })
    app.decorate('outbox', { kick: () => relay.kick() })
    app.addHook('onClose', async () => {
      await relay.stop()
      await jobs.close()
    })
  },
  { name: 'jobs', dependencies: ['db'] },
)
