/**
 * The family forum: forums and their members, agenda items, meetings with agendas and minutes,
 * actions, and the public "you said, we did" record. One schema each, used by routes, sockets,
 * OpenAPI, the web client and tests.
 */
import { type Static, Type } from 'typebox'
import { Uuid } from './people.ts'

export const FORUM_NAME_MAX = 120
export const ITEM_TITLE_MAX = 200
export const ITEM_DESCRIPTION_MAX = 4000
export const COMMENT_MAX = 2000
export const REASON_MAX = 1000
export const MINUTES_MAX = 10_000
/** Open items (proposed or accepted) one member may have at once, unless the forum sets another. */
export const DEFAULT_OPEN_ITEM_LIMIT = 3

const DateTime = Type.String({ format: 'date-time' })
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const Locale = Type.Union([Type.Literal('cy'), Type.Literal('en')])

export const ForumParams = Type.Object({ schoolId: Uuid, forumId: Uuid })
export type ForumParams = Static<typeof ForumParams>
export const ItemParams = Type.Object({ schoolId: Uuid, forumId: Uuid, itemId: Uuid })
export type ItemParams = Static<typeof ItemParams>
export const MeetingParams = Type.Object({ schoolId: Uuid, forumId: Uuid, meetingId: Uuid })
export type MeetingParams = Static<typeof MeetingParams>
export const MemberParams = Type.Object({ schoolId: Uuid, forumId: Uuid, userId: Uuid })
export type MemberParams = Static<typeof MemberParams>
export const ActionParams = Type.Object({ schoolId: Uuid, forumId: Uuid, actionId: Uuid })
export type ActionParams = Static<typeof ActionParams>

/** member and chair are families' roles; facilitator (the FEO or other staff) runs the forum. */
export const ForumRole = Type.Union([Type.Literal('member'), Type.Literal('chair'), Type.Literal('facilitator')])
export type ForumRole = Static<typeof ForumRole>

export const ForumDraft = Type.Object(
  {
    nameCy: Type.String({ minLength: 1, maxLength: FORUM_NAME_MAX }),
    nameEn: Type.String({ minLength: 1, maxLength: FORUM_NAME_MAX }),
    descriptionCy: Type.String({ maxLength: ITEM_DESCRIPTION_MAX }),
    descriptionEn: Type.String({ maxLength: ITEM_DESCRIPTION_MAX }),
    openItemLimit: Type.Integer({ minimum: 1, maximum: 20, description: 'Open items (proposed or accepted) per member' }),
  },
  { additionalProperties: false },
)
export type ForumDraft = Static<typeof ForumDraft>

export const ForumMember = Type.Object({
  userId: Uuid,
  name: Type.String(),
  role: ForumRole,
  /** The class this member represents (class reps), if any. */
  representsClassId: Nullable(Type.String()),
  representsClassCy: Nullable(Type.String()),
  representsClassEn: Nullable(Type.String()),
  /** The year group this member represents, if any. */
  representsYear: Type.Union([Type.Integer(), Type.Null()]),
})
export type ForumMember = Static<typeof ForumMember>

export const SetMember = Type.Object(
  {
    role: ForumRole,
    representsClassId: Type.Union([Uuid, Type.Null()]),
    representsYear: Type.Union([Type.Integer({ minimum: -1, maximum: 14 }), Type.Null()]),
  },
  { additionalProperties: false },
)
export type SetMember = Static<typeof SetMember>

export const ForumSummary = Type.Object({
  id: Uuid,
  nameCy: Type.String(),
  nameEn: Type.String(),
  /** The asker's role in it; null for staff who are not members (they may still read it). */
  myRole: Type.Union([ForumRole, Type.Null()]),
  /** Whether the asker may run it: accept items, build agendas, manage members. */
  canFacilitate: Type.Boolean(),
  members: Type.Integer(),
  openItems: Type.Integer(),
})
export type ForumSummary = Static<typeof ForumSummary>

