import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { rooms } from '../../../shared/realtime.ts'
import {
  Accepted,
  Invitation,
  InviteRequest,
  MagicLinkRequest,
  PasswordSignIn,
  SetPassword,
  SetupRequest,
  SetupStatus,
  TokenBody,
} from '../../../shared/schemas/auth.ts'
import { Me, Uuid } from '../../../shared/schemas/people.ts'
import { assertSchoolRole, assertSignedIn } from '../../policies/tenancy.policy.ts'
import type { ProfileService } from '../profile/profile.service.ts'
import { createAuthRepository } from './auth.repository.ts'
import type { AuthService, NewSession } from './auth.service.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse }

const authRoutes: FastifyPluginAsyncTypebox<{ service: AuthService; profile: ProfileService }> = async (app, { service, profile }) => {
  const signedIn = async (reply: Parameters<typeof app.setSessionCookie>[0], session: NewSession) => {
    app.setSessionCookie(reply, session.token)
    return profile.getMe(session)
  }

  app.post(
    '/auth/magic-link',
    { schema: { tags: ['auth'], summary: 'Email a sign-in link', body: MagicLinkRequest, response: { 202: Accepted, ...errors } } },
    async (request, reply) => {
      await service.requestMagicLink(request.body.email, request.ip)
      return reply.status(202).send({ message: request.t('auth.link_sent') })
    },
  )

  app.post(
    '/auth/magic-link/consume',
    { schema: { tags: ['auth'], summary: 'Sign in with a link token', body: TokenBody, response: { 200: Me, ...errors } } },
    async (request, reply) => signedIn(reply, await service.consumeMagicLink(request.body.token, request.actor)),
  )

  app.post(
    '/auth/invitations/accept',
    { schema: { tags: ['auth'], summary: 'Sign in with an invitation token', body: TokenBody, response: { 200: Me, ...errors } } },
    async (request, reply) => signedIn(reply, await service.acceptInvitation(request.body.token, request.actor)),
  )

  app.post(
    '/auth/password/sign-in',
    { schema: { tags: ['auth'], summary: 'Staff sign-in with a password', body: PasswordSignIn, response: { 200: Me, ...errors } } },
    async (request, reply) =>
      signedIn(reply, await service.signInWithPassword(request.body.email, request.body.password, request.ip, request.actor)),
  )

  app.put(
    '/auth/password',
    { schema: { tags: ['auth'], summary: 'Set own password (staff)', body: SetPassword, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await service.setPassword(assertSignedIn(request.actor), request.body.password)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const actor = assertSignedIn(request.actor)
      await service.signOut(actor)
      app.io.in(rooms.session(actor.sessionId)).emit('session.ended')
      app.io.in(rooms.session(actor.sessionId)).disconnectSockets(true)
      app.clearSessionCookie(reply)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/setup',
    { schema: { tags: ['setup'], summary: 'Whether the first school still has to be created', response: { 200: SetupStatus } } },
    async () => ({ needed: (await createAuthRepository(app.db).schoolCount()) === 0 }),
  )

  app.post(
    '/setup',
    { schema: { tags: ['setup'], summary: 'Create the first school and its admin', body: SetupRequest, response: { 201: Me, ...errors } } },
    async (request, reply) => {
      const me = await signedIn(reply, await service.completeSetup(request.body.token, request.body))
      return reply.status(201).send(me)
    },
  )

  app.post(
    '/schools/:schoolId/members/:userId/invitations',
    {
      schema: {
        tags: ['people'],
        summary: 'Make an invitation link for a member (admin), optionally emailed',
        params: Type.Object({ schoolId: Uuid, userId: Uuid }),
        body: InviteRequest,
        response: { 201: Invitation, ...errors },
      },
    },
    async (request, reply) => {
      const actor = assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      const invitation = await service.inviteMember(actor, request.params.schoolId, request.params.userId, request.body.send)
      return reply.status(201).send(invitation)
    },
  )
}
export default authRoutes
