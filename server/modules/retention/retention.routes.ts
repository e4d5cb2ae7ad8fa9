import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { SchoolParams } from '../../../shared/schemas/people.ts'
import { Hold, HoldList, HoldParams, HoldsQuery, NewHold, RetentionSettings, RetentionUpdate } from '../../../shared/schemas/retention.ts'
import type { RetentionService } from './retention.service.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
const tags = ['retention']

/** Retention periods (admins) and safeguarding holds (admins and the DSL). */
const retentionRoutes: FastifyPluginAsyncTypebox<{ retention: RetentionService }> = async (app, { retention }) => {
  app.get(
    '/retention',
    {
      schema: {
        tags,
        summary: 'How long the school keeps each category of data (its own period or the default)',
        params: SchoolParams,
        response: { 200: RetentionSettings, ...errors },
      },
    },
    async (request) => retention.get(request.actor, request.params.schoolId),
  )

  app.put(
    '/retention',
    {
      schema: {
        tags,
        summary: 'Set periods in days (7 to 3650) and put categories back to the default (reset); all or nothing',
        params: SchoolParams,
        body: RetentionUpdate,
        response: { 200: RetentionSettings, ...errors },
      },
    },
    async (request) => retention.update(request.actor, request.params.schoolId, request.body),
  )

  app.get(
    '/retention/holds',
    {
      schema: {
        tags,
        summary: 'Safeguarding holds, unreleased first',
        params: SchoolParams,
        querystring: HoldsQuery,
        response: { 200: HoldList, ...errors },
      },
    },
    async (request) => ({ holds: await retention.holds(request.actor, request.params.schoolId, request.query) }),
  )

  app.post(
    '/retention/holds',
    {
      schema: {
        tags,
        summary: 'Place a safeguarding hold on a family, a person or a conversation: retention deletes nothing about it',
        params: SchoolParams,
        body: NewHold,
        response: { 201: Hold, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await retention.placeHold(request.actor, request.params.schoolId, request.body)),
  )

  app.post(
    '/retention/holds/:holdId/release',
    { schema: { tags, summary: 'Release a hold', params: HoldParams, response: { 200: Hold, ...errors } } },
    async (request) => retention.releaseHold(request.actor, request.params.schoolId, request.params.holdId),
  )
}
export default retentionRoutes
