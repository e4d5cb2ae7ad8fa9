import { inArray } from 'drizzle-orm'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../db/database.ts'
import { schools } from '../db/schema.ts'
import { AppError, OutsideSchoolError } from '../errors.ts'
import { recordAudit } from '../modules/audit/audit.repository.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One refusal of a signed-in person, as the audit log holds it (`access.refused`). */
export interface Refusal {
  userId: string
  /** The school the session names, if any. */
  ownSchoolId: string | null
  /** The school the request asked about, when it named one. */
  askedSchoolId: string | null
  /** What was refused and the answer: method and route, or the socket event's transport; status and code. */
  data: Record<string, unknown>
}

/**
 * Writes a refusal to the school asked about when it exists, otherwise to the asker's own
 * school. Never throws: a refusal is answered whether or not its entry could be written.
 */
export async function recordRefusal(db: Db, refusal: Refusal, log: FastifyBaseLogger): Promise<void> {
  const target = refusal.askedSchoolId && UUID.test(refusal.askedSchoolId) ? refusal.askedSchoolId : null
  try {
    // A school id from the URL may name no school: the entry then goes to the asker's own.
    const ids = [target, refusal.ownSchoolId].filter((id): id is string => id !== null)
    const found = ids.length > 0 ? await db.select({ id: schools.id }).from(schools).where(inArray(schools.id, ids)) : []
    const schoolId = ids.find((id) => found.some((f) => f.id === id)) ?? null
    await recordAudit(db, { schoolId, actorId: refusal.userId, action: 'access.refused', data: refusal.data })
  } catch (err) {
    log.warn({ err }, 'could not write a refusal to the audit log')
  }
}

/**
 * Writes every refusal of a signed-in person to the audit log (`access.refused`): a wrong role
 * (403, including a write with a bad CSRF token or from a foreign origin) and a school they have
 * no role in (answered 404). The entry goes to the school asked about when it exists, otherwise
 * to the asker's own school; it holds the method, the route and the answer, never the body.
 * Signed-out requests (401) are not written: nobody to name, and every first visit makes one.
 * Socket events refused for a wrong role are written the same way (socket-events.ts).
 */
export default fp(
  async (app: FastifyInstance) => {
    app.addHook('onError', async (request, _reply, error) => {
      const actor = request.actor
      if (!actor || !(error instanceof AppError)) return
      if (error.statusCode !== 403 && !(error instanceof OutsideSchoolError)) return
      const params = (request.params ?? {}) as Record<string, unknown>
      const asked = error instanceof OutsideSchoolError ? error.schoolId : typeof params.schoolId === 'string' ? params.schoolId : null
      await recordRefusal(
        app.db,
        {
          userId: actor.userId,
          ownSchoolId: actor.schoolId,
          askedSchoolId: asked,
          data: {
            method: request.method,
            route: request.routeOptions.url ?? request.url.split('?')[0],
            status: error.statusCode,
            code: error.code,
            askedSchoolId: asked,
            ownSchoolId: actor.schoolId,
          },
        },
        request.log,
      )
    })
  },
  { name: 'refusals', dependencies: ['db', 'auth'] },
)
