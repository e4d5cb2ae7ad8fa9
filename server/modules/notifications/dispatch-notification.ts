import { JOBS } from '../../../shared/jobs.ts'
import { rooms } from '../../../shared/realtime.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import { createDeliveriesRepository } from './deliveries.repository.ts'
import { planDeliveries } from './delivery-plan.ts'
import { createNotificationsRepository } from './notifications.repository.ts'
import type { JobOutcome, PipelineDeps } from './pipeline.ts'
import { preferencesFromRow } from './preferences.ts'
import { notificationItem } from './render-notification.ts'

/**
 * Job `notification.dispatch`: writes the delivery rows of one notification (once: they are
 * unique per channel), tells the person's open sockets, and queues the sends that may go now.
 * Running it twice queues the same job ids again, which BullMQ ignores.
 */
export async function dispatchNotification(deps: PipelineDeps, notificationId: string): Promise<JobOutcome> {
  const repo = createNotificationsRepository(deps.db)
  const deliveriesRepo = createDeliveriesRepository(deps.db)
  const notification = await repo.notification(notificationId)
  if (!notification) return 'skipped'
  const recipient = await repo.recipient(notification.userId)
  if (!recipient) return 'skipped'
  const [preferencesRow, isParent, devices] = await Promise.all([
    repo.preferencesRow(recipient.id),
    repo.isParent(recipient.id),
    repo.pushSubscriptions(recipient.id),
  ])
  const plan = planDeliveries({
    notification: { ...notification, category: notification.category as NotificationCategory },
    recipient,
    preferences: preferencesFromRow(preferencesRow, isParent),
    hasPushDevice: devices.length > 0,
    now: deps.clock(),
  })
  const inserted = await deliveriesRepo.insert(plan)
  if (inserted.some((d) => d.channel === 'in_app' && d.status === 'sent')) {
    const school = await repo.school(notification.schoolId)
    const unread = await repo.unreadCount(recipient.id, notification.schoolId)
    await deps.realtime.publish(rooms.userInSchool(recipient.id, notification.schoolId), 'notification.created', {
      notification: notificationItem(deps.i18n, notification, school),
      unread,
    })
  }
  const ready = (await deliveriesRepo.ofNotification(notificationId)).filter((d) => d.status === 'queued')
  await deps.jobs.addBulk(ready.map((d) => ({ name: JOBS.deliverNotification, data: { deliveryId: d.id }, jobId: `deliver-${d.id}` })))
  return 'success'
}
