import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.ts'
import { retentionDefaults } from './periods.ts'
import retentionRoutes from './retention.routes.ts'
import { createRetentionService } from './retention.service.ts'

/** Data retention: periods per school and category, safeguarding holds (see README). */
export default async function retentionModule(app: FastifyInstance, opts: { config: Config }) {
  const retention = createRetentionService({ db: app.db, defaults: retentionDefaults(opts.config), clock: () => new Date() })
  await app.register(retentionRoutes, { prefix: '/api/schools/:schoolId', retention })
}
