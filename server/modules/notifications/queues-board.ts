import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance } from 'fastify'
import { QUEUES, type QueueName } from '../../../shared/jobs.ts'
import { forbidden, unauthenticated } from '../../errors.ts'

/**
 * Bull Board at /admin/queues for admins. Queues serve every school of the installation, so the
 * board is read-only: an admin of one school may look (jobs carry ids only, and a failed job's
 * reason and stack have no address or link: server/jobs/job-errors.ts), not retry or delete
 * another school's jobs; failed deliveries are retried from the school's own list.
 */
export default async function queuesBoard(app: FastifyInstance) {
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath('/admin/queues')
  createBullBoard({
    queues: (Object.values(QUEUES) as QueueName[]).map((name) => new BullMQAdapter(app.jobs.queue(name), { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Cyswllt' } },
  })
  app.addHook('onRequest', async (request) => {
    if (!request.actor) throw unauthenticated()
    const isAdmin = [...request.actor.roles.values()].some((roles) => roles.includes('admin'))
    if (!isAdmin) throw forbidden()
  })
  await app.register(serverAdapter.registerPlugin(), { prefix: '/admin/queues' })
}
