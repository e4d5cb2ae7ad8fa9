import { createAdapter } from '@socket.io/redis-streams-adapter'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { Server } from 'socket.io'
import type { LanguageChoice } from '../../shared/i18n.ts'
import { type ClientToServerEvents, rooms, type ServerToClientEvents } from '../../shared/realtime.ts'
import type { Role } from '../../shared/schemas/people.ts'
import { consumeRealtime } from '../jobs/realtime.ts'
import { loadActor } from '../modules/auth/actor.ts'
import { createSessionsRepository } from '../modules/auth/sessions.repository.ts'
import { createPresence, type Presence } from '../presence.ts'
import { SESSION_COOKIE } from './auth.plugin.ts'

export interface SocketData {
  userId: string
  sessionId: string
  schoolId: string | null
  /** Roles in the session's school at the handshake: turning access off disconnects the socket; new roles count from the next connection. */
  roles: Role[]
  language: LanguageChoice
}
export type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

declare module 'fastify' {
  interface FastifyInstance {
    io: Io
    /** Who has a live socket (any server process); workers read the same keys. */
    presence: Presence
  }
}

export { rooms }

/**
 * Socket.IO on the app's HTTP server. The handshake must carry a live session cookie and come
 * from the platform's own origin; sockets join rooms for their user, session and school roles.
 * The Redis streams adapter carries events between server processes and backs connection state
 * recovery, so a client that drops for a moment gets what it missed.
 */
export default fp(
  async (app: FastifyInstance, opts: { redisUrl: string; publicUrl: string; prefix: string }) => {
    const adapterRedis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true })
    adapterRedis.on('error', (err) => app.log.warn({ err: err.message }, 'socket adapter redis error'))
    const io: Io = new Server(app.server, {
      path: '/socket.io',
      serveClient: false,
      adapter: createAdapter(adapterRedis, { streamName: `${opts.prefix}:socket.io`, sessionKeyPrefix: `${opts.prefix}:sio:session:` }),
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
      allowRequest: (req, callback) => {
        const origin = req.headers.origin
        callback(null, origin === undefined || origin === new URL(opts.publicUrl).origin)
      },
    })
    const sessions = createSessionsRepository(app.db)
    io.use(async (socket, next) => {
      try {
        const token = app.parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE]
        const actor = token ? await loadActor(sessions, token, new Date()) : null
        if (!actor) return next(new Error('auth.required'))
        socket.data = {
          userId: actor.userId,
          sessionId: actor.sessionId,
          schoolId: actor.schoolId,
          roles: actor.schoolId ? (actor.roles.get(actor.schoolId) ?? []) : [],
          language: actor.language,
        }
        const { schoolId } = actor
        const schoolRooms = schoolId
          ? [
              rooms.userInSchool(actor.userId, schoolId),
              ...(actor.roles.get(schoolId) ?? []).map((role) => rooms.schoolRole(schoolId, role)),
            ]
          : []
        await socket.join([rooms.user(actor.userId), rooms.session(actor.sessionId), ...schoolRooms])
        next()
      } catch (err) {
        app.log.error({ err }, 'socket handshake failed')
        next(new Error('internal'))
      }
    })
    app.decorate('io', io)
    const presence = createPresence(app.redis, opts.prefix)
    app.decorate('presence', presence)
    io.on('connection', (socket) => {
      const { userId } = socket.data
      presence.connected(userId, socket.id).catch((err) => app.log.warn({ err: err.message }, 'presence not recorded'))
      socket.on('disconnect', () => {
        presence.disconnected(userId, socket.id).catch((err) => app.log.warn({ err: err.message }, 'presence not cleared'))
      })
    })
    const refresh = setInterval(() => {
      for (const socket of io.of('/').sockets.values()) presence.connected(socket.data.userId, socket.id).catch(() => {})
    }, presence.refreshEveryMs)
    refresh.unref()
    // Events the workers publish (they have no sockets) reach the right rooms through here.
    const consumer = consumeRealtime(
      new Redis(opts.redisUrl, { maxRetriesPerRequest: null }),
      opts.prefix,
      (room, event, payload) => io.to(room).emit(event, payload as never),
      (err) => app.log.warn({ err: err.message }, 'realtime stream error'),
    )
    app.addHook('preClose', async () => {
      // Stop accepting sockets and close the live ones before the HTTP server waits on them.
      consumer.stop()
      clearInterval(refresh)
      io.local.disconnectSockets(true)
      await new Promise<void>((resolve) => io.close(() => resolve()))
      adapterRedis.disconnect()
    })
  },
  { name: 'io', dependencies: ['db', 'auth', 'redis'] },
)
