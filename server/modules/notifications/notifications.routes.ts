import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../../../shared/errors.ts'
import { rooms } from '../../../shared/realtime.ts'
import {
  IdParams,
  NotificationList,
  NotificationListQuery,
  Preferences,
  PushDevice,
  PushSettings,
  PushSubscriptionInput,
  PushUnsubscribe,
  TestNotification,
  UnreadCount,
} from '../../../shared/schemas/notifications.ts'
import { assertSignedIn } from '../../policies/tenancy.policy.ts'
import { enforceRateLimit } from '../../rate-limit.ts'
import type { NotificationsService } from './notifications.service.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse }
const Read = Type.Object({ ids: Type.Union([Type.Array(Type.String()), Type.Literal('all')]), unread: Type.Integer() })
/** Preferences and subscriptions are small; anything bigger is refused before it is parsed. */
const bodyLimit = 16 * 1024

/** The signed-in person's own notifications, preferences and push devices. */
const notificationsRoutes: FastifyPluginAsyncTypebox<{ service: NotificationsService; redisPrefix: string }> = async (app, opts) => {
  const { service } = opts

  app.get(
    '/me/preferences',
    { schema: { tags: ['notifications'], summary: 'Own notification preferences', response: { 200: Preferences, ...errors } } },
    async (request) => service.getPreferences(assertSignedIn(request.actor)),
  )

  app.put(
    '/me/preferences',
    {
      bodyLimit,
      schema: {
        tags: ['notifications'],
        summary: 'Replace own notification preferences (language, channels, quiet hours, digest)',
        body: Preferences,
        response: { 200: Preferences, ...errors },
      },
    },
    async (request) => service.updatePreferences(assertSignedIn(request.actor), request.body),
  )

  app.get(
    '/me/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Own in-app notifications in the current school, newest first',
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...errors },
      },
    },
    async (request) => service.list(assertSignedIn(request.actor), request.query),
  )

  app.get(
    '/me/notifications/unread',
    { schema: { tags: ['notifications'], summary: 'Own unread count', response: { 200: UnreadCount, ...errors } } },
    async (request) => ({ unread: await service.unreadCount(assertSignedIn(request.actor)) }),
  )

  async function announceRead(userId: string, schoolId: string | null, read: { ids: string[] | 'all'; unread: number }) {
    if (schoolId) app.io.to(rooms.userInSchool(userId, schoolId)).emit('notification.read', read)
    return read
  }

  app.post(
    '/me/notifications/:id/read',
    {
      schema: { tags: ['notifications'], summary: 'Mark one own notification read', params: IdParams, response: { 200: Read, ...errors } },
    },
    async (request) => {
      const actor = assertSignedIn(request.actor)
      return announceRead(actor.userId, actor.schoolId, await service.markRead(actor, [request.params.id]))
    },
  )

  app.post(
    '/me/notifications/read-all',
    { schema: { tags: ['notifications'], summary: 'Mark every own notification read', response: { 200: Read, ...errors } } },
    async (request) => {
      const actor = assertSignedIn(request.actor)
      return announceRead(actor.userId, actor.schoolId, await service.markRead(actor, 'all'))
    },
  )

  app.post(
    '/me/notifications/test',
    {
      bodyLimit,
      schema: {
        tags: ['notifications'],
        summary: 'Send oneself a test notification on every chosen channel',
        body: Type.Optional(TestNotification),
        response: { 202: Type.Object({ id: Type.String() }), 429: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = assertSignedIn(request.actor)
      await enforceRateLimit(app.redis, `${opts.redisPrefix}:rl:test-notification:${actor.userId}`, 10, 3600)
      const id = await service.sendTest(actor, request.body?.category ?? 'messages')
      return reply.status(202).send({ id })
    },
  )

  app.get(
    '/me/push',
    { schema: { tags: ['notifications'], summary: 'VAPID public key and own push devices', response: { 200: PushSettings, ...errors } } },
    async (request) => service.pushSettings(assertSignedIn(request.actor)),
  )

  app.post(
    '/me/push/subscriptions',
    {
      bodyLimit,
      schema: {
        tags: ['notifications'],
        summary: "Save this browser's push subscription",
        body: PushSubscriptionInput,
        response: { 201: PushDevice, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.subscribePush(assertSignedIn(request.actor), request.body)),
  )

  app.post(
    '/me/push/unsubscribe',
    {
      bodyLimit,
      schema: {
        tags: ['notifications'],
        summary: "Remove this browser's push subscription, by endpoint",
        body: PushUnsubscribe,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.unsubscribePush(assertSignedIn(request.actor), { endpoint: request.body.endpoint })
      return reply.status(204).send(null)
    },
  )

  app.delete(
    '/me/push/subscriptions/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Remove one own push device',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.unsubscribePush(assertSignedIn(request.actor), { id: request.params.id })
      return reply.status(204).send(null)
    },
  )
}
export default notificationsRoutes
