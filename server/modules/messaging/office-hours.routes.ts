import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { OfficeHours } from '../../../shared/schemas/messaging.ts'
import { SchoolParams } from '../../../shared/schemas/people.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import type { OfficeHoursService } from './office-hours.service.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }
const tags = ['messaging']
const bodyLimit = 16 * 1024

/** Office hours: when parents can expect a reply, and when staff notifications wait until. */
const officeHoursRoutes: FastifyPluginAsyncTypebox<{ service: OfficeHoursService }> = async (app, { service }) => {
  app.get(
    '/office-hours',
    { schema: { tags, summary: "The school's default office hours", params: SchoolParams, response: { 200: OfficeHours, ...errors } } },
    async (request) => service.schoolDefault(assertSignedIn(request.actor), request.params.schoolId),
  )
  app.put(
    '/office-hours',
    {
      bodyLimit,
      schema: {
        tags,
        summary: "Set the school's default office hours (admin)",
        params: SchoolParams,
        body: OfficeHours,
        response: { 200: OfficeHours, ...errors },
      },
    },
    async (request) => service.setSchoolDefault(assertSignedIn(request.actor), request.params.schoolId, request.body),
  )
  app.get(
    '/office-hours/me',
    { schema: { tags, summary: 'Own office hours (staff)', params: SchoolParams, response: { 200: OfficeHours, ...errors } } },
    async (request) => service.own(assertSignedIn(request.actor), request.params.schoolId),
  )
  app.put(
    '/office-hours/me',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Set own office hours (staff)',
        params: SchoolParams,
        body: OfficeHours,
        response: { 200: OfficeHours, ...errors },
      },
    },
    async (request) => service.setOwn(assertSignedIn(request.actor), request.params.schoolId, request.body),
  )
}
export default officeHoursRoutes
