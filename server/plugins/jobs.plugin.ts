import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createJobs, type Jobs } from '../jobs/queues.ts'

export type { Jobs }

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs
  }
}

export default fp(
  async (app: FastifyInstance, opts: { redisUrl: string; prefix: string }) => {
    const jobs = createJobs({ url: opts.redisUrl }, opts.prefix)
    app.decorate('jobs', jobs)
    app.addHook('onClose', async () => {
      await jobs.close()
    })
  },
  { name: 'jobs' },
)
