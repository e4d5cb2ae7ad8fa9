import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import {
  Contact,
  Conversation,
  ConversationList,
  ConversationParams,
  EditMessage,
  Message,
  MessagePage,
  MessagePageQuery,
  MessageParams,
  PostAnnouncement,
  ReadUpTo,
  Receipt,
  SearchQuery,
  SearchResults,
  SendMessage,
  SentMessage,
  StartConversation,
} from '../../../shared/schemas/messaging.ts'
import { ClassGroup, SchoolParams } from '../../../shared/schemas/people.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import type { MessagingService } from './messaging.service.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse }
const tags = ['messaging']

/** Conversations and messages over HTTP (the web app sends over the socket; both reach the same service). */
const messagingRoutes: FastifyPluginAsyncTypebox<{ service: MessagingService }> = async (app, { service }) => {
  app.get(
    '/conversations',
    {
      schema: {
        tags,
        summary: 'Own conversations, most recent first',
        params: SchoolParams,
        response: { 200: ConversationList, ...errors },
      },
    },
    async (request) => ({ conversations: await service.list(assertSignedIn(request.actor), request.params.schoolId) }),
  )

  app.post(
    '/conversations',
    {
      schema: {
        tags,
        summary: 'Start (or find) a direct conversation, or start a group with chosen families',
        params: SchoolParams,
        body: StartConversation,
        response: { 201: Conversation, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.start(assertSignedIn(request.actor), request.params.schoolId, request.body)),
  )

  app.get(
    '/conversations/contacts',
    {
      schema: {
        tags,
        summary: 'People the asker may start a direct conversation with',
        params: SchoolParams,
        response: { 200: Type.Object({ contacts: Type.Array(Contact) }), ...errors },
      },
    },
    async (request) => ({ contacts: await service.contacts(assertSignedIn(request.actor), request.params.schoolId) }),
  )

  app.get(
    '/conversations/announcement-classes',
    {
      schema: {
        tags,
        summary: 'Classes the asker may post announcements to',
        params: SchoolParams,
        response: { 200: Type.Object({ classes: Type.Array(ClassGroup) }), ...errors },
      },
    },
    async (request) => ({ classes: await service.announcementClasses(assertSignedIn(request.actor), request.params.schoolId) }),
  )

  app.get(
    '/conversations/search',
    {
      schema: {
        tags,
        summary: 'Search own conversations (every word must match)',
        params: SchoolParams,
        querystring: SearchQuery,
        response: { 200: SearchResults, ...errors },
      },
    },
    async (request) => ({ messages: await service.search(assertSignedIn(request.actor), request.params.schoolId, request.query.q) }),
  )

  app.get(
    '/conversations/:conversationId',
    { schema: { tags, summary: 'One own conversation', params: ConversationParams, response: { 200: Conversation, ...errors } } },
    async (request) => service.get(assertSignedIn(request.actor), request.params.schoolId, request.params.conversationId),
  )

  app.get(
    '/conversations/:conversationId/messages',
    {
      schema: {
        tags,
        summary: 'Messages: the latest page, a page before a number, or everything after one',
        params: ConversationParams,
        querystring: MessagePageQuery,
        response: { 200: MessagePage, ...errors },
      },
    },
    async (request) => service.page(assertSignedIn(request.actor), request.params.schoolId, request.params.conversationId, request.query),
  )

  app.post(
    '/conversations/:conversationId/messages',
    {
      schema: {
        tags,
        summary: 'Send a message (idempotent by clientId: a resend returns the stored message with 200)',
        params: ConversationParams,
        body: SendMessage,
        response: { 200: SentMessage, 201: SentMessage, ...errors },
      },
    },
    async (request, reply) => {
      const sent = await service.send(assertSignedIn(request.actor), request.params.schoolId, request.params.conversationId, request.body)
      return reply.status(sent.duplicate ? 200 : 201).send(sent)
    },
  )

  app.patch(
    '/conversations/:conversationId/messages/:messageId',
    {
      schema: {
        tags,
        summary: 'Correct own message within 5 minutes (the earlier text is kept)',
        params: MessageParams,
        body: EditMessage,
        response: { 200: Message, ...errors },
      },
    },
    async (request) =>
      service.edit(
        assertSignedIn(request.actor),
        request.params.schoolId,
        request.params.conversationId,
        request.params.messageId,
        request.body,
      ),
  )

  app.post(
    '/conversations/:conversationId/read',
    {
      schema: {
        tags,
        summary: 'Mark read up to a sequence number',
        params: ConversationParams,
        body: ReadUpTo,
        response: { 200: Receipt, ...errors },
      },
    },
    async (request) =>
      service.markRead(assertSignedIn(request.actor), request.params.schoolId, request.params.conversationId, request.body.seq),
  )

  app.post(
    '/conversations/:conversationId/close',
    {
      schema: { tags, summary: 'Close a conversation (staff)', params: ConversationParams, response: { 200: Conversation, ...errors } },
    },
    async (request) => service.close(assertSignedIn(request.actor), request.params.schoolId, request.params.conversationId),
  )

  app.post(
    '/announcements',
    {
      schema: {
        tags,
        summary: "Post to a class's families (teacher of the class, FEO or admin); families reply privately",
        params: SchoolParams,
        body: PostAnnouncement,
        response: { 200: SentMessage, 201: SentMessage, ...errors },
      },
    },
    async (request, reply) => {
      const sent = await service.announce(assertSignedIn(request.actor), request.params.schoolId, request.body)
      return reply.status(sent.duplicate ? 200 : 201).send(sent)
    },
  )
}
export default messagingRoutes
