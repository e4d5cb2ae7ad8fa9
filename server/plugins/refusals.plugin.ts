import { inArray } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { schools } from '../db/schema.ts'
import { AppError, OutsideSchoolError } from '../errors.ts'
import { recordAudit } from '../modules/audit/audit.repository.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Writes every refusal of a signed-in person to the audit log (`access.refused`): a wrong role
 * (403, including a write with a bad CSRF token or from a foreign origin) and a school they have
 * no role in (answered 404). The entry goes to the school asked about when it exists, otherwise
 * to the asker's own school; it holds the method, the route and the answer, never the body.
 * Signed-out requests (401) are not written: nobody to name, and every first visit makes one.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.addHook('onError', async (request, _reply, error) => {
      const actor = request.actor
      if (!actor || !(error instanceof AppError)) return
      if (error.statusCode !== 403 && !(error instanceof OutsideSchoolError)) return
      const params = (request.params ?? {}) as Record<string, unknown>
      const asked = error instanceof OutsideSchoolError ? error.schoolId : typeof params.schoolId === 'string' ? params.schoolId : null
      const target = asked && UUID.test(asked) ? asked : null
      const data = {
        method: request.method,
        route: request.routeOptions.url ?? request.url.split('?')[0],
        status: error.statusCode,
        code: error.code,
        askedSchoolId: asked,
        ownSchoolId: actor.schoolId,
      }
      try {
        // A school id from the URL may name no school: the entry then goes to the asker's own.
        const ids = [target, actor.schoolId].filter((id): id is string => id !== null)
        const found = ids.length > 0 ? await app.db.select({ id: schools.id }).from(schools).where(inArray(schools.id, ids)) : []
        const schoolId = ids.find((id) => found.some((f) => f.id === id)) ?? null
        await recordAudit(app.db, { schoolId, actorId: actor.userId, action: 'access.refused', data })
      } catch (err) {
        request.log.warn({ err }, 'could not write a refusal to the audit log')
      }
    })
  },
  { name: 'refusals', dependencies: ['db', 'auth'] },
)
