import type { FastifyBaseLogger } from 'fastify'
import type { i18n } from 'i18next'
import { Type } from 'typebox'
import { rooms } from '../../../shared/realtime.ts'
import { PostComment } from '../../../shared/schemas/forum.ts'
import { Uuid } from '../../../shared/schemas/people.ts'
import type { Db } from '../../db/database.ts'
import type { Io } from '../../plugins/io.plugin.ts'
import { socketActor, socketHandler } from '../../socket-events.ts'
import type { ItemsService } from './items.service.ts'

const Watch = Type.Object({ forumId: Uuid, itemId: Uuid }, { additionalProperties: false })
const Comment = Type.Object({ forumId: Uuid, itemId: Uuid, ...PostComment.properties }, { additionalProperties: false })

/**
 * Socket events of the forum: following an item's live thread and commenting on it. The socket
 * joins an item's room only after the same read check as HTTP; comments go through the same
 * service function as HTTP, which emits to the room. The listeners are shared by every socket
 * (see socketHandler).
 */
export function registerForumSockets(io: Io, items: ItemsService, i18n: i18n, log: FastifyBaseLogger, db: Db) {
  const handle = socketHandler(i18n, log, db)
  const watch = handle(Watch, async (p, school, socket) => {
    await items.get(socketActor(socket), school, p.forumId, p.itemId)
    await socket.join(rooms.forumItem(p.itemId))
    return null
  })
  const comment = handle(Comment, (p, school, socket) =>
    items.postComment(socketActor(socket), school, p.forumId, p.itemId, { clientId: p.clientId, body: p.body }),
  )
  io.on('connection', (socket) => {
    socket.on('forum.watch', watch)
    socket.on('forum.comment', comment)
  })
}
