import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { NewsletterParams, Reach, RecordContact, SendReminder } from '../../../shared/schemas/newsletters.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import type { ReachService } from './reach.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
const tags = ['newsletters']
const RecipientParams = Type.Object({ ...NewsletterParams.properties, userId: Type.String({ format: 'uuid' }) })

/** Who a newsletter reached (author, admins, FEOs), and the follow-ups for those it did not. */
const reachRoutes: FastifyPluginAsyncTypebox<{ reach: ReachService }> = async (app, { reach }) => {
  app.get(
    '/newsletters/:newsletterId/reach',
    {
      schema: {
        tags,
        summary: 'Per family: channels delivered, opened (app or email link), when; share reached within 24 hours per class',
        params: NewsletterParams,
        response: { 200: Reach, ...errors },
      },
    },
    async (request) => reach.reach(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId),
  )

  app.post(
    '/newsletters/:newsletterId/recipients/:userId/reminder',
    {
      schema: {
        tags,
        summary: 'Send it again to one adult on a channel they allow',
        params: RecipientParams,
        body: SendReminder,
        response: { 202: Type.Object({ queued: Type.Boolean() }), ...errors },
      },
    },
    async (request, reply) => {
      const { schoolId, newsletterId, userId } = request.params
      await reach.remind(assertSignedIn(request.actor), schoolId, newsletterId, userId, request.body.channel)
      return reply.status(202).send({ queued: true })
    },
  )

  app.post(
    '/newsletters/:newsletterId/recipients/:userId/contact',
    {
      schema: {
        tags,
        summary: 'Record that the family was reached another way (phone call, meeting, paper copy)',
        params: RecipientParams,
        body: RecordContact,
        response: { 201: Type.Object({ recorded: Type.Boolean() }), ...errors },
      },
    },
    async (request, reply) => {
      const { schoolId, newsletterId, userId } = request.params
      await reach.recordContact(assertSignedIn(request.actor), schoolId, newsletterId, userId, request.body.method, request.body.note)
      return reply.status(201).send({ recorded: true })
    },
  )
}
export default reachRoutes
