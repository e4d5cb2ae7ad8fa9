import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import type { DbOrTx } from '../../db/database.ts'
import { enqueueJobs } from '../../jobs/outbox.ts'
import { createNotificationsRepository } from './notifications.repository.ts'

/** Notifications one dispatch job decides: one job and a handful of queries for all of them. */
export const DISPATCH_BATCH = 250
/**
 * The first dispatch batch of a request is smaller: it is planned in a fraction of the time, so
 * the first sends start while the request's other batches are still being planned.
 */
export const FIRST_DISPATCH_BATCH = 20

export interface NotificationRequest {
  schoolId: string
  /** Each recipient gets a notification of their own, in their own language and channels. */
  userIds: string[]
  category: NotificationCategory
  /** Key under notification.kinds in the catalogs (title, body and push text). */
  kind: string
  /** Values for the title and body; never shown in push text. */
  params?: Record<string, string | number>
  /** Where in the web app it leads, e.g. /conversations/<id>. */
  path?: string
  /** The feature's own event key: asking again with the same key makes nothing new. */
  dedupeKey?: string
  /** Per recipient: the language the feature decided (newsletters' household rule) and an own path. */
  perRecipient?: Map<string, { language?: LanguageChoice; path?: string }>
  /** Only this channel besides in-app (a reminder on the channel staff chose). */
  onlyChannel?: 'email' | 'push'
  /** An iCalendar invitation (RFC 5545) the email carries as a text/calendar part. */
  calendar?: string
}

/**
 * How a feature asks for notifications: call it with the transaction of the feature's own
 * change. The notifications and their dispatch jobs (outbox rows) commit or roll back with that
 * change; the relay hands the jobs to BullMQ after the commit. Returns the new notification ids.
 */
export async function requestNotifications(tx: DbOrTx, request: NotificationRequest): Promise<string[]> {
  const repo = createNotificationsRepository(tx)
  const userIds = [...new Set(request.userIds)]
  const created = await repo.insertNotifications(
    userIds.map((userId) => ({
      schoolId: request.schoolId,
      userId,
      category: request.category,
      kind: request.kind,
      params: request.params ?? {},
      path: request.perRecipient?.get(userId)?.path ?? request.path ?? '/',
      dedupeKey: request.dedupeKey ?? null,
      language: request.perRecipient?.get(userId)?.language ?? null,
      onlyChannel: request.onlyChannel ?? null,
      calendar: request.calendar ?? null,
    })),
  )
  const batches: string[][] = []
  for (let i = 0, size = FIRST_DISPATCH_BATCH; i < created.length; i += size, size = DISPATCH_BATCH) {
    batches.push(created.slice(i, i + size).map((n) => n.id))
  }
  // A notification is in one batch only, so the batch's first id names it for good.
  await enqueueJobs(
    tx,
    batches.map((ids) => ({ name: JOBS.dispatchNotifications, data: { notificationIds: ids }, jobId: `dispatch-batch-${ids[0]}` })),
  )
  return created.map((n) => n.id)
}
