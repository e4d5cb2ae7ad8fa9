import type { FastifyInstance } from 'fastify'
import { createEngagementService } from '../engagement/engagement.service.ts'
import privacyRoutes from './privacy.routes.ts'
import { createPrivacyService } from './privacy.service.ts'

/** Subject access exports (UK GDPR art. 15) of a family's data: JSON and a readable page (see README). */
export default async function privacyModule(app: FastifyInstance) {
  const clock = () => new Date()
  // Families are found the engagement module's way (union-find over guardian links), through its service.
  const engagement = createEngagementService({ db: app.db, clock })
  const service = createPrivacyService({ db: app.db, clock, engagement })
  await app.register(privacyRoutes, { service })
}
