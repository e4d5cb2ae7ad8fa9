import type { FastifyInstance } from 'fastify'
import { rooms } from '../../../shared/realtime.ts'
import type { Config } from '../../config.ts'
import { overRateLimit } from '../../rate-limit.ts'
import attachmentsRoutes from './attachments.routes.ts'
import { createAttachmentsService } from './attachments.ts'
import { createMessageReportsService } from './message-reports.ts'
import messagingRoutes from './messaging.routes.ts'
import { createMessagingService } from './messaging.service.ts'
import { registerMessagingSockets } from './messaging.sockets.ts'
import type { ToUsers } from './messaging-deps.ts'
import officeHoursRoutes from './office-hours.routes.ts'
import { createOfficeHoursService } from './office-hours.service.ts'
import safeguardingRoutes from './safeguarding.routes.ts'

/** Messaging: conversations, messages, receipts and typing, over HTTP and Socket.IO (see README). */
export default async function messagingModule(app: FastifyInstance, opts: { config: Config }) {
  const toUsers: ToUsers = (schoolId, userIds, event, ...payload) => {
    if (userIds.length === 0) return
    app.io.to(userIds.map((userId) => rooms.userInSchool(userId, schoolId))).emit(event, ...payload)
  }
  const service = createMessagingService({
    db: app.db,
    clock: () => new Date(),
    toUsers,
    unreadNotifyAfterMs: opts.config.unreadNotifySeconds * 1000,
    limitSends: (userIds) =>
      overRateLimit(
        app.redis,
        userIds.map((userId) => `${opts.config.redisPrefix}:rl:messages:${userId}`),
        opts.config.messagesPerMinute,
        60,
      ),
  })
  await app.register(messagingRoutes, { prefix: '/api/schools/:schoolId', service })
  await app.register(attachmentsRoutes, { prefix: '/api/schools/:schoolId', service: createAttachmentsService({ db: app.db }) })
  await app.register(officeHoursRoutes, { prefix: '/api/schools/:schoolId', service: createOfficeHoursService({ db: app.db }) })
  await app.register(safeguardingRoutes, {
    prefix: '/api/schools/:schoolId',
    service: createMessageReportsService({ db: app.db, clock: () => new Date() }),
  })
  registerMessagingSockets(app.io, service, app.i18n, app.log, app.db)
}
