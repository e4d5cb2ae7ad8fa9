import type { FastifyInstance } from 'fastify'
import type { InstanceSecrets } from '../../instance.ts'
import { createNewslettersService } from '../newsletters/newsletters.service.ts'
import { createReachService } from '../newsletters/reach.ts'
import { createChartsService } from './charts.ts'
import engagementRoutes from './engagement.routes.ts'
import { createEngagementService } from './engagement.service.ts'
import { createFamilyActions } from './family-actions.ts'

/** The Family Engagement Officer's workspace: families, timelines, contact log, lists, charts (see README). */
export default async function engagementModule(app: FastifyInstance, opts: { secrets: InstanceSecrets }) {
  const clock = () => new Date()
  const kick = () => app.outbox.kick()
  const engagement = createEngagementService({ db: app.db, clock })
  // Reminders go through the newsletters module's own reach service.
  const newsletters = createNewslettersService({ db: app.db, clock, kick })
  const reach = createReachService({ db: app.db, clock, kick, secret: opts.secrets.sessionSecret, load: newsletters.load })
  const family = createFamilyActions({ db: app.db, clock, engagement, reach })
  const charts = createChartsService({ db: app.db, clock, engagement })
  await app.register(engagementRoutes, { prefix: '/api/schools/:schoolId', engagement, family, charts })
}
