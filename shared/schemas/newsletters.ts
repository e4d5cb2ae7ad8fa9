/**
 * Newsletters and announcements: one schema each, used by routes, the fan-out job, OpenAPI, the
 * web client and tests.
 */
import { type Static, Type } from 'typebox'
import { LanguageChoice, Uuid } from './people.ts'

/** Longest title, in characters, per language. */
export const NEWSLETTER_TITLE_MAX = 200
/** Longest body (Markdown), in characters, per language. */
export const NEWSLETTER_BODY_MAX = 50_000
/** Largest attachment, in bytes. */
export const NEWSLETTER_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
/** Reach counts what happened within this long of the send. */
export const REACH_WINDOW_MS = 24 * 3600 * 1000

const DateTime = Type.String({ format: 'date-time' })

export const NewsletterCategory = Type.Union([Type.Literal('newsletter'), Type.Literal('announcement'), Type.Literal('urgent')], {
  description: 'urgent bypasses quiet hours and digests',
})
export type NewsletterCategory = Static<typeof NewsletterCategory>

export const NewsletterStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('scheduled'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('cancelled'),
])
export type NewsletterStatus = Static<typeof NewsletterStatus>

/**
 * Who receives it. Guardians of the chosen learners; each adult once. (No additionalProperties
 * on the variants: Fastify's Ajv removes unknown properties while trying each branch of a union,
 * so the first branch would strip the second's fields.)
 */
export const Audience = Type.Union([
  Type.Object({ kind: Type.Literal('school') }),
  Type.Object({
    kind: Type.Literal('years'),
    yearGroups: Type.Array(Type.Integer({ minimum: -1, maximum: 14 }), { minItems: 1, maxItems: 20 }),
  }),
  Type.Object({ kind: Type.Literal('classes'), classIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }) }),
  Type.Object(
    { kind: Type.Literal('families'), guardianIds: Type.Array(Uuid, { minItems: 1, maxItems: 5000 }) },
    { description: 'Chosen families, by one of their adults: every adult of the family receives it' },
  ),
  Type.Object(
    { kind: Type.Literal('forum'), forumId: Uuid },
    { description: 'A family forum: the households of its members who are parents (every adult of each household)' },
  ),
])
export type Audience = Static<typeof Audience>

const Title = Type.String({ maxLength: NEWSLETTER_TITLE_MAX })
const Body = Type.String({ maxLength: NEWSLETTER_BODY_MAX, description: 'Markdown: headings, lists, links, images; no HTML' })

/** What the sender writes. Empty strings are allowed in a draft; sending checks completeness. */
export const NewsletterDraft = Type.Object(
  {
    titleCy: Title,
    titleEn: Title,
    bodyCy: Body,
    bodyEn: Body,
    category: NewsletterCategory,
    audience: Audience,
    /** Set when the sender sends one language only; `singleLanguageReason` then says why. */
    singleLanguage: Type.Union([Type.Literal('cy'), Type.Literal('en'), Type.Null()]),
    singleLanguageReason: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  },
  { additionalProperties: false },
)
export type NewsletterDraft = Static<typeof NewsletterDraft>

export const NewsletterAttachment = Type.Object({ id: Uuid, fileName: Type.String(), contentType: Type.String(), size: Type.Integer() })
export type NewsletterAttachment = Static<typeof NewsletterAttachment>

export const NewsletterProgress = Type.Object({
  newsletterId: Uuid,
  status: NewsletterStatus,
  /** Adults the audience resolved to (0 until the fan-out starts). */
  recipients: Type.Integer(),
  /** Recipients whose notification has been created (fan-out progress). */
  resolved: Type.Integer(),
  /** Email and push deliveries sent, failed and still to go. */
  sent: Type.Integer(),
  failed: Type.Integer(),
  pending: Type.Integer(),
})
export type NewsletterProgress = Static<typeof NewsletterProgress>

export const Newsletter = Type.Object({
  id: Uuid,
  ...NewsletterDraft.properties,
  status: NewsletterStatus,
  authorName: Type.String(),
  /** When a scheduled send starts (null: not scheduled). */
  scheduledFor: Type.Union([DateTime, Type.Null()]),
  sentAt: Type.Union([DateTime, Type.Null()]),
  createdAt: DateTime,
  updatedAt: DateTime,
  attachments: Type.Array(NewsletterAttachment),
  progress: NewsletterProgress,
})
export type Newsletter = Static<typeof Newsletter>

export const NewsletterSummary = Type.Object({
  id: Uuid,
  titleCy: Type.String(),
  titleEn: Type.String(),
  category: NewsletterCategory,
  status: NewsletterStatus,
  scheduledFor: Type.Union([DateTime, Type.Null()]),
  sentAt: Type.Union([DateTime, Type.Null()]),
  updatedAt: DateTime,
  recipients: Type.Integer(),
})
export type NewsletterSummary = Static<typeof NewsletterSummary>

