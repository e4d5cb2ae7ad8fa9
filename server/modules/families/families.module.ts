import type { FastifyInstance } from 'fastify'
import familiesRoutes from './families.routes.ts'
import { createFamiliesService } from './families.service.ts'

/** Families from the school's MIS: CSV checks, imports with progress, upserts by external refs. */
export default async function familiesModule(app: FastifyInstance) {
  await app.register(familiesRoutes, { service: createFamiliesService({ db: app.db, jobs: app.jobs }) })
}
