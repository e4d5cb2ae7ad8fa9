import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { UpdateMe } from '../../../shared/schemas/auth.ts'
import { Me } from '../../../shared/schemas/people.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import type { ProfileService } from './profile.service.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse }

const profileRoutes: FastifyPluginAsyncTypebox<{ service: ProfileService }> = async (app, { service }) => {
  app.get('/me', { schema: { tags: ['profile'], summary: 'The signed-in person', response: { 200: Me, ...errors } } }, async (request) => {
    const actor = assertSignedIn(request.actor)
    return service.getMe(actor)
  })

  app.patch(
    '/me',
    { schema: { tags: ['profile'], summary: 'Change own language or name', body: UpdateMe, response: { 200: Me, ...errors } } },
    async (request) => {
      const actor = assertSignedIn(request.actor)
      await service.updateMe(actor, request.body)
      return service.getMe(actor)
    },
  )
}
export default profileRoutes
