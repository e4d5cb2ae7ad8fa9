import { UnrecoverableError } from 'bullmq'
import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import { DeliveryError, type PushOptions } from './channels.ts'
import { createDeliveriesRepository, type DeliveryRow } from './deliveries.repository.ts'
import { isEssential } from './delivery-plan.ts'
import { createNotificationsRepository, type NotificationRow } from './notifications.repository.ts'
import { type JobOutcome, links, messageId, type PipelineDeps, unsubscribeHeaders, unsubscribeToken } from './pipeline.ts'
import { notificationEmail, pushPayload } from './render-notification.ts'

/** How long a push service keeps a notification for an offline device, and how urgent it is. */
export function pushOptions(category: NotificationCategory, topic: string): PushOptions {
  switch (category) {
    case 'urgent':
    case 'safeguarding':
      return { ttl: 6 * 3600, urgency: 'high', topic }
    case 'messages':
      return { ttl: 24 * 3600, urgency: 'normal', topic }
    default:
      return { ttl: 3 * 24 * 3600, urgency: 'low', topic }
  }
}

function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err
  return new DeliveryError((err as Error)?.message ?? String(err), { permanent: false, reason: 'transient' })
}

type Recipient = NonNullable<Awaited<ReturnType<ReturnType<typeof createNotificationsRepository>['recipient']>>>

async function sendEmail(deps: PipelineDeps, delivery: DeliveryRow, n: NotificationRow, recipient: Recipient) {
  const repo = createNotificationsRepository(deps.db)
  const school = await repo.school(n.schoolId)
  const category = n.category as NotificationCategory
  const unsubscribe = isEssential(category)
    ? null
    : links.unsubscribe(
        deps.publicUrl,
        unsubscribeToken(deps.secret, recipient.id, category as Exclude<NotificationCategory, 'safeguarding'>),
      )
  const content = notificationEmail(deps.i18n, n, { name: recipient.name, language: recipient.language as LanguageChoice }, school, {
    open: links.open(deps.publicUrl, n.path),
    preferences: links.preferences(deps.publicUrl),
    unsubscribe,
  })
  await deps.email.send(recipient.email as string, content, {
    messageId: messageId(deps.publicUrl, delivery.id),
    headers: unsubscribe ? unsubscribeHeaders(unsubscribe) : {},
  })
}

/**
 * Sends to every device not reached yet. Devices the push service says are gone (404/410) are
 * forgotten. Returns the devices reached; throws the first transient error after trying all.
 */
async function sendPush(deps: PipelineDeps, delivery: DeliveryRow, n: NotificationRow, recipient: Recipient): Promise<string[]> {
  const repo = createNotificationsRepository(deps.db)
  const reached = [...delivery.reached]
  const devices = (await repo.pushSubscriptions(recipient.id)).filter((d) => !reached.includes(d.id))
  if (devices.length === 0 && reached.length === 0) throw new DeliveryError('no push device', { permanent: true, reason: 'no_address' })
  const payload = JSON.stringify(pushPayload(deps.i18n, n, recipient.language as LanguageChoice, links.open(deps.publicUrl, n.path)))
  const options = pushOptions(n.category as NotificationCategory, n.id.replaceAll('-', '').slice(0, 32))
  let transient: DeliveryError | undefined
  let permanent: DeliveryError | undefined
  for (const device of devices) {
    try {
      await deps.push.send(device, payload, options)
      reached.push(device.id)
      await repo.markPushSuccess(device.id)
    } catch (err) {
      const error = asDeliveryError(err)
      if (error.permanent) {
        permanent ??= error
        if (error.reason === 'push_gone') await repo.forgetPushSubscription(device.id)
      } else {
        transient ??= error
      }
    }
  }
  if (transient) {
    await createDeliveriesRepository(deps.db).finish(delivery.id, { status: 'queued', error: transient.message, reached })
    throw transient
  }
  if (reached.length === 0 && permanent) throw permanent
  return reached
}

/**
 * Job `notification.deliver`: claims the delivery, sends it on its channel and records the
 * outcome. A delivery already sent, failed or skipped is not sent again. Permanent failures stop
 * at once (UnrecoverableError); transient ones throw so BullMQ retries with backoff, and the
 * last attempt marks the delivery failed ('gave_up').
 */
export async function deliverNotification(deps: PipelineDeps, deliveryId: string, lastAttempt: boolean): Promise<JobOutcome> {
  const deliveries = createDeliveriesRepository(deps.db)
  const repo = createNotificationsRepository(deps.db)
  const delivery = await deliveries.claim(deliveryId, deps.clock())
  if (!delivery) return 'skipped'
  const notification = await repo.notification(delivery.notificationId)
  const recipient = await repo.recipient(delivery.userId)
  if (!notification || !recipient) {
    await deliveries.finish(delivery.id, { status: 'skipped', reason: 'no_address' })
    return 'skipped'
  }
  if (recipient.disabledAt) {
    await deliveries.finish(delivery.id, { status: 'skipped', reason: 'account_disabled' })
    return 'skipped'
  }
  try {
    if (delivery.channel === 'email') {
      if (!recipient.email) {
        await deliveries.finish(delivery.id, { status: 'skipped', reason: 'no_address' })
        return 'skipped'
      }
      await sendEmail(deps, delivery, notification, recipient)
      await deliveries.finish(delivery.id, { status: 'sent' })
    } else if (delivery.channel === 'push') {
      const reached = await sendPush(deps, delivery, notification, recipient)
      await deliveries.finish(delivery.id, { status: 'sent', reached })
    } else {
      await deliveries.finish(delivery.id, { status: 'sent' })
    }
    return 'success'
  } catch (err) {
    const error = asDeliveryError(err)
    if (error.permanent) {
      await deliveries.finish(delivery.id, { status: 'failed', reason: error.reason, error: error.message })
      throw new UnrecoverableError(`${error.reason}: ${error.message}`)
    }
    if (lastAttempt) {
      await deliveries.finish(delivery.id, { status: 'failed', reason: 'gave_up', error: error.message })
    } else {
      await deliveries.finish(delivery.id, { status: 'queued', error: error.message })
    }
    throw error
  }
}
