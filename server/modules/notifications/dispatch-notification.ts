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
 * Deliveries one deliver job sends, one after another. Small, so that a broadcast still spreads
 * over the worker's concurrency (2000 emails: 200 jobs); large enough that its queries and job
 * overhead are a tenth of what one job per delivery costs.
 */
export const DELIVER_BATCH = 10

/**
 * Job `notification.dispatch_batch`: writes the delivery rows of a batch of notifications (once:
 * they are unique per channel), tells the recipients' open sockets, and queues the sends that
 * may go now, DELIVER_BATCH to a job. A fixed number of queries per batch, whatever its size.
 */
export async function dispatchNotifications(deps: PipelineDeps, notificationIds: string[]): Promise<JobOutcome> {
  const repo = createNotificationsRepository(deps.db)
  const deliveriesRepo = createDeliveriesRepository(deps.db)
  const found = await repo.notificationsByIds(notificationIds)
  if (found.length === 0) return 'skipped'
  const userIds = unique(found.map((n) => n.userId))
  const [recipients, preferenceRows, parents, withDevice] = await Promise.all([
    repo.recipients(userIds),
    repo.preferencesRows(userIds),
    repo.parentIds(userIds),
    repo.withPushDevice(userIds),
  ])
  const recipientOf = new Map(recipients.map((r) => [r.id, r]))
  const preferencesOf = new Map(preferenceRows.map((p) => [p.userId, p]))
  const now = deps.clock()
  const plan = found.flatMap((notification) => {
    const recipient = recipientOf.get(notification.userId)
    if (!recipient) return []
    return planDeliveries({
      notification: { ...notification, category: notification.category as NotificationCategory },
      recipient,
      preferences: preferencesFromRow(preferencesOf.get(recipient.id), parents.has(recipient.id)),
      hasPushDevice: withDevice.has(recipient.id),
      now,
    })
  })
  const inserted = await deliveriesRepo.insert(plan)
  const live = new Set(inserted.filter((d) => d.channel === 'in_app' && d.status === 'sent').map((d) => d.notificationId))
  await publishLive(
    deps,
    found.filter((n) => live.has(n.id)),
  )
  const ready = await deliveriesRepo.queuedOf(found.map((n) => n.id))
  const batches: string[][] = []
  for (let i = 0; i < ready.length; i += DELIVER_BATCH) batches.push(ready.slice(i, i + DELIVER_BATCH))
  // A re-run may group the rows still queued differently, under new job ids: a delivery is
  // still sent once, as only the first job to claim it may take it (deliveries.claim).
  await deps.jobs.addBulk(
    batches.map((ids) => ({ name: JOBS.deliverNotifications, data: { deliveryIds: ids }, jobId: `deliver-batch-${ids[0]}` })),
  )
  return 'success'
}

/**
 * The live `notification.created` event, with the new unread count, to each recipient's open
 * sockets: one query and one Redis round trip per school for the whole batch.
 */
async function publishLive(deps: PipelineDeps, live: NotificationRow[]) {
  if (live.length === 0) return
  const repo = createNotificationsRepository(deps.db)
  // A broadcast's items share their sentences: each is translated once for the batch.
  const t = rememberingTranslate(deps.i18n)
  for (const schoolId of unique(live.map((n) => n.schoolId))) {
    const ofSchool = live.filter((n) => n.schoolId === schoolId)
    const school = await deps.schoolNames(schoolId)
    const unread = await repo.unreadCounts(unique(ofSchool.map((n) => n.userId)), schoolId)
    await deps.realtime.publishMany(
      'notification.created',
      ofSchool.map((n) => ({
        room: rooms.userInSchool(n.userId, schoolId),
        payload: { notification: notificationItem(t, n, school), unread: unread.get(n.userId) ?? 0 },
      })),
    )
  }
}

/** Job `notification.dispatch` (one notification; jobs queued before batches existed). */
export function dispatchNotification(deps: PipelineDeps, notificationId: string): Promise<JobOutcome> {
  return dispatchNotifications(deps, [notificationId])
}
