import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.ts'
import { registerForumSockets } from './forum.sockets.ts'
import type { EmitForum } from './forum-events.ts'
import { createForumsRepository } from './forums.repository.ts'
import forumsRoutes from './forums.routes.ts'
import { createForumsService } from './forums.service.ts'
import itemsRoutes from './items.routes.ts'
import { createItemsService } from './items.service.ts'
import meetingsRoutes from './meetings.routes.ts'
import { createMeetingsService } from './meetings.service.ts'
import { createMinutesService } from './minutes.service.ts'
import { createRecordService } from './record.ts'

/** The family forum: items, meetings, minutes, actions and "you said, we did" (see README). */
export default async function forumModule(app: FastifyInstance, opts: { config: Config }) {
  const clock = () => new Date()
  const kick = () => app.outbox.kick()
  const emit: EmitForum = (room, event, payload) => {
    // The payload's type follows the event name (EmitForum); Socket.IO's overloads cannot see that through a generic.
    ;(app.io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload)
  }
  const deps = { db: app.db, clock, kick, emit }
  const forums = createForumsService({ db: app.db })
  const items = createItemsService(deps)
  const meetings = createMeetingsService({
    ...deps,
    publicUrl: opts.config.publicUrl,
    t: (key, lng) => app.i18n.t(key, { lng }),
  })
  const minutes = createMinutesService({ ...deps, meetings })
  const record = createRecordService({ db: app.db, clock })
  const leads = (schoolId: string) => createForumsRepository(app.db).peopleInRole(schoolId, 'dsl')
  const prefix = '/api/schools/:schoolId'
  await app.register(forumsRoutes, { prefix, forums, record })
  await app.register(itemsRoutes, { prefix, items, leads })
  await app.register(meetingsRoutes, { prefix, meetings, minutes })
  registerForumSockets(app.io, items, app.i18n, app.log, app.db)
}
