import type { FastifyBaseLogger } from 'fastify'
import type { i18n } from 'i18next'
import { Type } from 'typebox'
import { SendMessage } from '../../../shared/schemas/messaging.ts'
import { Uuid } from '../../../shared/schemas/people.ts'
import type { Db } from '../../db/database.ts'
import type { Io } from '../../plugins/io.plugin.ts'
import { socketActor, socketHandler } from '../../socket-events.ts'
import type { MessagingService } from './messaging.service.ts'

const SendEvent = Type.Object({ conversationId: Uuid, ...SendMessage.properties }, { additionalProperties: false })
const UpTo = Type.Object({ conversationId: Uuid, seq: Type.Integer({ minimum: 0 }) })
const Sync = Type.Object({ conversationId: Uuid, afterSeq: Type.Integer({ minimum: 0 }) })
const Typing = Type.Object({ conversationId: Uuid })

/**
 * Socket events of messaging. The socket's person and school come from the handshake (session
 * cookie); every event is checked by the same service functions as HTTP, so a socket can do no
 * more than its person could over HTTP. Every event is acknowledged with a result or a localised
 * error; payloads are validated against the shared schemas first. The listeners are made once and
 * shared by every socket (see socketHandler).
 */
export function registerMessagingSockets(io: Io, service: MessagingService, i18n: i18n, log: FastifyBaseLogger, db: Db) {
  const handle = socketHandler(i18n, log, db)
  const send = handle(SendEvent, (p, school, socket) =>
    service.send(socketActor(socket), school, p.conversationId, { clientId: p.clientId, body: p.body, attachmentIds: p.attachmentIds }),
  )
  const sync = handle(Sync, (p, school, socket) =>
    service.page(socketActor(socket), school, p.conversationId, { after: p.afterSeq, limit: 200 }),
  )
  const read = handle(UpTo, (p, school, socket) => service.markRead(socketActor(socket), school, p.conversationId, p.seq))
  const delivered = handle(UpTo, (p, school, socket) => service.markRead(socketActor(socket), school, p.conversationId, p.seq, true))
  const typing = handle(Typing, async (p, school, socket) => {
    await service.typing(socketActor(socket), school, p.conversationId)
    return null
  })
  io.on('connection', (socket) => {
    socket.on('message.send', send)
    socket.on('conversation.sync', sync)
    socket.on('conversation.read', read)
    socket.on('conversation.delivered', delivered)
    socket.on('conversation.typing', typing)
  })
}
