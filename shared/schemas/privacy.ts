/**
 * A family's subject access export (UK GDPR art. 15): what Cyswllt holds about the adults and
 * learners of one family in one school. The JSON answer is serialised through this schema, so a
 * column that is not named here (a token, a password hash, a push key) cannot reach it.
 */
import { type Static, Type } from 'typebox'
import { LanguageChoice, Role, Uuid } from './people.ts'

const Time = Type.String({ format: 'date-time' })
const MaybeTime = Type.Union([Time, Type.Null()])
const MaybeText = Type.Union([Type.String(), Type.Null()])

export const ExportFormat = Type.Union([Type.Literal('json'), Type.Literal('html')], { description: 'json (default) or html' })
export type ExportFormat = Static<typeof ExportFormat>
export const ExportQuery = Type.Object({ format: Type.Optional(ExportFormat) }, { additionalProperties: false })
export type ExportQuery = Static<typeof ExportQuery>
export const FamilyExportParams = Type.Object({ schoolId: Uuid, userId: Uuid })
export type FamilyExportParams = Static<typeof FamilyExportParams>

export const ExportAdult = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: MaybeText,
  phone: MaybeText,
  language: LanguageChoice,
  roles: Type.Array(Role, { description: 'Roles in this school' }),
  createdAt: Time,
  disabledAt: MaybeTime,
})
export const ExportLearner = Type.Object({
  id: Uuid,
  name: Type.String(),
  externalRef: Type.String(),
  classCy: MaybeText,
  classEn: MaybeText,
  guardianIds: Type.Array(Uuid),
})
export const ExportPreferences = Type.Object({
  userId: Uuid,
  channels: Type.Record(Type.String(), Type.Object({ email: Type.Boolean(), push: Type.Boolean() })),
  quietStart: MaybeText,
  quietEnd: MaybeText,
  timeZone: Type.String(),
  digest: Type.String(),
  digestTime: Type.String(),
  updatedAt: Time,
})
export const ExportPushDevice = Type.Object({
  id: Uuid,
  userId: Uuid,
  /** The push service's origin only: the full endpoint and the keys are secrets of the device. */
  service: Type.String(),
  label: Type.String(),
  createdAt: Time,
  lastSuccessAt: MaybeTime,
})
export const ExportSession = Type.Object({ id: Uuid, userId: Uuid, createdAt: Time, expiresAt: Time, revokedAt: MaybeTime })
export const ExportDelivery = Type.Object({
  id: Uuid,
  channel: Type.String(),
  status: Type.String(),
  reason: MaybeText,
  sentAt: MaybeTime,
  createdAt: Time,
})
export const ExportNotification = Type.Object({
  id: Uuid,
  userId: Uuid,
  category: Type.String(),
  kind: Type.String(),
  path: Type.String(),
  createdAt: Time,
  readAt: MaybeTime,
  deliveries: Type.Array(ExportDelivery),
})
export const ExportAttachment = Type.Object({ id: Uuid, fileName: Type.String(), contentType: Type.String(), size: Type.Integer() })
export const ExportMessage = Type.Object({
  id: Uuid,
  seq: Type.Integer(),
  authorId: Uuid,
  authorName: Type.String(),
  /** family: an adult of this family; staff: a member of the school's staff. */
  authorSide: Type.Union([Type.Literal('family'), Type.Literal('staff')]),
  body: Type.String(),
  createdAt: Time,
  editedAt: MaybeTime,
  edits: Type.Array(Type.Object({ previousBody: Type.String(), createdAt: Time })),
  attachments: Type.Array(ExportAttachment),
})
export const ExportConversation = Type.Object({
  id: Uuid,
  kind: Type.String(),
  title: MaybeText,
  createdAt: Time,
  /** Staff and this family's adults; other families are counted, never named. */
  participants: Type.Array(Type.Object({ userId: Uuid, name: Type.String(), side: Type.String() })),
  otherFamiliesCount: Type.Integer(),
  messages: Type.Array(ExportMessage),
  /** Messages other families wrote in a group: left out (they are those families' data). */
  messagesLeftOut: Type.Integer(),
})
export const ExportReport = Type.Object({
  id: Uuid,
  messageId: Uuid,
  reporterId: Uuid,
  reason: Type.String(),
  createdAt: Time,
  resolvedAt: MaybeTime,
})
export const ExportForumItem = Type.Object({
  id: Uuid,
  authorId: Uuid,
  forumId: Uuid,
  anonymous: Type.Boolean(),
  originalLanguage: Type.String(),
  titleCy: Type.String(),
  titleEn: Type.String(),
  descriptionCy: Type.String(),
  descriptionEn: Type.String(),
  status: Type.String(),
  createdAt: Time,
})
export const ExportForum = Type.Object({
  memberships: Type.Array(
    Type.Object({ forumId: Uuid, userId: Uuid, nameCy: Type.String(), nameEn: Type.String(), role: Type.String(), createdAt: Time }),
  ),
  items: Type.Array(ExportForumItem),
  comments: Type.Array(Type.Object({ id: Uuid, itemId: Uuid, authorId: Uuid, body: Type.String(), createdAt: Time })),
  supports: Type.Array(Type.Object({ itemId: Uuid, userId: Uuid, createdAt: Time })),
  attendance: Type.Array(
    Type.Object({ meetingId: Uuid, userId: Uuid, attending: Type.Boolean(), language: Type.String(), updatedAt: Time }),
  ),
})
export const ExportNewsletter = Type.Object({
  id: Uuid,
  userId: Uuid,
  titleCy: Type.String(),
  titleEn: Type.String(),
  sentAt: MaybeTime,
  language: Type.String(),
  openedAt: MaybeTime,
  openedVia: MaybeText,
  /** Channels it reached the adult on (email, push), from the notification's deliveries. */
  delivered: Type.Array(Type.Object({ channel: Type.String(), status: Type.String(), sentAt: MaybeTime })),
  /** Other ways staff recorded reaching them (phone, meeting, paper). */
  contacts: Type.Array(Type.Object({ method: Type.String(), createdAt: Time })),
})
export const ExportContact = Type.Object({
  id: Uuid,
  kind: Type.String(),
  happenedAt: Time,
  recordedBy: MaybeText,
  /** Null when withheld: see `notesWithheld`. */
  note: MaybeText,
  followUpOn: MaybeText,
  followUpDoneAt: MaybeTime,
})
export const ExportAudit = Type.Object({ id: Uuid, actorId: Uuid, action: Type.String(), createdAt: Time })

export const PrivacyExport = Type.Object({
  exportedAt: Time,
  school: Type.Object({ id: Uuid, nameCy: Type.String(), nameEn: Type.String() }),
  familyId: Uuid,
  /** The language the readable copy is written in. */
  language: LanguageChoice,
  /** True when the FEO's free-text notes were left out (a family's own download; the school may give them on request). */
  notesWithheld: Type.Boolean(),
  adults: Type.Array(ExportAdult),
  learners: Type.Array(ExportLearner),
  preferences: Type.Array(ExportPreferences),
  pushDevices: Type.Array(ExportPushDevice),
  sessions: Type.Array(ExportSession),
  notifications: Type.Array(ExportNotification),
  conversations: Type.Array(ExportConversation),
  reports: Type.Array(ExportReport),
  forum: ExportForum,
  newsletters: Type.Array(ExportNewsletter),
  contacts: Type.Array(ExportContact),
  audit: Type.Array(ExportAudit),
})
export type PrivacyExport = Static<typeof PrivacyExport>
