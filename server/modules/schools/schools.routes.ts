import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { rooms } from '../../../shared/realtime.ts'
import { ClassGroup, School, SchoolParams, STAFF_ROLES, Uuid } from '../../../shared/schemas/people.ts'
import {
  AssignTeacher,
  ClassGroupList,
  ClassParams,
  Member,
  MemberQuery,
  NewClassGroup,
  NewStaffMember,
} from '../../../shared/schemas/schools.ts'
import { assertSchoolRole } from '../../policies/tenancy.policy.ts'
import type { SchoolsService } from './schools.service.ts'

const MemberParams = Type.Object({ schoolId: Uuid, userId: Uuid })
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse }

const schoolsRoutes: FastifyPluginAsyncTypebox<{ service: SchoolsService }> = async (app, { service }) => {
  app.get(
    '/',
    { schema: { tags: ['schools'], summary: 'The school (any member)', params: SchoolParams, response: { 200: School, ...errors } } },
    async (request) => {
      assertSchoolRole(request.actor, request.params.schoolId, ['admin', 'teacher', 'feo', 'parent'])
      return service.getSchool(request.params.schoolId)
    },
  )

  app.get(
    '/classes',
    { schema: { tags: ['schools'], summary: 'Classes (staff)', params: SchoolParams, response: { 200: ClassGroupList, ...errors } } },
    async (request) => {
      assertSchoolRole(request.actor, request.params.schoolId, STAFF_ROLES)
      return service.listClasses(request.params.schoolId)
    },
  )

  app.post(
    '/classes',
    {
      schema: {
        tags: ['schools'],
        summary: 'Create a class (admin)',
        params: SchoolParams,
        body: NewClassGroup,
        response: { 201: ClassGroup, ...errors },
      },
    },
    async (request, reply) => {
      const actor = assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      return reply.status(201).send(await service.createClass(actor, request.params.schoolId, request.body))
    },
  )

  app.post(
    '/classes/:classId/teachers',
    {
      schema: {
        tags: ['schools'],
        summary: 'Assign a teacher to a class (admin)',
        params: ClassParams,
        body: AssignTeacher,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      await service.assignTeacher(actor, request.params.schoolId, request.params.classId, request.body.teacherId)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/members',
    {
      schema: {
        tags: ['people'],
        summary: 'People of the school (staff)',
        params: SchoolParams,
        querystring: MemberQuery,
        response: { 200: Type.Array(Member), ...errors },
      },
    },
    async (request) => {
      assertSchoolRole(request.actor, request.params.schoolId, STAFF_ROLES)
      return service.listMembers(request.params.schoolId, request.query.role)
    },
  )

  app.post(
    '/members',
    {
      schema: {
        tags: ['people'],
        summary: 'Add a staff member (admin)',
        params: SchoolParams,
        body: NewStaffMember,
        response: { 201: Member, ...errors },
      },
    },
    async (request, reply) => {
      const actor = assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
      return reply.status(201).send(await service.addStaff(actor, request.params.schoolId, request.body))
    },
  )

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/members/:userId/${action}`,
      {
        schema: {
          tags: ['people'],
          summary: disabled
            ? "Turn a person's access to the school off (admin); their sockets are disconnected at once"
            : "Turn a person's access to the school back on (admin)",
          params: MemberParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        const actor = assertSchoolRole(request.actor, request.params.schoolId, ['admin'])
        const { schoolId, userId } = request.params
        await service.setMemberAccess(actor, schoolId, userId, disabled)
        if (disabled) {
          const room = rooms.userInSchool(userId, schoolId)
          app.io.in(room).emit('session.ended')
          app.io.in(room).disconnectSockets(true)
        }
        return reply.status(204).send(null)
      },
    )
  }
}
export default schoolsRoutes
