import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import type { DbOrTx } from '../../db/database.ts'
import { enqueueJobs } from '../../jobs/outbox.ts'
import { deliverJobs, planAndStore } from './dispatch-notification.ts'
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

function insertRequested(tx: DbOrTx, request: NotificationRequest) {
  const userIds = [...new Set(request.userIds)]
  return createNotificationsRepository(tx).insertNotifications(
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
}

/**
 * How a feature asks for notifications: call it with the transaction of the feature's own
 * change. The notifications and their dispatch jobs (outbox rows) commit or roll back with that
 * change; the relay hands the jobs to BullMQ after the commit. Returns the new notification ids.
 */
export async function requestNotifications(tx: DbOrTx, request: NotificationRequest): Promise<string[]> {
  const created = await insertRequested(tx, request)
  const batches: string[][] = []
  for (let i = 0, size = FIRST_DISPATCH_BATCH; i < created.length; i += size, size = DISPATCH_BATCH) {
    batches.push(created.slice(i, i + size))
  }
  // A notification is in one batch only, so the batch's first id names it for good.
  await enqueueJobs(
    tx,
    batches.map((ids) => ({ name: JOBS.dispatchNotifications, data: { notificationIds: ids }, jobId: `dispatch-batch-${ids[0]}` })),
  )
  return created
}

/**
 * As requestNotifications, with the channels planned in the same transaction: the delivery rows
 * are written with the notifications and the deliver jobs go in the outbox, with no dispatch job
 * between. For a large broadcast made in chunks of its own (a newsletter's fan-out), so every
 * recipient's deliveries exist as soon as their chunk commits. After the commit, the caller tells
 * the recipients' open sockets about `live` (dispatch-notification.ts: publishLive).
 */
export async function requestNotificationsPlanned(tx: DbOrTx, request: NotificationRequest, now: Date) {
  const created = await insertRequested(tx, request)
  const found = await createNotificationsRepository(tx).dispatchInputs(created)
  const { queued, live } = await planAndStore(tx, found, now)
  await enqueueJobs(tx, deliverJobs(queued))
  return { ids: created, live }
}
