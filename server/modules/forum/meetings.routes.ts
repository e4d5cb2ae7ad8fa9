import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ActionParams,
  AgendaSuggestion,
  ForumAction,
  ForumParams,
  Meeting,
  MeetingDraft,
  MeetingParams,
  MeetingSummary,
  NewAction,
  SetAgenda,
  SetAttendance,
  SetMinutes,
  UpdateAction,
} from '../../../shared/schemas/forum.ts'
import { errors, tags } from './forums.routes.ts'
import type { MeetingsService } from './meetings.service.ts'
import type { MinutesService } from './minutes.service.ts'

/** Meetings: time and place, agenda, publication, attendance, minutes and actions. */
const meetingsRoutes: FastifyPluginAsyncTypebox<{ meetings: MeetingsService; minutes: MinutesService }> = async (
  app,
  { meetings, minutes },
) => {
  app.get(
    '/forums/:forumId/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings of the forum, latest first',
        params: ForumParams,
        response: { 200: Type.Object({ meetings: Type.Array(MeetingSummary) }), ...errors },
      },
    },
    async (request) => ({ meetings: await meetings.list(request.actor, request.params.schoolId, request.params.forumId) }),
  )

  app.post(
    '/forums/:forumId/meetings',
    {
      schema: {
        tags,
        summary: 'Create a meeting (facilitators)',
        params: ForumParams,
        body: MeetingDraft,
        response: { 201: Meeting, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await meetings.create(request.actor, request.params.schoolId, request.params.forumId, request.body)),
  )

  app.get(
    '/forums/:forumId/meetings/:meetingId',
    {
      schema: {
        tags,
        summary: 'One meeting: agenda, minutes, actions, attendance',
        params: MeetingParams,
        response: { 200: Meeting, ...errors },
      },
    },
    async (request) => meetings.get(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId),
  )

  app.put(
    '/forums/:forumId/meetings/:meetingId',
    {
      schema: {
        tags,
        summary: 'Change time, length or place (facilitators)',
        params: MeetingParams,
        body: MeetingDraft,
        response: { 200: Meeting, ...errors },
      },
    },
    async (request) =>
      meetings.update(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId, request.body),
  )

  app.get(
    '/forums/:forumId/meetings/:meetingId/suggested-agenda',
    {
      schema: {
        tags,
        summary: 'Accepted items for the agenda: carried over first, then by support',
        params: MeetingParams,
        response: { 200: Type.Object({ items: Type.Array(AgendaSuggestion) }), ...errors },
      },
    },
    async (request) => ({
      items: await meetings.suggest(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId),
    }),
  )

  app.put(
    '/forums/:forumId/meetings/:meetingId/agenda',
    {
      schema: {
        tags,
        summary: 'Set the agenda in order; never longer than the meeting',
        params: MeetingParams,
        body: SetAgenda,
        response: { 200: Meeting, ...errors },
      },
    },
    async (request) =>
      meetings.setAgenda(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId, request.body),
  )

  app.post(
    '/forums/:forumId/meetings/:meetingId/publish',
    {
      schema: {
        tags,
        summary: 'Publish the agenda: members are told, with a calendar invitation',
        params: MeetingParams,
        response: { 200: Meeting, ...errors },
      },
    },
    async (request) => meetings.publish(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId),
  )

  app.put(
    '/forums/:forumId/meetings/:meetingId/attendance',
    {
      schema: {
        tags,
        summary: 'I will come or not, and the language I ask for',
        params: MeetingParams,
        body: SetAttendance,
        response: { 200: Meeting, ...errors },
      },
    },
    async (request) =>
      meetings.attend(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId, request.body),
  )

  app.put(
    '/forums/:forumId/meetings/:meetingId/minutes',
    {
      schema: {
        tags,
        summary: 'Write minutes per agenda entry (until approved)',
        params: MeetingParams,
        body: SetMinutes,
        response: { 200: Meeting, ...errors },
      },
    },
    async (request) =>
      minutes.setMinutes(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId, request.body),
  )

  app.post(
    '/forums/:forumId/meetings/:meetingId/minutes/share',
    { schema: { tags, summary: 'Send the draft minutes to members', params: MeetingParams, response: { 200: Meeting, ...errors } } },
    async (request) => minutes.share(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId),
  )

  app.post(
    '/forums/:forumId/meetings/:meetingId/minutes/approve',
    { schema: { tags, summary: 'Approve and lock the minutes', params: MeetingParams, response: { 200: Meeting, ...errors } } },
    async (request) => minutes.approve(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId),
  )

  app.post(
    '/forums/:forumId/meetings/:meetingId/actions',
    {
      schema: {
        tags,
        summary: 'Record an action on an agenda entry',
        params: MeetingParams,
        body: NewAction,
        response: { 201: ForumAction, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await minutes.addAction(request.actor, request.params.schoolId, request.params.forumId, request.params.meetingId, request.body),
        ),
  )

  app.patch(
    '/forums/:forumId/actions/:actionId',
    {
      schema: {
        tags,
        summary: 'Report back on an action: open, in progress, done',
        params: ActionParams,
        body: UpdateAction,
        response: { 200: ForumAction, ...errors },
      },
    },
    async (request) =>
      minutes.updateAction(request.actor, request.params.schoolId, request.params.forumId, request.params.actionId, request.body),
  )
}
export default meetingsRoutes
