import type { FastifyInstance } from 'fastify'
import schoolsRoutes from './schools.routes.ts'
import { createSchoolsService } from './schools.service.ts'

/** Classes, staff and class teachers of one school. */
export default async function schoolsModule(app: FastifyInstance) {
  await app.register(schoolsRoutes, { service: createSchoolsService({ db: app.db }) })
}
