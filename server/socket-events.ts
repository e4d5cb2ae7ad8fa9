import type { FastifyBaseLogger } from 'fastify'
import type { i18n } from 'i18next'
import type { Static, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import type { Ack } from '../shared/schemas/messaging.ts'
import type { Db } from './db/database.ts'
import { AppError, notFound } from './errors.ts'
import type { Actor } from './modules/auth/actor.ts'
import { unavailableCode } from './plugins/errors.plugin.ts'
import { translate } from './plugins/i18n.plugin.ts'
import type { Io } from './plugins/io.plugin.ts'
import { recordRefusal } from './plugins/refusals.plugin.ts'
import { unstorableField } from './unstorable-input.ts'

/** A server-side socket: who is asking is in `socket.data`, set at the handshake. */
export type ServerSocket = Parameters<Parameters<Io['on']>[1]>[0]

/** Who is asking over a socket, as services take it: the handshake's person, session and roles in its school. */
export function socketActor(socket: ServerSocket): Actor {
  const { userId, sessionId, schoolId, roles, language } = socket.data
  return { userId, sessionId, name: '', language, schoolId, csrfToken: '', roles: new Map(schoolId ? [[schoolId, roles]] : []) }
}

/**
 * Makes socket event listeners, each shared by every socket: socket.io calls a listener with the
 * socket as `this`, and the listener reads who is asking from its `data` (set at the handshake),
 * so a connection holds references to the same few functions rather than closures of its own
 * (memory per idle connection). Each listener validates the payload against its schema (compiled
 * once), needs the socket's school, and acknowledges every event with `{ ok: true, data }` or a
 * localised error (5xx details never reach the client). A refusal for a wrong role (403) is
 * written to the audit log as `access.refused`, as the HTTP refusals are.
 */
export function socketHandler(i18n: i18n, log: FastifyBaseLogger, db: Db) {
  return function handle<S extends TSchema, T>(schema: S, run: (payload: Static<S>, school: string, socket: ServerSocket) => Promise<T>) {
    const validator = Compile(schema)
    async function listener(this: ServerSocket, payload: unknown, ack: unknown) {
      const { userId, schoolId, language } = this.data
      const reply = typeof ack === 'function' ? (ack as (result: Ack<T>) => void) : () => {}
      try {
        if (!validator.Check(payload)) throw new AppError('validation.invalid', 400, { field: 'payload' })
        const unstorable = unstorableField(payload)
        if (unstorable !== null) throw new AppError('validation.invalid', 400, { field: unstorable || 'payload' })
        if (!schoolId) throw notFound()
        reply({ ok: true, data: await run(payload as Static<S>, schoolId, this) })
      } catch (err) {
        if (err instanceof AppError) {
          if (err.statusCode === 403) void recordSocketRefusal(db, log, userId, schoolId, err)
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

/** A socket event refused for a wrong role, written as `access.refused` to the socket's school. */
function recordSocketRefusal(db: Db, log: FastifyBaseLogger, userId: string, schoolId: string | null, err: AppError) {
  return recordRefusal(
    db,
    {
      userId,
      ownSchoolId: schoolId,
      askedSchoolId: schoolId,
      data: { transport: 'socket', status: err.statusCode, code: err.code, ownSchoolId: schoolId },
    },
    log,
  )
}
