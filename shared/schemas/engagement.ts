/**
 * The Family Engagement Officer's workspace: families (the adults who share learners), each
 * family's timeline and contact log, the FEO's caseload, the engagement lists and charts. One
 * schema each, used by routes, OpenAPI, the web client and tests.
 *
 * A family has no row of its own: it is the adults linked to the same learners, found again
 * from the links on each request. Its id is the smallest user id among its adults; any adult's
 * id finds the same family.
 */
import { type Static, Type } from 'typebox'
import { LanguageChoice, Uuid } from './people.ts'

export const CONTACT_NOTE_MAX = 2000
/** "Nothing reached in the last N weeks": N when the asker does not say. */
export const DEFAULT_QUIET_WEEKS = 4
/** A parent's message waits too long after this many school days (Monday to Friday). */
export const REPLY_WAIT_SCHOOL_DAYS = 2

const DateTime = Type.String({ format: 'date-time' })
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

export const FamilyParams = Type.Object({ schoolId: Uuid, familyId: Uuid })
export type FamilyParams = Static<typeof FamilyParams>
export const ContactParams = Type.Object({ schoolId: Uuid, contactId: Uuid })
export type ContactParams = Static<typeof ContactParams>

/** How the FEO was in touch; `note` is a note or a follow-up with no contact. */
export const ContactKind = Type.Union([
  Type.Literal('phone'),
  Type.Literal('home_visit'),
  Type.Literal('coffee_morning'),
  Type.Literal('meeting'),
  Type.Literal('note'),
])
export type ContactKind = Static<typeof ContactKind>
export const CONTACT_KINDS = ['phone', 'home_visit', 'coffee_morning', 'meeting', 'note'] as const satisfies readonly ContactKind[]

/** Filters every list and chart takes: one class, or one year group. */
export const EngagementFilter = Type.Object(
  {
    classId: Type.Optional(Uuid),
    year: Type.Optional(Type.Integer({ minimum: -1, maximum: 14, description: '0 is Reception, -1 Nursery' })),
  },
  { additionalProperties: false },
)
export type EngagementFilter = Static<typeof EngagementFilter>

export const ListsQuery = Type.Object(
  {
    ...EngagementFilter.properties,
    weeks: Type.Integer({ minimum: 1, maximum: 52, default: DEFAULT_QUIET_WEEKS, description: 'Nothing reached in this many weeks' }),
  },
  { additionalProperties: false },
)
export type ListsQuery = Static<typeof ListsQuery>

export const FamiliesQuery = Type.Object(
  {
    ...EngagementFilter.properties,
    caseload: Type.Optional(Type.Boolean({ description: "Only the asker's caseload" })),
  },
  { additionalProperties: false },
)
export type FamiliesQuery = Static<typeof FamiliesQuery>

export const FamilyAdult = Type.Object({
  userId: Uuid,
  name: Type.String(),
  language: LanguageChoice,
  hasEmail: Type.Boolean(),
  pushDevices: Type.Integer(),
  signedInEver: Type.Boolean(),
})
export type FamilyAdult = Static<typeof FamilyAdult>

export const FamilyLearner = Type.Object({
  learnerId: Uuid,
  name: Type.String(),
  classId: Nullable(Type.String()),
  classCy: Nullable(Type.String()),
  classEn: Nullable(Type.String()),
  year: Type.Union([Type.Integer(), Type.Null()]),
})
export type FamilyLearner = Static<typeof FamilyLearner>

/** A family as every list shows it. */
export const FamilySummary = Type.Object({
  familyId: Uuid,
  adults: Type.Array(FamilyAdult),
  learners: Type.Array(FamilyLearner),
  inCaseload: Type.Boolean({ description: "In the asker's caseload" }),
  /** The last time anything reached the family (delivery, reading, message, contact), if ever. */
  lastReachedAt: Nullable(DateTime),
})
export type FamilySummary = Static<typeof FamilySummary>

export const FamilyList = Type.Object({ families: Type.Array(FamilySummary) })
export type FamilyList = Static<typeof FamilyList>

export const Contact = Type.Object({
  id: Uuid,
  familyId: Uuid,
  kind: ContactKind,
  note: Type.String(),
  at: DateTime,
  byName: Type.String(),
  followUpOn: Nullable(Day),
  followUpDone: Type.Boolean(),
})
export type Contact = Static<typeof Contact>

export const NewContact = Type.Object(
  {
    kind: ContactKind,
    note: Type.String({ maxLength: CONTACT_NOTE_MAX }),
    /** When it happened; now when not given. Not in the future. */
    at: Type.Optional(DateTime),
    followUpOn: Type.Optional(Day),
  },
  { additionalProperties: false },
)
export type NewContact = Static<typeof NewContact>

