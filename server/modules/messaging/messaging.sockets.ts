import type { FastifyBaseLogger } from 'fastify'
import type { i18n } from 'i18next'
import { Type } from 'typebox'
import { SendMessage } from '../../../shared/schemas/messaging.ts'
import { Uuid } from '../../../shared/schemas/people.ts'
import type { Db } from '../../db/database.ts'
import type { Io } from '../../plugins/io.plugin.ts'
import { socketHandler, socketRefusals } from '../../socket-events.ts'
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
export function registerMessagingSockets(io: Io, service: MessagingService, i18n: i18n, log: FastifyBaseLogger, db: Db) {
  io.on('connection', (socket) => {
    const { userId, schoolId, roles, language } = socket.data
    const actor: MessagingActor = { userId, roles: new Map(schoolId ? [[schoolId, roles]] : []) }

    const handle = socketHandler(i18n, language, schoolId, log, socketRefusals(db, log, { userId, schoolId }))

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
