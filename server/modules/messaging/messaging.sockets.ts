import type { FastifyBaseLogger } from 'fastify'
import type { i18n } from 'i18next'
import { type Static, type TSchema, Type } from 'typebox'
import { Value } from 'typebox/value'
import type { Ack } from '../../../shared/schemas/messaging.ts'
import { SendMessage } from '../../../shared/schemas/messaging.ts'
import { Uuid } from '../../../shared/schemas/people.ts'
import { AppError, notFound } from '../../errors.ts'
import { translate } from '../../plugins/i18n.plugin.ts'
import type { Io } from '../../plugins/io.plugin.ts'
import type { MessagingActor, MessagingService } from './messaging.service.ts'

const SendEvent = Type.Object({ conversationId: Uuid, ...SendMessage.properties }, { additionalProperties: false })
const UpTo = Type.Object({ conversationId: Uuid, seq: Type.Integer({ minimum: 0 }) })
const Sync = Type.Object({ conversationId: Uuid, afterSeq: Type.Integer({ minimum: 0 }) })
const Typing = Type.Object({ conversationId: Uuid })

/**
 * Socket events of messaging. The socket's person and school come from the handshake (session
 * cookie); every event is checked by the same service functions as HTTP, so a socket can do no
 * more than its person could over HTTP. Every event is acknowledged with a result or a localised
 * error; payloads are validated against the shared schemas first.
 */
export function registerMessagingSockets(io: Io, service: MessagingService, i18n: i18n, log: FastifyBaseLogger) {
  io.on('connection', (socket) => {
    const { userId, schoolId, roles, language } = socket.data
    const actor: MessagingActor = { userId, roles: new Map(schoolId ? [[schoolId, roles]] : []) }

    function handle<S extends TSchema, T>(schema: S, run: (payload: Static<S>, school: string) => Promise<T>) {
      return async (payload: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (result: Ack<T>) => void) : () => {}
        try {
          if (!Value.Check(schema, payload)) throw new AppError('validation.invalid', 400, { field: 'payload' })
          if (!schoolId) throw notFound()
          reply({ ok: true, data: await run(payload, schoolId) })
        } catch (err) {
          if (err instanceof AppError) {
            reply({
              ok: false,
              error: { code: err.code, message: translate(i18n, language, `errors.${err.code}`, err.params), status: err.statusCode },
            })
            return
          }
          log.error({ err }, 'socket event failed')
          reply({ ok: false, error: { code: 'internal', message: translate(i18n, language, 'errors.internal'), status: 500 } })
        }
      }
    }

    socket.on(
      'message.send',
      handle(SendEvent, (p, school) =>
        service.send(actor, school, p.conversationId, { clientId: p.clientId, body: p.body, attachmentIds: p.attachmentIds }),
      ),
    )
    socket.on(
      'conversation.sync',
      handle(Sync, (p, school) => service.page(actor, school, p.conversationId, { after: p.afterSeq, limit: 200 })),
    )
    socket.on(
      'conversation.read',
      handle(UpTo, (p, school) => service.markRead(actor, school, p.conversationId, p.seq)),
    )
    socket.on(
      'conversation.delivered',
      handle(UpTo, (p, school) => service.markRead(actor, school, p.conversationId, p.seq, true)),
    )
    socket.on(
      'conversation.typing',
      handle(Typing, async (p, school) => {
        await service.typing(actor, school, p.conversationId)
        return null
      }),
    )
  })
}
