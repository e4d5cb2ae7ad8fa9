import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { DeliveryParams, FailedDeliveries } from '../../../shared/schemas/notifications.ts'
import { SchoolParams } from '../../../shared/schemas/people.ts'
import { assertSchoolRole } from '../../policies/tenancy.policy.ts'
import type { NotificationsService } from './notifications.service.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

/** Admins: the school's failed deliveries, with reasons in their language, and a retry. */
const deliveriesRoutes: FastifyPluginAsyncTypebox<{ service: NotificationsService }> = async (app, { service }) => {
  app.get(
    '/deliveries/failed',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Failed deliveries of the school (admin)',
        params: SchoolParams,
        response: { 200: FailedDeliveries, ...errors },
      },
    },
    async (request) => {
      assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      return { items: await service.failedDeliveries(request.params.schoolId, (key) => request.t(key)) }
    },
  )

  app.post(
    '/deliveries/:deliveryId/retry',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Retry one failed delivery (admin)',
        params: DeliveryParams,
        response: { 202: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      await service.retryDelivery(request.params.schoolId, request.params.deliveryId)
      return reply.status(202).send({ id: request.params.deliveryId })
    },
  )
}
export default deliveriesRoutes
