import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.ts'
import type { InstanceSecrets } from '../../instance.ts'
import profileRoutes from '../profile/profile.routes.ts'
import { createProfileService } from '../profile/profile.service.ts'
import authRoutes from './auth.routes.ts'
import { createAuthService } from './auth.service.ts'

/** Sign-in (magic links, invitations, passwords), sessions, first-school setup and the profile. */
export default async function authModule(app: FastifyInstance, opts: { config: Config; secrets: InstanceSecrets }) {
  const service = createAuthService({
    db: app.db,
    redis: app.redis,
    jobs: app.jobs,
    secret: opts.secrets.sessionSecret,
    publicUrl: opts.config.publicUrl,
    redisPrefix: opts.config.redisPrefix,
    signInLimit: opts.config.signInLimit,
  })
  const profile = createProfileService({ db: app.db })
  // On a first start with no school, print the one-time link that creates it.
  app.addHook('onListen', async () => {
    const url = await service.createSetupLink()
    if (url) {
      app.log.info({ url }, 'no school yet: setup link printed')
      console.log(`\n  Create the first school / Creu'r ysgol gyntaf:\n  ${url}\n  (valid 24 hours, once / yn ddilys am 24 awr, unwaith)\n`)
    }
  })
  await app.register(authRoutes, { service, profile })
  await app.register(profileRoutes, { service: profile })
}
