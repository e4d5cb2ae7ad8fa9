import { JOBS } from '../../../shared/jobs.ts'
import { rooms } from '../../../shared/realtime.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import type { DbOrTx } from '../../db/database.ts'
import { createDeliveriesRepository } from './deliveries.repository.ts'
import { planDeliveries } from './delivery-plan.ts'
import { createNotificationsRepository, type NotificationRow } from './notifications.repository.ts'
import type { JobOutcome, PipelineDeps } from './pipeline.ts'
import { preferencesFromRow } from './preferences.ts'
import { notificationItem, rememberingTranslate } from './render-notification.ts'

const unique = (values: string[]) => [...new Set(values)]

/**
 * Deliveries one deliver job claims: half of what a dispatch batch has ready, between 10 and 50.
 * A job sends them side by side as far as the worker's send permits allow, so even one job keeps
 * the worker's sends going; two let a second worker process share a small request. Fewer, larger
 * jobs mean fewer claims and less job bookkeeping per send.
 */
export const DELIVER_BATCH = { min: 10, max: 50, perDispatch: 2 }

export function deliverBatches(ids: string[]): string[][] {
  const size = Math.min(DELIVER_BATCH.max, Math.max(DELIVER_BATCH.min, Math.ceil(ids.length / DELIVER_BATCH.perDispatch)))
  const batches: string[][] = []
  for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size))
  return batches
}

/** What planning needs of each notification (notifications.dispatchInputs). */
export type DispatchInput = Awaited<ReturnType<ReturnType<typeof createNotificationsRepository>['dispatchInputs']>>[number]

/**
 * Plans the channels of these notifications and writes the delivery rows not there yet (they
 * are unique per channel, so a plan made twice writes once). Returns the ids of the deliveries
 * that may be sent now, and the notifications whose in-app row this call made: those to tell
 * their recipients' open sockets about (a re-run does not announce one twice).
 */
export async function planAndStore(db: DbOrTx, found: DispatchInput[], now: Date) {
  const plan = found.flatMap(({ notification, recipient, preferences, isParent, hasPushDevice }) =>
    planDeliveries({
      notification: { ...notification, category: notification.category as NotificationCategory },
      recipient,
      preferences: preferencesFromRow(preferences ?? undefined, isParent),
      hasPushDevice,
      now,
    }),
  )
  const { inserted, queued } = await createDeliveriesRepository(db).insertPlanned(plan)
  const live = new Set(inserted.filter((d) => d.channel === 'in_app' && d.status === 'sent').map((d) => d.notificationId))
  return { queued, live: found.filter((f) => live.has(f.notification.id)) }
}

/** The deliver jobs of the deliveries ready to go: `deliver-batch-<first delivery>`. */
export const deliverJobs = (queued: string[]) =>
  deliverBatches(queued).map((batch) => ({
    name: JOBS.deliverNotifications,
    data: { deliveryIds: batch },
    jobId: `deliver-batch-${batch[0]}`,
  }))

/**
 * Job `notification.dispatch_batch`: writes the delivery rows of a batch of notifications (once:
 * they are unique per channel), queues the sends that may go now in deliver jobs, and tells the
 * recipients' open sockets. Two statements and two Redis round trips per batch, whatever its size.
 */
export async function dispatchNotifications(deps: PipelineDeps, notificationIds: string[]): Promise<JobOutcome> {
  const found = await createNotificationsRepository(deps.db).dispatchInputs(notificationIds)
  if (found.length === 0) return 'skipped'
  const { queued, live } = await planAndStore(deps.db, found, deps.clock())
  // A re-run may group the rows still queued differently, under new job ids: a delivery is
  // still sent once, as only the first job to claim it may take it (deliveries.claim).
  // Sends that are ready go before further dispatch batches of a large request are planned (lifo).
  await deps.jobs.addBulk(deliverJobs(queued).map((job) => ({ ...job, lifo: true })))
  // After the sends are queued, so that the workers start on them while this job tells sockets.
  await publishLive(deps, live)
  return 'success'
}

/**
 * The live `notification.created` event, with the unread count read with the batch, to each
 * recipient's open sockets: one Redis round trip per school for the whole batch.
 */
export async function publishLive(
  deps: Pick<PipelineDeps, 'i18n' | 'realtime' | 'schoolNames'>,
  live: { notification: NotificationRow; unread: number }[],
) {
  // A broadcast's items share their sentences: each is translated once for the batch.
  const t = rememberingTranslate(deps.i18n)
  for (const schoolId of unique(live.map((f) => f.notification.schoolId))) {
    const school = await deps.schoolNames(schoolId)
    await deps.realtime.publishMany(
      'notification.created',
      live
        .filter((f) => f.notification.schoolId === schoolId)
        .map(({ notification: n, unread }) => ({
          room: rooms.userInSchool(n.userId, schoolId),
          payload: { notification: notificationItem(t, n, school), unread },
        })),
    )
  }
}

/** Job `notification.dispatch` (one notification; jobs queued before batches existed). */
export function dispatchNotification(deps: PipelineDeps, notificationId: string): Promise<JobOutcome> {
  return dispatchNotifications(deps, [notificationId])
}
