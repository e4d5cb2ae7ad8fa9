import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import {
  Audience,
  AudienceCount,
  AudienceOptions,
  Newsletter,
  NewsletterDraft,
  NewsletterParams,
  NewsletterProgress,
  NewsletterSummary,
  Preview,
  ReceivedNewsletter,
  SendNewsletter,
} from '../../../shared/schemas/newsletters.ts'
import { LanguageChoice, SchoolParams } from '../../../shared/schemas/people.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import type { NewslettersService } from './newsletters.service.ts'
import type { ReadingService } from './reading.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
const tags = ['newsletters']

/** Writing, previewing, scheduling and sending newsletters (staff), and the list a family received. */
const newslettersRoutes: FastifyPluginAsyncTypebox<{ service: NewslettersService; reading: ReadingService }> = async (
  app,
  { service, reading },
) => {
  app.get(
    '/newsletters',
    {
      schema: {
        tags,
        summary: 'Newsletters of the school (admins, FEOs), or a teacher’s own',
        params: SchoolParams,
        response: { 200: Type.Object({ newsletters: Type.Array(NewsletterSummary) }), ...errors },
      },
    },
    async (request) => ({ newsletters: await service.list(assertSignedIn(request.actor), request.params.schoolId) }),
  )

  app.post(
    '/newsletters',
    {
      schema: {
        tags,
        summary: 'Start a newsletter (a draft)',
        params: SchoolParams,
        body: NewsletterDraft,
        response: { 201: Newsletter, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(assertSignedIn(request.actor), request.params.schoolId, request.body)),
  )

  app.get(
    '/newsletters/received',
    {
      schema: {
        tags,
        summary: 'Newsletters sent to the asker in this school, newest first',
        params: SchoolParams,
        response: { 200: Type.Object({ newsletters: Type.Array(ReceivedNewsletter) }), ...errors },
      },
    },
    async (request) => ({ newsletters: await reading.received(assertSignedIn(request.actor), request.params.schoolId) }),
  )

  app.get(
    '/newsletters/audience-options',
    {
      schema: {
        tags,
        summary: 'Classes, year groups and families the asker may address',
        params: SchoolParams,
        response: { 200: AudienceOptions, ...errors },
      },
    },
    async (request) => service.audienceOptions(assertSignedIn(request.actor), request.params.schoolId),
  )

  app.post(
    '/newsletters/audience-count',
    {
      schema: {
        tags,
        summary: 'How many adults and learners an audience reaches now',
        params: SchoolParams,
        body: Audience,
        response: { 200: AudienceCount, ...errors },
      },
    },
    async (request) => service.count(assertSignedIn(request.actor), request.params.schoolId, request.body),
  )

  app.get(
    '/newsletters/:newsletterId',
    {
      schema: {
        tags,
        summary: 'One newsletter, with its files and send progress',
        params: NewsletterParams,
        response: { 200: Newsletter, ...errors },
      },
    },
    async (request) => service.get(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId),
  )

  app.put(
    '/newsletters/:newsletterId',
    {
      schema: {
        tags,
        summary: 'Change a draft, or a scheduled newsletter before its send starts',
        params: NewsletterParams,
        body: NewsletterDraft,
        response: { 200: Newsletter, ...errors },
      },
    },
    async (request) => service.update(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId, request.body),
  )

  app.get(
    '/newsletters/:newsletterId/preview',
    {
      schema: {
        tags,
        summary: 'The body as families will see it (sanitised HTML), in Welsh, English or both',
        params: NewsletterParams,
        querystring: Type.Object({ language: LanguageChoice }, { additionalProperties: false }),
        response: { 200: Preview, ...errors },
      },
    },
    async (request) =>
      service.preview(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId, request.query.language),
  )

  app.get(
    '/newsletters/:newsletterId/progress',
    {
      schema: {
        tags,
        summary: 'Recipients resolved, sent, failed',
        params: NewsletterParams,
        response: { 200: NewsletterProgress, ...errors },
      },
    },
    async (request) => service.progress(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId),
  )

  app.post(
    '/newsletters/:newsletterId/test',
    {
      schema: {
        tags,
        summary: 'Send it to me alone, in both languages',
        params: NewsletterParams,
        response: { 202: Type.Object({ queued: Type.Boolean() }), ...errors },
      },
    },
    async (request, reply) => {
      await service.sendTest(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId)
      return reply.status(202).send({ queued: true })
    },
  )

  app.post(
    '/newsletters/:newsletterId/send',
    {
      schema: {
        tags,
        summary: 'Send now, or schedule for `at`; needs both languages or the one-language mark and reason',
        params: NewsletterParams,
        body: SendNewsletter,
        response: { 202: Newsletter, ...errors },
      },
    },
    async (request, reply) => {
      const at = request.body.at ? new Date(request.body.at) : null
      return reply
        .status(202)
        .send(await service.send(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId, at))
    },
  )

  app.post(
    '/newsletters/:newsletterId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a draft or a scheduled send before it starts',
        params: NewsletterParams,
        response: { 200: Newsletter, ...errors },
      },
    },
    async (request) => service.cancel(assertSignedIn(request.actor), request.params.schoolId, request.params.newsletterId),
  )
}
export default newslettersRoutes
