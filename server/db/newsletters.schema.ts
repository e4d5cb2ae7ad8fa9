/**
 * Newsletter tables (see server/modules/newsletters/README.md). Re-exported by schema.ts, which
 * drizzle-kit reads.
 */
import { sql } from 'drizzle-orm'
import { check, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { Audience } from '../../shared/schemas/newsletters.ts'
import { notifications, schools, users } from './schema.ts'

const id = () => uuid('id').primaryKey().defaultRandom()
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * A newsletter or announcement, written in Welsh and English (Markdown). `revision` grows each
 * time its send is (re)scheduled: a delayed send job carries the revision it was queued for and
 * does nothing if the newsletter has moved on (edited, rescheduled or cancelled).
 */
export const newsletters = pgTable(
  'newsletters',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    category: text('category').notNull(),
    titleCy: text('title_cy').notNull().default(''),
    titleEn: text('title_en').notNull().default(''),
    bodyCy: text('body_cy').notNull().default(''),
    bodyEn: text('body_en').notNull().default(''),
    audience: jsonb('audience').$type<Audience>().notNull(),
    /** Sent in one language only, on purpose; the reason is kept with it. */
    singleLanguage: text('single_language'),
    singleLanguageReason: text('single_language_reason'),
    status: text('status').notNull().default('draft'),
    revision: integer('revision').notNull().default(0),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    /** When the fan-out started: both languages go at this one moment. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** When every recipient had a notification. */
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
    recipientsCount: integer('recipients_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('newsletters_school_idx').on(t.schoolId, t.createdAt),
    check('newsletters_category_check', sql`${t.category} in ('newsletter', 'announcement', 'urgent')`),
    check('newsletters_status_check', sql`${t.status} in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')`),
    check('newsletters_single_language_check', sql`${t.singleLanguage} is null or ${t.singleLanguage} in ('cy', 'en')`),
  ],
)

/**
 * One adult who receives a newsletter, in the language the household rule gave them, with the
 * notification that carries it and when they opened it (in the app, or through the email's link).
 */
export const newsletterRecipients = pgTable(
  'newsletter_recipients',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    newsletterId: uuid('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    notificationId: uuid('notification_id').references(() => notifications.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    openedVia: text('opened_via'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('newsletter_recipients_key').on(t.newsletterId, t.userId),
    index('newsletter_recipients_pending_idx').on(t.newsletterId).where(sql`${t.notificationId} is null`),
    index('newsletter_recipients_user_idx').on(t.userId, t.schoolId),
    index('newsletter_recipients_opened_idx').on(t.schoolId, t.openedAt).where(sql`${t.openedAt} is not null`),
    check('newsletter_recipients_opened_via_check', sql`${t.openedVia} is null or ${t.openedVia} in ('app', 'email')`),
  ],
)

/** Files sent with a newsletter (images, PDF), typed by their bytes. */
export const newsletterAttachments = pgTable(
  'newsletter_attachments',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    newsletterId: uuid('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('newsletter_attachments_newsletter_idx').on(t.newsletterId)],
)

/** A family reached another way (phone call, meeting, paper copy), with who recorded it and when. */
export const newsletterContacts = pgTable(
  'newsletter_contacts',
  {
    id: id(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    newsletterId: uuid('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    method: text('method').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('newsletter_contacts_newsletter_idx').on(t.newsletterId, t.userId),
    check('newsletter_contacts_method_check', sql`${t.method} in ('phone', 'meeting', 'paper', 'other')`),
  ],
)