export const Forum = Type.Object({
  ...ForumSummary.properties,
  descriptionCy: Type.String(),
  descriptionEn: Type.String(),
  openItemLimit: Type.Integer(),
  memberList: Type.Array(ForumMember),
})
export type Forum = Static<typeof Forum>

/** Someone of the school a facilitator may add: parents as members or chairs, staff as facilitators too. */
export const ForumCandidate = Type.Object({ userId: Uuid, name: Type.String(), staff: Type.Boolean() })
export type ForumCandidate = Static<typeof ForumCandidate>

export const ITEM_STATUSES = ['proposed', 'accepted', 'scheduled', 'discussed', 'actioned', 'declined', 'withdrawn'] as const
export const ItemStatus = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('accepted'),
  Type.Literal('scheduled'),
  Type.Literal('discussed'),
  Type.Literal('actioned'),
  Type.Literal('declined'),
  Type.Literal('withdrawn'),
])
export type ItemStatus = (typeof ITEM_STATUSES)[number]

/** A member proposes in the language they choose; the other language may be added later. */
export const ProposeItem = Type.Object(
  {
    language: Locale,
    title: Type.String({ minLength: 1, maxLength: ITEM_TITLE_MAX }),
    description: Type.String({ maxLength: ITEM_DESCRIPTION_MAX }),
    /** Other members and staff see "a family"; only facilitators see who. */
    anonymous: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type ProposeItem = Static<typeof ProposeItem>

/** The text of one language of an item: the original (author, while proposed) or the other. */
export const ItemText = Type.Object(
  {
    language: Locale,
    title: Type.String({ minLength: 1, maxLength: ITEM_TITLE_MAX }),
    description: Type.String({ maxLength: ITEM_DESCRIPTION_MAX }),
  },
  { additionalProperties: false },
)
export type ItemText = Static<typeof ItemText>

/**
 * A status change by a facilitator (accepted, discussed, actioned, declined) or by the author
 * (withdrawn). Declining needs a reason in both languages. `scheduled` comes from an agenda.
 */
export const ChangeItemStatus = Type.Object(
  {
    status: Type.Union([
      Type.Literal('accepted'),
      Type.Literal('discussed'),
      Type.Literal('actioned'),
      Type.Literal('declined'),
      Type.Literal('withdrawn'),
    ]),
    reasonCy: Type.Optional(Type.String({ maxLength: REASON_MAX })),
    reasonEn: Type.Optional(Type.String({ maxLength: REASON_MAX })),
  },
  { additionalProperties: false },
)
export type ChangeItemStatus = Static<typeof ChangeItemStatus>

export const ItemEvent = Type.Object({
  kind: Type.Union([Type.Literal('proposed'), Type.Literal('status'), Type.Literal('text'), Type.Literal('referred')]),
  fromStatus: Type.Union([ItemStatus, Type.Null()]),
  toStatus: Type.Union([ItemStatus, Type.Null()]),
  /** Who did it, as the asker may see it: null where that would reveal an anonymous author. */
  actorName: Nullable(Type.String()),
  language: Type.Union([Locale, Type.Null()]),
  at: DateTime,
})
export type ItemEvent = Static<typeof ItemEvent>

export const AgendaItemSummary = Type.Object({
  id: Uuid,
  forumId: Uuid,
  titleCy: Type.String(),
  titleEn: Type.String(),
  /** The language it was written in; the other is a translation (or empty until added). */
  originalLanguage: Locale,
  status: ItemStatus,
  anonymous: Type.Boolean(),
  /** The author's name; null when anonymous and the asker is not a facilitator. */
  authorName: Nullable(Type.String()),
  /** Whether the asker wrote it (an anonymous author still sees their own). */
  mine: Type.Boolean(),
  supports: Type.Integer(),
  supportedByMe: Type.Boolean(),
  /** Carried over from a meeting that did not reach it: ranks first on the next agenda. */
  carriedOver: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type AgendaItemSummary = Static<typeof AgendaItemSummary>

export const AgendaItem = Type.Object({
  ...AgendaItemSummary.properties,
  descriptionCy: Type.String(),
  descriptionEn: Type.String(),
  declineReasonCy: Nullable(Type.String()),
  declineReasonEn: Nullable(Type.String()),
  /** When a facilitator passed it to the designated safeguarding lead. */
  referredAt: Nullable(DateTime),
  history: Type.Array(ItemEvent),
})
export type AgendaItem = Static<typeof AgendaItem>

export const ItemComment = Type.Object({
  id: Uuid,
  itemId: Uuid,
  clientId: Uuid,
  /** Null for a comment by an anonymous item's author, to anyone who may not know who that is ("a family"). */
  authorName: Nullable(Type.String()),
  mine: Type.Boolean(),
  body: Type.String(),
  createdAt: DateTime,
})
export type ItemComment = Static<typeof ItemComment>

export const PostComment = Type.Object(
  { clientId: Uuid, body: Type.String({ minLength: 1, maxLength: COMMENT_MAX }) },
  { additionalProperties: false },
)
export type PostComment = Static<typeof PostComment>

export const MeetingDraft = Type.Object(
  {
    startsAt: DateTime,
    durationMinutes: Type.Integer({ minimum: 15, maximum: 300 }),
    place: Type.String({ maxLength: 300 }),
    onlineUrl: Type.Union([Type.String({ format: 'uri', pattern: '^https://', maxLength: 500 }), Type.Null()]),
  },
  { additionalProperties: false },
)
export type MeetingDraft = Static<typeof MeetingDraft>

export const MeetingStatus = Type.Union([Type.Literal('planned'), Type.Literal('published')])
export const MinutesStatus = Type.Union([Type.Literal('none'), Type.Literal('draft'), Type.Literal('shared'), Type.Literal('approved')])
export type MinutesStatus = Static<typeof MinutesStatus>

export const ActionStatus = Type.Union([Type.Literal('open'), Type.Literal('in_progress'), Type.Literal('done')])
export type ActionStatus = Static<typeof ActionStatus>

export const ForumAction = Type.Object({
  id: Uuid,
  meetingId: Uuid,
  entryId: Uuid,
  /** The item that raised it (none for a standing item). */
  itemId: Type.Union([Uuid, Type.Null()]),
  descriptionCy: Type.String(),
  descriptionEn: Type.String(),
  owner: Type.String(),
  dueOn: Day,
  status: ActionStatus,
  doneAt: Nullable(DateTime),
  /** Not done and past its due date. */
  overdue: Type.Boolean(),
})
export type ForumAction = Static<typeof ForumAction>

export const NewAction = Type.Object(
  {
    entryId: Uuid,
    descriptionCy: Type.String({ minLength: 1, maxLength: REASON_MAX }),
    descriptionEn: Type.String({ minLength: 1, maxLength: REASON_MAX }),
    owner: Type.String({ minLength: 1, maxLength: 200 }),
    dueOn: Day,
  },
  { additionalProperties: false },
)
export type NewAction = Static<typeof NewAction>

export const UpdateAction = Type.Object({ status: ActionStatus }, { additionalProperties: false })
export type UpdateAction = Static<typeof UpdateAction>

export const AgendaEntry = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  /** The item it discusses; null for a standing item (apologies, matters arising...). */
  itemId: Type.Union([Uuid, Type.Null()]),
  titleCy: Type.String(),
  titleEn: Type.String(),
  durationMinutes: Type.Integer(),
  /** Whether the meeting reached it (null until minutes say). */
  reached: Type.Union([Type.Boolean(), Type.Null()]),
  minutesCy: Type.String(),
  minutesEn: Type.String(),
  decisionCy: Type.String(),
  decisionEn: Type.String(),
  actions: Type.Array(ForumAction),
})
export type AgendaEntry = Static<typeof AgendaEntry>

/** One line of an agenda as a facilitator sets it: an accepted item, or a standing item with its titles. */
export const AgendaLine = Type.Union([
  Type.Object({ itemId: Uuid, durationMinutes: Type.Integer({ minimum: 1, maximum: 300 }) }),
  Type.Object({
    titleCy: Type.String({ minLength: 1, maxLength: ITEM_TITLE_MAX }),
    titleEn: Type.String({ minLength: 1, maxLength: ITEM_TITLE_MAX }),
    durationMinutes: Type.Integer({ minimum: 1, maximum: 300 }),
  }),
])
export type AgendaLine = Static<typeof AgendaLine>

export const SetAgenda = Type.Object({ entries: Type.Array(AgendaLine, { maxItems: 50 }) }, { additionalProperties: false })
export type SetAgenda = Static<typeof SetAgenda>

export const MinutesLine = Type.Object(
  {
    entryId: Uuid,
    reached: Type.Boolean(),
    minutesCy: Type.String({ maxLength: MINUTES_MAX }),
    minutesEn: Type.String({ maxLength: MINUTES_MAX }),
    decisionCy: Type.String({ maxLength: REASON_MAX }),
    decisionEn: Type.String({ maxLength: REASON_MAX }),
  },
  { additionalProperties: false },
)
export type MinutesLine = Static<typeof MinutesLine>
export const SetMinutes = Type.Object({ entries: Type.Array(MinutesLine, { maxItems: 50 }) }, { additionalProperties: false })
export type SetMinutes = Static<typeof SetMinutes>

export const AttendanceLanguage = Type.Union([Type.Literal('cy'), Type.Literal('en'), Type.Literal('interpretation')])
export const SetAttendance = Type.Object(
  { attending: Type.Boolean(), language: AttendanceLanguage },
  { additionalProperties: false, description: 'Whether I will come, and the language I ask for in the meeting' },
)
export type SetAttendance = Static<typeof SetAttendance>

export const MeetingSummary = Type.Object({
  id: Uuid,
  forumId: Uuid,
  startsAt: DateTime,
  durationMinutes: Type.Integer(),
  place: Type.String(),
  onlineUrl: Nullable(Type.String()),
  status: MeetingStatus,
  minutesStatus: MinutesStatus,
})
export type MeetingSummary = Static<typeof MeetingSummary>

export const Meeting = Type.Object({
  ...MeetingSummary.properties,
  publishedAt: Nullable(DateTime),
  minutesApprovedAt: Nullable(DateTime),
  /** Minutes of agenda time set so far. */
  agendaMinutes: Type.Integer(),
  agenda: Type.Array(AgendaEntry),
  attendance: Type.Object({
    coming: Type.Integer(),
    notComing: Type.Integer(),
    welsh: Type.Integer(),
    english: Type.Integer(),
    interpretation: Type.Integer(),
  }),
  myAttendance: Type.Union([Type.Object({ attending: Type.Boolean(), language: AttendanceLanguage }), Type.Null()]),
})
export type Meeting = Static<typeof Meeting>

/** An accepted item offered for an agenda, ranked: carried-over first, then by support. */
export const AgendaSuggestion = Type.Object({
  itemId: Uuid,
  titleCy: Type.String(),
  titleEn: Type.String(),
  supports: Type.Integer(),
  carriedOver: Type.Boolean(),
})
export type AgendaSuggestion = Static<typeof AgendaSuggestion>

/** "You said, we did": one item as every family of the school sees it; never who raised it. */
export const RecordItem = Type.Object({
  id: Uuid,
  titleCy: Type.String(),
  titleEn: Type.String(),
  descriptionCy: Type.String(),
  descriptionEn: Type.String(),
  originalLanguage: Locale,
  status: ItemStatus,
  raisedAt: DateTime,
  updatedAt: DateTime,
  declineReasonCy: Nullable(Type.String()),
  declineReasonEn: Nullable(Type.String()),
  decisions: Type.Array(Type.Object({ meetingId: Uuid, meetingAt: DateTime, decisionCy: Type.String(), decisionEn: Type.String() })),
  actions: Type.Array(ForumAction),
})
export type RecordItem = Static<typeof RecordItem>

export const ForumRecord = Type.Object({
  forums: Type.Array(Type.Object({ id: Uuid, nameCy: Type.String(), nameEn: Type.String(), items: Type.Array(RecordItem) })),
})
export type ForumRecord = Static<typeof ForumRecord>
