import type { FastifyBaseLogger } from 'fastify'
import type { i18n } from 'i18next'
import type { Static, TSchema } from 'typebox'
import { Value } from 'typebox/value'
import type { LanguageChoice } from '../shared/i18n.ts'
import type { Ack } from '../shared/schemas/messaging.ts'
import type { Db } from './db/database.ts'
import { AppError, notFound } from './errors.ts'
import { unavailableCode } from './plugins/errors.plugin.ts'
import { translate } from './plugins/i18n.plugin.ts'
import { recordRefusal } from './plugins/refusals.plugin.ts'
import { unstorableField } from './unstorable-input.ts'

/**
 * Wraps a socket event's handler: validates the payload against its schema, needs the socket's
 * school, and acknowledges every event with `{ ok: true, data }` or a localised error (5xx
 * details never reach the client). `refused` is told of each refusal for a wrong role (403), to
 * write it to the audit log as the HTTP refusals are.
 */
export function socketHandler(
  i18n: i18n,
  language: LanguageChoice,
  schoolId: string | null,
  log: FastifyBaseLogger,
  refused: (err: AppError) => Promise<void>,
) {
  return function handle<S extends TSchema, T>(schema: S, run: (payload: Static<S>, school: string) => Promise<T>) {
    const listener = async (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (result: Ack<T>) => void) : () => {}
      try {
        if (!Value.Check(schema, payload)) throw new AppError('validation.invalid', 400, { field: 'payload' })
        const unstorable = unstorableField(payload)
        if (unstorable !== null) throw new AppError('validation.invalid', 400, { field: unstorable || 'payload' })
        if (!schoolId) throw notFound()
        reply({ ok: true, data: await run(payload, schoolId) })
      } catch (err) {
        if (err instanceof AppError) {
          if (err.statusCode === 403) void refused(err)
          reply({
            ok: false,
            error: { code: err.code, message: translate(i18n, language, `errors.${err.code}`, err.params), status: err.statusCode },
          })
          return
        }
        // PostgreSQL or Redis away for a moment: "try again", which the client's outbox does.
        const unavailable = unavailableCode(err)
        if (unavailable) {
          log.warn({ err }, 'service unavailable')
          reply({ ok: false, error: { code: unavailable, message: translate(i18n, language, `errors.${unavailable}`), status: 503 } })
          return
        }
        log.error({ err }, 'socket event failed')
        reply({ ok: false, error: { code: 'internal', message: translate(i18n, language, 'errors.internal'), status: 500 } })
      }
    }
    // The schema travels with the listener, so the security sweep (tests/security/socket-sweep.test.ts)
    // finds every event a socket handles, and what it takes, without a hand-kept list.
    return Object.assign(listener, { [PAYLOAD_SCHEMA]: schema })
  }
}

/** Where a socket listener made by `socketHandler` keeps its payload schema. */
export const PAYLOAD_SCHEMA = Symbol.for('cyswllt.socket.payloadSchema')

/** What socketHandler tells of a refused event: written as `access.refused` to the socket's school. */
export function socketRefusals(db: Db, log: FastifyBaseLogger, who: { userId: string; schoolId: string | null }) {
  return (err: AppError) =>
    recordRefusal(
      db,
      {
        userId: who.userId,
        ownSchoolId: who.schoolId,
        askedSchoolId: who.schoolId,
        data: { transport: 'socket', status: err.statusCode, code: err.code, ownSchoolId: who.schoolId },
      },
      log,
    )
}
