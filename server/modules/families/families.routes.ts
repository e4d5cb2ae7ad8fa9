import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { ImportCheck, ImportRequest, ImportStarted, ImportStatus } from '../../../shared/schemas/families.ts'
import { SchoolParams, Uuid } from '../../../shared/schemas/people.ts'
import { AppError } from '../../errors.ts'
import { assertSchoolRole } from '../../policies/tenancy.policy.ts'
import type { FamiliesService } from './families.service.ts'
import type { RowProblem } from './families-csv.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse, 503: ErrorResponse }

const familiesRoutes: FastifyPluginAsyncTypebox<{ service: FamiliesService }> = async (app, { service }) => {
  app.post(
    '/',
    {
      schema: {
        tags: ['families'],
        summary: 'Check (dryRun) or import families from a CSV (admin)',
        params: SchoolParams,
        body: ImportRequest,
        response: { 200: ImportCheck, 202: ImportStarted, ...errors },
      },
    },
    async (request, reply) => {
      const actor = assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      const localise = (problems: RowProblem[]) =>
        problems.map((p) => ({ line: p.line, field: p.field, reason: request.t(`import.reason.${p.reason}`, p.params) }))
      if (request.body.dryRun) {
        const { total, problems } = await service.check(request.params.schoolId, request.body.csv)
        return reply.status(200).send({ rows: total, errors: localise(problems) })
      }
      const started = await service.startImport(actor, request.params.schoolId, request.body.csv)
      if ('problems' in started) {
        const lines = new Set(started.problems.map((p) => p.line)).size
        throw new AppError('import.invalid_rows', 422, { count: lines }, localise(started.problems))
      }
      return reply.status(202).send(started)
    },
  )

  app.get(
    '/:importId',
    {
      schema: {
        tags: ['families'],
        summary: 'Progress and result of an import (admin)',
        params: Type.Object({ schoolId: Uuid, importId: Uuid }),
        response: { 200: ImportStatus, ...errors },
      },
    },
    async (request) => {
      assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      return service.getImport(request.params.schoolId, request.params.importId)
    },
  )
}
export default familiesRoutes
