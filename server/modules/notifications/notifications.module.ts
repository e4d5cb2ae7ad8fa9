import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.ts'
import type { InstanceSecrets } from '../../instance.ts'
import deliveriesRoutes from './deliveries.routes.ts'
import notificationsRoutes from './notifications.routes.ts'
import { createNotificationsService } from './notifications.service.ts'
import queuesBoard from './queues-board.ts'
import unsubscribeRoutes from './unsubscribe.routes.ts'

/**
 * Notifications: preferences, the in-app list, push devices, unsubscribe links, failed
 * deliveries and the queue board. The sending itself runs in the workers (see README).
 */
export default async function notificationsModule(app: FastifyInstance, opts: { config: Config; secrets: InstanceSecrets }) {
  const service = createNotificationsService({
    db: app.db,
    i18n: app.i18n,
    kick: () => app.outbox.kick(),
    secret: opts.secrets.sessionSecret,
    vapidPublicKey: opts.secrets.vapid.publicKey,
  })
  await app.register(notificationsRoutes, { prefix: '/api', service, redisPrefix: opts.config.redisPrefix })
  await app.register(deliveriesRoutes, { prefix: '/api/schools/:schoolId', service })
  await app.register(unsubscribeRoutes, { service })
  await app.register(queuesBoard)
}
