/**
 * Conversations, messages, attachments, reports and office hours: one schema each, used by
 * routes, socket handlers, OpenAPI, the web client and tests.
 */
import { type Static, Type } from 'typebox'
import { Uuid } from './people.ts'

/** Longest message body, in characters. */
export const MESSAGE_MAX_LENGTH = 4000
/** Largest attachment, in bytes. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
/** An author may correct a message for this long after sending it. */
export const EDIT_WINDOW_MS = 5 * 60 * 1000
/** Attachment types accepted, as detected from the file's bytes. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time, HH:MM (24-hour)' })
const DateTime = Type.String({ format: 'date-time' })

export const DayHours = Type.Union([Type.Object({ start: Time, end: Time }, { additionalProperties: false }), Type.Null()])
/** Seven entries, Monday first; null is a day off. */
export const WeeklyHours = Type.Array(DayHours, { minItems: 7, maxItems: 7, description: 'Monday first; null is a day off' })
export type WeeklyHours = Static<typeof WeeklyHours>

export const OfficeHours = Type.Object(
  {
    hours: WeeklyHours,
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    /** Off: this person's messages are not held for hours (the school default can't be off). */
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type OfficeHours = Static<typeof OfficeHours>

export const ConversationKind = Type.Union([Type.Literal('direct'), Type.Literal('group'), Type.Literal('announcement')])
export type ConversationKind = Static<typeof ConversationKind>

export const Participant = Type.Object({
  userId: Uuid,
  name: Type.String(),
  side: Type.Union([Type.Literal('staff'), Type.Literal('family')]),
  lastReadSeq: Type.Integer(),
  lastDeliveredSeq: Type.Integer(),
})
export type Participant = Static<typeof Participant>

export const Attachment = Type.Object({ id: Uuid, fileName: Type.String(), contentType: Type.String(), size: Type.Integer() })
export type Attachment = Static<typeof Attachment>

export const Message = Type.Object({
  id: Uuid,
  conversationId: Uuid,
  /** Server order within the conversation, from 1, without gaps. */
  seq: Type.Integer({ minimum: 1 }),
  authorId: Uuid,
  authorName: Type.String(),
  /** The sender's own id for it: a resend with the same id is the same message. */
  clientId: Uuid,
  /** Plain text; clients render it as text, never as HTML. */
  body: Type.String(),
  attachments: Type.Array(Attachment),
  editedAt: Type.Union([DateTime, Type.Null()]),
  createdAt: DateTime,
})
export type Message = Static<typeof Message>

/** When the staff member of a conversation is next in office hours; null when they are in now. */
export const Away = Type.Union([Type.Object({ userId: Uuid, name: Type.String(), replyFrom: DateTime }), Type.Null()])
export type Away = Static<typeof Away>

export const Conversation = Type.Object({
  id: Uuid,
  kind: ConversationKind,
  title: Type.Union([Type.String(), Type.Null()]),
  classId: Type.Union([Uuid, Type.Null()]),
  /** The class of an announcement channel, in both languages. */
  className: Type.Union([Type.Object({ cy: Type.String(), en: Type.String() }), Type.Null()]),
  participants: Type.Array(Participant),
  lastSeq: Type.Integer(),
  lastMessage: Type.Union([Message, Type.Null()]),
  unread: Type.Integer(),
  closedAt: Type.Union([DateTime, Type.Null()]),
  /** Whether the asker may post here (closed, or a family in an announcement channel, may not). */
  canPost: Type.Boolean(),
  /** For a family writing to staff: when a reply can be expected if it is outside office hours. */
  away: Away,
})
export type Conversation = Static<typeof Conversation>

export const ConversationList = Type.Object({ conversations: Type.Array(Conversation) })
export type ConversationList = Static<typeof ConversationList>

export const StartConversation = Type.Union([
  Type.Object({ kind: Type.Literal('direct'), userId: Uuid }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('group'),
      title: Type.String({ minLength: 1, maxLength: 120 }),
      /** The chosen families, by learner: every guardian of each learner joins. */
      learnerIds: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
])
export type StartConversation = Static<typeof StartConversation>

export const SendMessage = Type.Object(
  {
    clientId: Uuid,
    body: Type.String({ maxLength: MESSAGE_MAX_LENGTH }),
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 5, uniqueItems: true })),
  },
  { additionalProperties: false },
)
export type SendMessage = Static<typeof SendMessage>

export const SentMessage = Type.Object({
  message: Message,
  /** True when this clientId was already stored: the earlier message is returned, not a new one. */
  duplicate: Type.Boolean(),
  away: Away,
})
export type SentMessage = Static<typeof SentMessage>

export const PostAnnouncement = Type.Object(
  { classId: Uuid, clientId: Uuid, body: Type.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH }) },
  { additionalProperties: false },
)
export type PostAnnouncement = Static<typeof PostAnnouncement>

export const EditMessage = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH }) },
  { additionalProperties: false },
)
export type EditMessage = Static<typeof EditMessage>

export const MessagePage = Type.Object({
  messages: Type.Array(Message),
  /** More messages exist beyond this page in the direction asked. */
  hasMore: Type.Boolean(),
  lastSeq: Type.Integer(),
})
export type MessagePage = Static<typeof MessagePage>

export const MessagePageQuery = Type.Object({
  /** Messages after this number (what a reconnecting client missed), oldest first. */
  after: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Messages before this number (scrolling back), oldest first. */
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
})
export type MessagePageQuery = Static<typeof MessagePageQuery>

export const ReadUpTo = Type.Object({ seq: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })
export type ReadUpTo = Static<typeof ReadUpTo>

export const Receipt = Type.Object({ conversationId: Uuid, userId: Uuid, lastReadSeq: Type.Integer(), lastDeliveredSeq: Type.Integer() })
export type Receipt = Static<typeof Receipt>

export const SearchQuery = Type.Object({ q: Type.String({ minLength: 2, maxLength: 200 }) })
export const SearchResults = Type.Object({ messages: Type.Array(Message) })
export type SearchResults = Static<typeof SearchResults>

export const ReportMessage = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false })
export type ReportMessage = Static<typeof ReportMessage>

export const MessageReport = Type.Object({
  id: Uuid,
  message: Message,
  reporterName: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  createdAt: DateTime,
  resolvedAt: Type.Union([DateTime, Type.Null()]),
})
export type MessageReport = Static<typeof MessageReport>

/** Someone the asker may start a direct conversation with. */
export const Contact = Type.Object({
  userId: Uuid,
  name: Type.String(),
  side: Type.Union([Type.Literal('staff'), Type.Literal('family')]),
  /** Why they are a contact: roles for staff, learners' names for families (shown to staff only). */
  roles: Type.Array(Type.String()),
  learners: Type.Array(Type.String()),
  /** The ids of those learners, in the same order (staff choose families for a group by learner). */
  learnerIds: Type.Array(Uuid),
})
export type Contact = Static<typeof Contact>

export const ConversationParams = Type.Object({ schoolId: Uuid, conversationId: Uuid })
export const MessageParams = Type.Object({ schoolId: Uuid, conversationId: Uuid, messageId: Uuid })
export const AttachmentParams = Type.Object({ schoolId: Uuid, attachmentId: Uuid })

/** What a socket acknowledgement carries: the result, or a localised error (status as in HTTP). */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; status: number } }
