/**
 * Data retention: per-category periods (the configured default, or the school's own) and
 * safeguarding holds. One schema each, used by routes, OpenAPI, the web client and tests.
 */
import { type Static, Type } from 'typebox'
import { Uuid } from './people.ts'

/** The categories a school can set a period for (sign-in tokens are instance-wide, in config). */
export const RETENTION_CATEGORIES = ['messages', 'notifications', 'newsletter_reach', 'contact_log'] as const
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number]
/** A sane range for a school's period: a week to ten years. */
export const RETENTION_MIN_DAYS = 7
export const RETENTION_MAX_DAYS = 3650

export const RetentionCategorySchema = Type.Union([
  Type.Literal('messages'),
  Type.Literal('notifications'),
  Type.Literal('newsletter_reach'),
  Type.Literal('contact_log'),
])

export const RetentionPeriod = Type.Object({
  category: RetentionCategorySchema,
  /** The period in force for this school. */
  days: Type.Integer(),
  /** The configured default (RETENTION_*_DAYS). */
  defaultDays: Type.Integer(),
  /** True when the school chose its own period. */
  overridden: Type.Boolean(),
})
export type RetentionPeriod = Static<typeof RetentionPeriod>

export const RetentionSettings = Type.Object({
  categories: Type.Array(RetentionPeriod),
  /** Expired sessions and sign-in links: instance-wide (RETENTION_SIGN_IN_DAYS), not set per school. */
  signInDays: Type.Integer(),
})
export type RetentionSettings = Static<typeof RetentionSettings>

/**
 * New periods in days, by category, and categories to put back to the default. The range is
 * checked by the service, so a bad value gets a message naming the category. (No null for
 * "default": the validator coerces 0 to null, which would turn a bad 0 into a reset.)
 */
const Days = Type.Optional(Type.Integer({ description: `${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS}` }))
export const RetentionUpdate = Type.Object(
  {
    periods: Type.Optional(
      Type.Object({ messages: Days, notifications: Days, newsletter_reach: Days, contact_log: Days }, { additionalProperties: false }),
    ),
    reset: Type.Optional(Type.Array(RetentionCategorySchema, { maxItems: 4, description: 'Categories back to the default' })),
  },
  { additionalProperties: false },
)
export type RetentionUpdate = Static<typeof RetentionUpdate>

export const HoldSubjectType = Type.Union([Type.Literal('family'), Type.Literal('user'), Type.Literal('conversation')], {
  description: 'family: any adult of the family (all its adults are held); user: one person; conversation: one conversation',
})
export type HoldSubjectType = Static<typeof HoldSubjectType>

export const NewHold = Type.Object(
  {
    subjectType: HoldSubjectType,
    subjectId: Uuid,
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
)
export type NewHold = Static<typeof NewHold>

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })

export const Hold = Type.Object({
  id: Uuid,
  subjectType: HoldSubjectType,
  subjectId: Uuid,
  /** The person's name, or the conversation's title; empty when it has none. */
  subjectLabel: Type.String(),
  reason: Type.String(),
  createdBy: Nullable(Type.String({ description: 'Name of who placed it' })),
  createdAt: DateTime,
  releasedAt: Nullable(DateTime),
  releasedBy: Nullable(Type.String({ description: 'Name of who released it' })),
})
export type Hold = Static<typeof Hold>

export const HoldList = Type.Object({ holds: Type.Array(Hold) })
export type HoldList = Static<typeof HoldList>

export const HoldsQuery = Type.Object(
  { released: Type.Boolean({ default: false, description: 'Include released holds' }) },
  { additionalProperties: false },
)
export type HoldsQuery = Static<typeof HoldsQuery>

export const HoldParams = Type.Object({ schoolId: Uuid, holdId: Uuid })
export type HoldParams = Static<typeof HoldParams>
