import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../errors.ts'
import { type Actor, loadActor } from '../modules/auth/actor.ts'
import { createSessionsRepository } from '../modules/auth/sessions.repository.ts'

export const SESSION_COOKIE = 'cyswllt_session'
export const SESSION_DAYS = 30

export type { Actor }

declare module 'fastify' {
  interface FastifyInstance {
    /** Sets the session cookie on a reply. */
    setSessionCookie(reply: FastifyReply, token: string): void
    clearSessionCookie(reply: FastifyReply): void
  }
  interface FastifyRequest {
    actor: Actor | null
  }
  interface FastifyContextConfig {
    /** false on the few routes whose URL token is the authority (one-click unsubscribe). */
    csrf?: boolean
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export default fp(
  async (app: FastifyInstance, opts: { publicUrl: string; sessionSecret: string }) => {
    const secure = opts.publicUrl.startsWith('https://')
    const publicOrigin = new URL(opts.publicUrl).origin
    await app.register(cookie, { secret: opts.sessionSecret })
    const sessions = createSessionsRepository(app.db)

    app.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_DAYS * 86400 })
    })
    app.decorate('clearSessionCookie', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure })
    })
    app.decorateRequest('actor', null)

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const writes = !SAFE_METHODS.has(request.method) && request.routeOptions.config?.csrf !== false
      // A write from a page of another origin is refused whether or not it carries a cookie.
      const origin = request.headers.origin
      if (writes && origin && origin !== publicOrigin) throw new AppError('auth.foreign_origin', 403)
      const token = request.cookies[SESSION_COOKIE]
      if (!token) return
      const actor = await loadActor(sessions, token, new Date())
      if (!actor) return
      request.actor = actor
      // Cookie-authenticated writes must echo the session's CSRF token (double submit).
      if (writes && request.headers['x-csrf-token'] !== actor.csrfToken) {
        throw new AppError('auth.csrf', 403)
      }
    })
  },
  { name: 'auth', dependencies: ['db'] },
)
