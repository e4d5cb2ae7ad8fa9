import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  AgendaItem,
  AgendaItemSummary,
  ChangeItemStatus,
  ForumParams,
  ItemComment,
  ItemParams,
  ItemText,
  PostComment,
  ProposeItem,
} from '../../../shared/schemas/forum.ts'
import { errors, tags } from './forums.routes.ts'
import type { ItemsService } from './items.service.ts'

/** Agenda items: propose, translate, support, move along the flow, pass on, comment. */
const itemsRoutes: FastifyPluginAsyncTypebox<{ items: ItemsService; leads: (schoolId: string) => Promise<string[]> }> = async (
  app,
  { items, leads },
) => {
  app.get(
    '/forums/:forumId/items',
    {
      schema: {
        tags,
        summary: 'Items of the forum, newest first',
        params: ForumParams,
        response: { 200: Type.Object({ items: Type.Array(AgendaItemSummary) }), ...errors },
      },
    },
    async (request) => ({ items: await items.list(request.actor, request.params.schoolId, request.params.forumId) }),
  )

  app.post(
    '/forums/:forumId/items',
    {
      schema: {
        tags,
        summary: 'Propose an item (members), in the language you write in',
        params: ForumParams,
        body: ProposeItem,
        response: { 201: AgendaItem, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await items.propose(request.actor, request.params.schoolId, request.params.forumId, request.body)),
  )

  app.get(
    '/forums/:forumId/items/:itemId',
    { schema: { tags, summary: 'One item with its history', params: ItemParams, response: { 200: AgendaItem, ...errors } } },
    async (request) => items.get(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId),
  )

  app.put(
    '/forums/:forumId/items/:itemId/text',
    {
      schema: {
        tags,
        summary: 'Write one language: the original (author, while proposed) or the other (author or facilitator)',
        params: ItemParams,
        body: ItemText,
        response: { 200: AgendaItem, ...errors },
      },
    },
    async (request) => items.setText(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId, request.body),
  )

  app.post(
    '/forums/:forumId/items/:itemId/support',
    { schema: { tags, summary: 'Support an item (once per member)', params: ItemParams, response: { 200: AgendaItem, ...errors } } },
    async (request) => items.support(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId, true),
  )

  app.delete(
    '/forums/:forumId/items/:itemId/support',
    { schema: { tags, summary: 'Withdraw one’s support', params: ItemParams, response: { 200: AgendaItem, ...errors } } },
    async (request) => items.support(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId, false),
  )

  app.post(
    '/forums/:forumId/items/:itemId/status',
    {
      schema: {
        tags,
        summary: 'Move an item along the flow (facilitators; the author withdraws)',
        params: ItemParams,
        body: ChangeItemStatus,
        response: { 200: AgendaItem, ...errors },
      },
    },
    async (request) =>
      items.changeStatus(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId, request.body),
  )

  app.post(
    '/forums/:forumId/items/:itemId/refer',
    {
      schema: {
        tags,
        summary: 'Pass an item to the designated safeguarding lead (facilitators)',
        params: ItemParams,
        response: { 200: AgendaItem, ...errors },
      },
    },
    async (request) =>
      items.refer(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId, () =>
        leads(request.params.schoolId),
      ),
  )

  app.get(
    '/forums/:forumId/items/:itemId/comments',
    {
      schema: {
        tags,
        summary: 'The item’s thread, oldest first',
        params: ItemParams,
        response: { 200: Type.Object({ comments: Type.Array(ItemComment) }), ...errors },
      },
    },
    async (request) => ({
      comments: await items.comments(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId),
    }),
  )

  app.post(
    '/forums/:forumId/items/:itemId/comments',
    {
      schema: {
        tags,
        summary: 'Comment (a resend with the same clientId returns the stored one)',
        params: ItemParams,
        body: PostComment,
        response: { 201: ItemComment, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await items.postComment(request.actor, request.params.schoolId, request.params.forumId, request.params.itemId, request.body)),
  )
}
export default itemsRoutes
