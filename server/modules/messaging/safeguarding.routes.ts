import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { ConversationParams, MessagePage, MessageParams, MessageReport, ReportMessage } from '../../../shared/schemas/messaging.ts'
import { SchoolParams, Uuid } from '../../../shared/schemas/people.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import type { MessageReportsService } from './message-reports.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }
const tags = ['safeguarding']
const LeadConversation = Type.Intersect([
  MessagePage,
  Type.Object({
    edits: Type.Array(Type.Object({ messageId: Uuid, previousBody: Type.String(), editedAt: Type.String({ format: 'date-time' }) })),
  }),
])

/** Reporting a message, and the designated safeguarding lead's view (every read audit-logged). */
const safeguardingRoutes: FastifyPluginAsyncTypebox<{ service: MessageReportsService }> = async (app, { service }) => {
  app.post(
    '/conversations/:conversationId/messages/:messageId/report',
    {
      schema: {
        tags,
        summary: "Report a message to the school's designated safeguarding lead",
        params: MessageParams,
        body: ReportMessage,
        response: { 201: Type.Object({ id: Uuid }), ...errors },
      },
    },
    async (request, reply) => {
      const { schoolId, conversationId, messageId } = request.params
      return reply
        .status(201)
        .send(await service.report(assertSignedIn(request.actor), schoolId, conversationId, messageId, request.body.reason))
    },
  )

  app.get(
    '/safeguarding/reports',
    {
      schema: {
        tags,
        summary: 'Reported messages (designated safeguarding lead)',
        params: SchoolParams,
        response: { 200: Type.Object({ reports: Type.Array(MessageReport) }), ...errors },
      },
    },
    async (request) => ({ reports: await service.list(assertSignedIn(request.actor), request.params.schoolId) }),
  )

  app.post(
    '/safeguarding/reports/:reportId/resolve',
    {
      schema: {
        tags,
        summary: 'Mark a report dealt with (designated safeguarding lead)',
        params: Type.Object({ schoolId: Uuid, reportId: Uuid }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.resolve(assertSignedIn(request.actor), request.params.schoolId, request.params.reportId)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/safeguarding/conversations/:conversationId',
    {
      schema: {
        tags,
        summary: 'Read any conversation of the school, with edit history (designated safeguarding lead; audit-logged)',
        params: ConversationParams,
        querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: LeadConversation, ...errors },
      },
    },
    async (request) =>
      service.readConversation(assertSignedIn(request.actor), request.params.schoolId, request.params.conversationId, request.query.before),
  )
}
export default safeguardingRoutes
