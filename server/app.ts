import helmet from '@fastify/helmet'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config.ts'
import { createDatabase, type Database } from './db/database.ts'
import { ensureInstanceSecrets } from './instance.ts'
import authModule from './modules/auth/auth.module.ts'
import engagementModule from './modules/engagement/engagement.module.ts'
import familiesModule from './modules/families/families.module.ts'
import forumModule from './modules/forum/forum.module.ts'
import healthRoutes from './modules/health/health.routes.ts'
import messagingModule from './modules/messaging/messaging.module.ts'
import newslettersModule from './modules/newsletters/newsletters.module.ts'
import notificationsModule from './modules/notifications/notifications.module.ts'
import privacyModule from './modules/privacy/privacy.module.ts'
import retentionModule from './modules/retention/retention.module.ts'
import schoolsModule from './modules/schools/schools.module.ts'
import authPlugin from './plugins/auth.plugin.ts'
import dbPlugin from './plugins/db.plugin.ts'
import docsPlugin from './plugins/docs.plugin.ts'
import errorsPlugin from './plugins/errors.plugin.ts'
import i18nPlugin from './plugins/i18n.plugin.ts'
import ioPlugin from './plugins/io.plugin.ts'
import jobsPlugin from './plugins/jobs.plugin.ts'
import metricsPlugin from './plugins/metrics.plugin.ts'
import redisPlugin from './plugins/redis.plugin.ts'
import refusalsPlugin from './plugins/refusals.plugin.ts'
import webPlugin from './plugins/web.plugin.ts'
import { connectRedis } from './redis.ts'

export type App = FastifyInstance

/**
 * Builds the HTTP + Socket.IO app: connects Redis (failing fast), opens and migrates the
 * database, then loads cross-cutting plugins, then modules, then the web app.
 */
export async function buildApp(config: Config, options: { database?: Database } = {}): Promise<App> {
  const redis = await connectRedis(config.redisUrl)
  const database = options.database ?? createDatabase(config)
  try {
    await database.migrate()
  } catch (err) {
    redis.disconnect()
    await database.close().catch(() => {})
    throw err
  }
  const secrets = await ensureInstanceSecrets(database.db, config)

  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    trustProxy: true,
    bodyLimit: 8 * 1024 * 1024,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
      },
    },
  })
  await app.register(dbPlugin, { database })
  await app.register(redisPlugin, { redis })
  await app.register(authPlugin, { publicUrl: config.publicUrl, sessionSecret: secrets.sessionSecret })
  await app.register(i18nPlugin)
  await app.register(errorsPlugin)
  await app.register(refusalsPlugin)
  await app.register(jobsPlugin, { redisUrl: config.redisUrl, prefix: config.redisPrefix })
  await app.register(ioPlugin, { redisUrl: config.redisUrl, publicUrl: config.publicUrl, prefix: config.redisPrefix })
  await app.register(metricsPlugin)
  await app.register(docsPlugin, { publicUrl: config.publicUrl })

  await app.register(healthRoutes)
  await app.register(authModule, { prefix: '/api', config, secrets })
  await app.register(schoolsModule, { prefix: '/api/schools/:schoolId' })
  await app.register(familiesModule, { prefix: '/api/schools/:schoolId/imports' })
  await app.register(notificationsModule, { config, secrets })
  await app.register(messagingModule, { config })
  await app.register(newslettersModule, { secrets })
  await app.register(forumModule, { config })
  await app.register(engagementModule, { secrets })
  await app.register(privacyModule)
  await app.register(retentionModule, { config })
  await app.register(webPlugin)
  return app
}
