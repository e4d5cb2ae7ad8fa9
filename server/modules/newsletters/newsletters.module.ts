import type { FastifyInstance } from 'fastify'
import type { InstanceSecrets } from '../../instance.ts'
import newsletterAttachmentsRoutes from './newsletter-attachments.routes.ts'
import newsletterPageRoutes from './newsletter-page.routes.ts'
import newslettersRoutes from './newsletters.routes.ts'
import { createNewslettersService } from './newsletters.service.ts'
import reachRoutes from './reach.routes.ts'
import { createReachService } from './reach.ts'
import { createReadingService } from './reading.ts'

/** Newsletters and announcements: compose, schedule, send, read, and who was reached (see README). */
export default async function newslettersModule(app: FastifyInstance, opts: { secrets: InstanceSecrets }) {
  const clock = () => new Date()
  const service = createNewslettersService({ db: app.db, clock, kick: () => app.outbox.kick() })
  const reading = createReadingService({ db: app.db, secret: opts.secrets.sessionSecret, clock })
  const reach = createReachService({
    db: app.db,
    clock,
    kick: () => app.outbox.kick(),
    secret: opts.secrets.sessionSecret,
    load: service.load,
  })
  await app.register(newslettersRoutes, { prefix: '/api/schools/:schoolId', service, reading })
  await app.register(newsletterAttachmentsRoutes, { prefix: '/api/schools/:schoolId', service, db: app.db })
  await app.register(reachRoutes, { prefix: '/api/schools/:schoolId', reach })
  await app.register(newsletterPageRoutes, { reading })
}
