import type { FastifyBaseLogger } from 'fastify'
import type { i18n } from 'i18next'
import { Type } from 'typebox'
import { rooms } from '../../../shared/realtime.ts'
import { PostComment } from '../../../shared/schemas/forum.ts'
import { Uuid } from '../../../shared/schemas/people.ts'
import type { Db } from '../../db/database.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import type { Io } from '../../plugins/io.plugin.ts'
import { socketHandler, socketRefusals } from '../../socket-events.ts'
import type { ItemsService } from './items.service.ts'

const Watch = Type.Object({ forumId: Uuid, itemId: Uuid }, { additionalProperties: false })
const Comment = Type.Object({ forumId: Uuid, itemId: Uuid, ...PostComment.properties }, { additionalProperties: false })

/**
 * Socket events of the forum: following an item's live thread and commenting on it. The socket
 * joins an item's room only after the same read check as HTTP; comments go through the same
 * service function as HTTP, which emits to the room.
 */
export function registerForumSockets(io: Io, items: ItemsService, i18n: i18n, log: FastifyBaseLogger, db: Db) {
  io.on('connection', (socket) => {
    const { userId, sessionId, schoolId, roles, language } = socket.data
    const actor: Actor = {
      userId,
      sessionId,
      name: '',
      language,
      schoolId,
      csrfToken: '',
      roles: new Map(schoolId ? [[schoolId, roles]] : []),
    }
    const handle = socketHandler(i18n, language, schoolId, log, socketRefusals(db, log, { userId, schoolId }))

    socket.on(
      'forum.watch',
      handle(Watch, async (p, school) => {
        await items.get(actor, school, p.forumId, p.itemId)
        await socket.join(rooms.forumItem(p.itemId))
        return null
      }),
    )
    socket.on(
      'forum.comment',
      handle(Comment, (p, school) => items.postComment(actor, school, p.forumId, p.itemId, { clientId: p.clientId, body: p.body })),
    )
  })
}
