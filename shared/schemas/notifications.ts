/**
 * Notification preferences, the in-app list, push subscriptions and failed deliveries: one
 * schema each, used by routes, OpenAPI, the web client and tests.
 */
import { type Static, Type } from 'typebox'
import { LanguageChoice, Uuid } from './people.ts'

/** Categories a person can choose channels for. */
export const CATEGORIES = ['messages', 'newsletters', 'forum', 'urgent'] as const
export type Category = (typeof CATEGORIES)[number]
/**
 * Every category a notification can have. Safeguarding notices (and sign-in mail, sent apart
 * from this pipeline) are essential: they ignore channel choices, quiet hours and digests and
 * carry no unsubscribe link.
 */
export const NOTIFICATION_CATEGORIES = [...CATEGORIES, 'safeguarding'] as const
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number]
export const CHANNELS = ['in_app', 'email', 'push'] as const
export type Channel = (typeof CHANNELS)[number]

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time, HH:MM (24-hour)' })

export const ChannelChoice = Type.Object(
  { email: Type.Boolean(), push: Type.Boolean() },
  { additionalProperties: false, description: 'In-app is always on' },
)
export type ChannelChoice = Static<typeof ChannelChoice>

export const CategoryChannels = Type.Object(
  { messages: ChannelChoice, newsletters: ChannelChoice, forum: ChannelChoice, urgent: ChannelChoice },
  { additionalProperties: false },
)
export type CategoryChannels = Static<typeof CategoryChannels>

export const QuietHours = Type.Union([Type.Object({ start: Time, end: Time }, { additionalProperties: false }), Type.Null()], {
  description: 'Non-urgent notifications wait until quiet hours end; null means none',
})

export const Digest = Type.Object(
  {
    mode: Type.Union([Type.Literal('off'), Type.Literal('daily')]),
    time: Time,
  },
  { additionalProperties: false, description: 'Daily: non-urgent emails are gathered into one email at this local time' },
)

export const Preferences = Type.Object(
  {
    language: LanguageChoice,
    channels: CategoryChannels,
    quietHours: QuietHours,
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, Europe/London by default' }),
    digest: Digest,
  },
  { additionalProperties: false },
)
export type Preferences = Static<typeof Preferences>

/** The text of a notification in one language. */
export const NotificationText = Type.Object({ title: Type.String(), body: Type.String() })

export const NotificationItem = Type.Object({
  id: Uuid,
  category: Type.Union([
    Type.Literal('messages'),
    Type.Literal('newsletters'),
    Type.Literal('forum'),
    Type.Literal('urgent'),
    Type.Literal('safeguarding'),
  ]),
  kind: Type.String(),
  path: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Both languages; the client shows what the person chose (both: Welsh first). */
  text: Type.Object({ cy: NotificationText, en: NotificationText }),
})
export type NotificationItem = Static<typeof NotificationItem>

export const NotificationList = Type.Object({
  items: Type.Array(NotificationItem),
  unread: Type.Integer({ minimum: 0 }),
  /** Pass as `before` to get the next (older) page; null on the last page. */
  next: Type.Union([Type.String(), Type.Null()]),
})
export type NotificationList = Static<typeof NotificationList>

export const NotificationListQuery = Type.Object({
  before: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
})
export type NotificationListQuery = Static<typeof NotificationListQuery>

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) })
export type UnreadCount = Static<typeof UnreadCount>

export const TestNotification = Type.Object(
  {
    category: Type.Optional(
      Type.Union([Type.Literal('messages'), Type.Literal('newsletters'), Type.Literal('forum'), Type.Literal('urgent')]),
    ),
  },
  { additionalProperties: false },
)
export type TestNotification = Static<typeof TestNotification>

/** What a browser's PushSubscription.toJSON() gives, plus a label for the settings page. */
export const PushSubscriptionInput = Type.Object(
  {
    endpoint: Type.String({ format: 'uri', pattern: '^https://', maxLength: 2048 }),
    keys: Type.Object(
      {
        p256dh: Type.String({ pattern: '^[A-Za-z0-9_-]{87}={0,1}$', description: 'P-256 public key, URL-safe base64 (65 bytes)' }),
        auth: Type.String({ pattern: '^[A-Za-z0-9_-]{22}(==)?$', description: 'Auth secret, URL-safe base64 (16 bytes)' }),
      },
      { additionalProperties: false },
    ),
    label: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)
export type PushSubscriptionInput = Static<typeof PushSubscriptionInput>

export const PushDevice = Type.Object({ id: Uuid, label: Type.String(), createdAt: Type.String({ format: 'date-time' }) })
export type PushDevice = Static<typeof PushDevice>

export const PushSettings = Type.Object({
  /** VAPID public key for PushManager.subscribe({ applicationServerKey }). */
  publicKey: Type.String(),
  devices: Type.Array(PushDevice),
})
export type PushSettings = Static<typeof PushSettings>

export const PushUnsubscribe = Type.Object({ endpoint: Type.String({ maxLength: 2048 }) }, { additionalProperties: false })
export type PushUnsubscribe = Static<typeof PushUnsubscribe>

export const FailedDelivery = Type.Object({
  id: Uuid,
  channel: Type.Union([Type.Literal('in_app'), Type.Literal('email'), Type.Literal('push')]),
  recipient: Type.Object({ id: Uuid, name: Type.String() }),
  kind: Type.String(),
  reason: Type.String({ description: 'Stable reason code' }),
  /** The reason in the asker's language. */
  reasonText: Type.String(),
  attempts: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type FailedDelivery = Static<typeof FailedDelivery>
export const FailedDeliveries = Type.Object({ items: Type.Array(FailedDelivery) })

export const DeliveryParams = Type.Object({ schoolId: Uuid, deliveryId: Uuid })
export type DeliveryParams = Static<typeof DeliveryParams>
export const IdParams = Type.Object({ id: Uuid })
