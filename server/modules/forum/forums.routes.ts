import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import {
  Forum,
  ForumCandidate,
  ForumDraft,
  ForumParams,
  ForumRecord,
  ForumSummary,
  MemberParams,
  SetMember,
} from '../../../shared/schemas/forum.ts'
import { SchoolParams } from '../../../shared/schemas/people.ts'
import type { ForumsService } from './forums.service.ts'
import type { RecordService } from './record.ts'

export const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
export const tags = ['forum']

/** Forums, their members, and the public "you said, we did" record. */
const forumsRoutes: FastifyPluginAsyncTypebox<{ forums: ForumsService; record: RecordService }> = async (app, { forums, record }) => {
  app.get(
    '/forums',
    {
      schema: {
        tags,
        summary: 'Forums the asker may read: all for staff, their own for a parent',
        params: SchoolParams,
        response: { 200: Type.Object({ forums: Type.Array(ForumSummary) }), ...errors },
      },
    },
    async (request) => ({ forums: await forums.list(request.actor, request.params.schoolId) }),
  )

  app.post(
    '/forums',
    {
      schema: {
        tags,
        summary: 'Create a forum (admins, FEOs)',
        params: SchoolParams,
        body: ForumDraft,
        response: { 201: Forum, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await forums.create(request.actor, request.params.schoolId, request.body)),
  )

  app.get(
    '/forums/:forumId',
    { schema: { tags, summary: 'One forum with its members', params: ForumParams, response: { 200: Forum, ...errors } } },
    async (request) => forums.get(request.actor, request.params.schoolId, request.params.forumId),
  )

  app.get(
    '/forums/:forumId/candidates',
    {
      schema: {
        tags,
        summary: 'People of the school a facilitator may add',
        params: ForumParams,
        response: { 200: Type.Object({ people: Type.Array(ForumCandidate) }), ...errors },
      },
    },
    async (request) => ({ people: await forums.candidates(request.actor, request.params.schoolId, request.params.forumId) }),
  )

  app.put(
    '/forums/:forumId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Add a member or change their role and what they represent (facilitators)',
        params: MemberParams,
        body: SetMember,
        response: { 200: Forum, ...errors },
      },
    },
    async (request) =>
      forums.setMember(request.actor, request.params.schoolId, request.params.forumId, request.params.userId, request.body),
  )

  app.delete(
    '/forums/:forumId/members/:userId',
    { schema: { tags, summary: 'Remove a member (facilitators)', params: MemberParams, response: { 200: Forum, ...errors } } },
    async (request) => forums.removeMember(request.actor, request.params.schoolId, request.params.forumId, request.params.userId),
  )

  app.get(
    '/forum-record',
    {
      schema: {
        tags,
        summary: '"You said, we did": what the forums raised and what the school did, for every family of the school',
        params: SchoolParams,
        response: { 200: ForumRecord, ...errors },
      },
    },
    async (request) => record.record(request.actor, request.params.schoolId),
  )
}
export default forumsRoutes
