import { JOBS } from '../../../shared/jobs.ts'
import { rooms } from '../../../shared/realtime.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
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

/**
 * Job `notification.dispatch_batch`: writes the delivery rows of a batch of notifications (once:
 * they are unique per channel), queues the sends that may go now in deliver jobs, and tells the
 * recipients' open sockets. Two statements and two Redis round trips per batch, whatever its size.
 */
export async function dispatchNotifications(deps: PipelineDeps, notificationIds: string[]): Promise<JobOutcome> {
  const found = await createNotificationsRepository(deps.db).dispatchInputs(notificationIds)
  if (found.length === 0) return 'skipped'
  const now = deps.clock()
  const plan = found.flatMap(({ notification, recipient, preferences, isParent, hasPushDevice }) =>
    planDeliveries({
      notification: { ...notification, category: notification.category as NotificationCategory },
      recipient,
      preferences: preferencesFromRow(preferences ?? undefined, isParent),
      hasPushDevice,
      now,
    }),
  )
  const { inserted, queued } = await createDeliveriesRepository(deps.db).insertPlanned(plan)
  // A re-run may group the rows still queued differently, under new job ids: a delivery is
  // still sent once, as only the first job to claim it may take it (deliveries.claim).
  await deps.jobs.addBulk(
    deliverBatches(queued).map((batch) => ({
      name: JOBS.deliverNotifications,
      data: { deliveryIds: batch },
      jobId: `deliver-batch-${batch[0]}`,
      // Sends that are ready go before further dispatch batches of a large request are planned.
      lifo: true,
    })),
  )
  // After the sends are queued, so that the workers start on them while this job tells sockets.
  // Only for in-app rows this run made: a re-run does not announce a notification twice.
  const live = new Set(inserted.filter((d) => d.channel === 'in_app' && d.status === 'sent').map((d) => d.notificationId))
  await publishLive(
    deps,
    found.filter((f) => live.has(f.notification.id)),
  )
  return 'success'
}

/**
 * The live `notification.created` event, with the unread count read with the batch, to each
 * recipient's open sockets: one Redis round trip per school for the whole batch.
 */
async function publishLive(deps: PipelineDeps, live: { notification: NotificationRow; unread: number }[]) {
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