/** A newsletter as a family received it. */
export const ReceivedNewsletter = Type.Object({
  id: Uuid,
  titleCy: Type.String(),
  titleEn: Type.String(),
  category: NewsletterCategory,
  /** The language it was sent to this person in (the household rule applied). */
  language: LanguageChoice,
  sentAt: Type.Union([DateTime, Type.Null()]),
  openedAt: Type.Union([DateTime, Type.Null()]),
  /** The page that shows it (works without JavaScript). */
  url: Type.String(),
})
export type ReceivedNewsletter = Static<typeof ReceivedNewsletter>

export const NewsletterParams = Type.Object({ schoolId: Uuid, newsletterId: Uuid })
export type NewsletterParams = Static<typeof NewsletterParams>

export const AudienceCount = Type.Object({
  /** Adults who will receive it (each once). */
  guardians: Type.Integer(),
  /** Learners whose families are in it. */
  learners: Type.Integer(),
})
export type AudienceCount = Static<typeof AudienceCount>

export const AudienceOptions = Type.Object({
  classes: Type.Array(
    Type.Object({ id: Uuid, nameCy: Type.String(), nameEn: Type.String(), yearGroup: Type.Union([Type.Integer(), Type.Null()]) }),
  ),
  yearGroups: Type.Array(Type.Integer()),
  families: Type.Array(Type.Object({ guardianId: Uuid, name: Type.String(), learners: Type.Array(Type.String()) })),
  /** The school's family forums (admins and FEOs only; empty for teachers). */
  forums: Type.Array(Type.Object({ id: Uuid, nameCy: Type.String(), nameEn: Type.String() })),
})
export type AudienceOptions = Static<typeof AudienceOptions>

export const Preview = Type.Object({
  language: LanguageChoice,
  /** Sanitised HTML; Welsh first when both. */
  html: Type.String(),
})
export type Preview = Static<typeof Preview>

export const SendNewsletter = Type.Object(
  { at: Type.Optional(Type.Union([DateTime, Type.Null()], { description: 'Schedule for later; absent or null sends now' })) },
  { additionalProperties: false },
)
export type SendNewsletter = Static<typeof SendNewsletter>

export const ContactMethod = Type.Union([Type.Literal('phone'), Type.Literal('meeting'), Type.Literal('paper'), Type.Literal('other')])
export type ContactMethod = Static<typeof ContactMethod>

export const RecordContact = Type.Object(
  { method: ContactMethod, note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
)
export type RecordContact = Static<typeof RecordContact>

export const SendReminder = Type.Object(
  { channel: Type.Union([Type.Literal('email'), Type.Literal('push')]) },
  { additionalProperties: false },
)
export type SendReminder = Static<typeof SendReminder>

const ChannelState = Type.Union([
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('pending'),
  Type.Literal('skipped'),
  Type.Literal('none'),
])

export const ReachRecipient = Type.Object({
  userId: Uuid,
  name: Type.String(),
  language: LanguageChoice,
  learners: Type.Array(Type.String()),
  /** What happened on each channel for this newsletter. */
  channels: Type.Object({ inApp: ChannelState, email: ChannelState, push: ChannelState }),
  /** Channels the person allows and can be reached on now (for a reminder). */
  reminderChannels: Type.Array(Type.Union([Type.Literal('email'), Type.Literal('push')])),
  openedAt: Type.Union([DateTime, Type.Null()]),
  openedVia: Type.Union([Type.Literal('app'), Type.Literal('email'), Type.Null()]),
  /** The first moment the person was reached (a channel delivered, opened, or contacted). */
  reachedAt: Type.Union([DateTime, Type.Null()]),
  contacted: Type.Union([
    Type.Object({ method: ContactMethod, note: Type.Union([Type.String(), Type.Null()]), byName: Type.String(), at: DateTime }),
    Type.Null(),
  ]),
})
export type ReachRecipient = Static<typeof ReachRecipient>

export const Reach = Type.Object({
  newsletterId: Uuid,
  sentAt: Type.Union([DateTime, Type.Null()]),
  recipients: Type.Integer(),
  /** Families (learners' households) with any adult reached within 24 hours of the send. */
  families: Type.Integer(),
  familiesReached24h: Type.Integer(),
  classes: Type.Array(
    Type.Object({
      classId: Type.Union([Uuid, Type.Null()]),
      nameCy: Type.String(),
      nameEn: Type.String(),
      families: Type.Integer(),
      reached24h: Type.Integer(),
    }),
  ),
  /** Adults of families nobody in which was reached (by any channel, opening, or other contact). */
  notReached: Type.Array(ReachRecipient),
  /** Every recipient, for the full table. */
  all: Type.Array(ReachRecipient),
})
export type Reach = Static<typeof Reach>