export const ContactUpdate = Type.Object(
  {
    followUpOn: Type.Optional(Type.Union([Day, Type.Null()])),
    followUpDone: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ContactUpdate = Static<typeof ContactUpdate>

/** One line of a family's timeline. Message bodies appear only to a participant of the conversation. */
export const TimelineEntry = Type.Union([
  Type.Object({
    kind: Type.Literal('message'),
    at: DateTime,
    conversationId: Uuid,
    fromFamily: Type.Boolean(),
    authorName: Type.String(),
    /** null: the asker is not in the conversation, so only that a message was written shows. */
    body: Nullable(Type.String()),
  }),
  Type.Object({
    kind: Type.Literal('newsletter'),
    at: DateTime,
    newsletterId: Uuid,
    titleCy: Type.String(),
    titleEn: Type.String(),
    reached: Type.Boolean(),
  }),
  Type.Object({
    kind: Type.Literal('forum'),
    at: DateTime,
    forumId: Uuid,
    /** proposed (never for an anonymous item), supported, commented, attended. */
    activity: Type.Union([Type.Literal('proposed'), Type.Literal('supported'), Type.Literal('commented'), Type.Literal('attended')]),
    adultName: Type.String(),
    forumCy: Type.String(),
    forumEn: Type.String(),
  }),
  Type.Object({ kind: Type.Literal('contact'), at: DateTime, contact: Contact }),
])
export type TimelineEntry = Static<typeof TimelineEntry>

export const FamilyPage = Type.Object({
  family: FamilySummary,
  /** Newest first, at most 200 entries. */
  timeline: Type.Array(TimelineEntry),
  /** Open follow-ups, soonest first. */
  followUps: Type.Array(Contact),
})
export type FamilyPage = Static<typeof FamilyPage>

export const AwaitingReply = Type.Object({
  family: FamilySummary,
  conversationId: Uuid,
  /** The first family message still without a staff answer. */
  since: DateTime,
  schoolDays: Type.Integer({ description: 'School days (Monday to Friday) waited so far' }),
  staffNames: Type.Array(Type.String()),
})
export type AwaitingReply = Static<typeof AwaitingReply>

export const FollowUpDue = Type.Object({ family: FamilySummary, contact: Contact })
export type FollowUpDue = Static<typeof FollowUpDue>

export const ReplyTimes = Type.Object({
  /** Messages answered, and the median staff reply time in minutes (null with none). */
  count: Type.Integer(),
  medianMinutes: Type.Union([Type.Number(), Type.Null()]),
})
export type ReplyTimes = Static<typeof ReplyTimes>

export const EngagementLists = Type.Object({
  weeks: Type.Integer(),
  notReached: Type.Array(FamilySummary),
  noWorkingChannel: Type.Array(FamilySummary),
  awaitingReply: Type.Array(AwaitingReply),
  followUpsDue: Type.Array(FollowUpDue),
  /** Staff reply times to family messages written in Welsh and in English (language read from the text). */
  replyTimes: Type.Object({ cy: ReplyTimes, en: ReplyTimes }),
})
export type EngagementLists = Static<typeof EngagementLists>

export const HalfTerm = Type.Object({
  key: Type.String({ description: 'e.g. 2026-27-1 (autumn first half)' }),
  start: Day,
  /** Exclusive. */
  end: Day,
})
export type HalfTerm = Static<typeof HalfTerm>

/** One class in one half-term: families, and how many were reached or took part. */
export const ChartCell = Type.Object({
  halfTerm: Type.String(),
  families: Type.Integer(),
  /** Families sent at least one newsletter in the half-term, and how many of those were reached. */
  newsletterFamilies: Type.Integer(),
  newsletterReached: Type.Integer(),
  /** Families with an adult who wrote a message in the half-term. */
  messageActive: Type.Integer(),
  /** Families with an adult who proposed, supported or commented on a forum item, or attended a meeting. */
  forumActive: Type.Integer(),
})
export type ChartCell = Static<typeof ChartCell>

export const EngagementCharts = Type.Object({
  halfTerms: Type.Array(HalfTerm),
  classes: Type.Array(
    Type.Object({
      classId: Nullable(Type.String()),
      nameCy: Type.String(),
      nameEn: Type.String(),
      cells: Type.Array(ChartCell),
    }),
  ),
})
export type EngagementCharts = Static<typeof EngagementCharts>

export const FollowUpsToday = Type.Object({ followUps: Type.Array(FollowUpDue) })
export type FollowUpsToday = Static<typeof FollowUpsToday>

export const FamilyReminder = Type.Object(
  { channel: Type.Union([Type.Literal('email'), Type.Literal('push')]) },
  { additionalProperties: false },
)
export type FamilyReminder = Static<typeof FamilyReminder>
