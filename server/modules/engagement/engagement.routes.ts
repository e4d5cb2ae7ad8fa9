import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import {
  Contact,
  ContactParams,
  ContactUpdate,
  EngagementCharts,
  EngagementFilter,
  EngagementLists,
  FamiliesQuery,
  FamilyList,
  FamilyPage,
  FamilyParams,
  FamilyReminder,
  FollowUpsToday,
  ListsQuery,
  NewContact,
} from '../../../shared/schemas/engagement.ts'
import { SchoolParams } from '../../../shared/schemas/people.ts'
import { type ChartsService, chartsCsv } from './charts.ts'
import type { EngagementService } from './engagement.service.ts'
import type { FamilyActions } from './family-actions.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
const tags = ['engagement']

/** The FEO's workspace (FEOs and admins; a family's page also for the DSL). */
const engagementRoutes: FastifyPluginAsyncTypebox<{ engagement: EngagementService; family: FamilyActions; charts: ChartsService }> = async (
  app,
  { engagement, family, charts },
) => {
  app.get(
    '/engagement/lists',
    {
      schema: {
        tags,
        summary: 'Families not reached in N weeks, with no working channel, waiting for a reply; follow-ups due; reply times by language',
        params: SchoolParams,
        querystring: ListsQuery,
        response: { 200: EngagementLists, ...errors },
      },
    },
    async (request) => engagement.lists(request.actor, request.params.schoolId, request.query),
  )

  app.get(
    '/engagement/charts',
    {
      schema: {
        tags,
        summary: 'Per class and half-term: families reached by newsletters, writing messages, taking part in the forum',
        params: SchoolParams,
        querystring: EngagementFilter,
        response: { 200: EngagementCharts, ...errors },
      },
    },
    async (request) => charts.charts(request.actor, request.params.schoolId, request.query),
  )

  app.get(
    '/engagement/charts.csv',
    {
      schema: {
        tags,
        summary: 'The same figures as CSV, for the school self-evaluation',
        params: SchoolParams,
        querystring: EngagementFilter,
        response: { 200: Type.String({ description: 'text/csv' }), ...errors },
      },
    },
    async (request, reply) => {
      const figures = await charts.charts(request.actor, request.params.schoolId, request.query)
      const language = request.language()
      const className = (c: { nameCy: string; nameEn: string }) =>
        language === 'cy' ? c.nameCy : language === 'en' ? c.nameEn : `${c.nameCy} / ${c.nameEn}`
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="engagement.csv"')
        .send(chartsCsv(figures, (key) => request.t(key), className))
    },
  )

  app.get(
    '/engagement/families',
    {
      schema: {
        tags,
        summary: "The school's families, or the asker's caseload",
        params: SchoolParams,
        querystring: FamiliesQuery,
        response: { 200: FamilyList, ...errors },
      },
    },
    async (request) => engagement.families(request.actor, request.params.schoolId, request.query),
  )

  app.get(
    '/engagement/families/:familyId',
    {
      schema: {
        tags,
        summary: 'A family: adults, learners, timeline, contact log and follow-ups (every reading of the log is audited)',
        params: FamilyParams,
        response: { 200: FamilyPage, ...errors },
      },
    },
    async (request) => family.page(request.actor, request.params.schoolId, request.params.familyId),
  )

  app.post(
    '/engagement/families/:familyId/contacts',
    {
      schema: {
        tags,
        summary: 'Log a contact or a note, with an optional follow-up date',
        params: FamilyParams,
        body: NewContact,
        response: { 201: Contact, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await family.addContact(request.actor, request.params.schoolId, request.params.familyId, request.body)),
  )

  app.patch(
    '/engagement/contacts/:contactId',
    {
      schema: {
        tags,
        summary: 'Change or complete a follow-up',
        params: ContactParams,
        body: ContactUpdate,
        response: { 200: Contact, ...errors },
      },
    },
    async (request) => family.updateContact(request.actor, request.params.schoolId, request.params.contactId, request.body),
  )

  for (const [method, inCaseload] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/engagement/caseload/:familyId',
      schema: {
        tags,
        summary: inCaseload ? 'Add the family to my caseload' : 'Take the family out of my caseload',
        params: FamilyParams,
        response: { 204: Type.Null(), ...errors },
      },
      handler: async (request, reply) => {
        await family.setCaseload(request.actor, request.params.schoolId, request.params.familyId, inCaseload)
        return reply.status(204).send(null)
      },
    })
  }

  app.post(
    '/engagement/families/:familyId/reminder',
    {
      schema: {
        tags,
        summary: "Send the family's latest unopened newsletter again on one channel",
        params: FamilyParams,
        body: FamilyReminder,
        response: { 202: Type.Object({ queued: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const queued = await family.remind(request.actor, request.params.schoolId, request.params.familyId, request.body.channel)
      return reply.status(202).send({ queued })
    },
  )

  app.get(
    '/engagement/follow-ups/today',
    { schema: { tags, summary: 'My follow-ups due today or earlier', params: SchoolParams, response: { 200: FollowUpsToday, ...errors } } },
    async (request) => ({ followUps: await engagement.followUpsToday(request.actor, request.params.schoolId) }),
  )
}
export default engagementRoutes
