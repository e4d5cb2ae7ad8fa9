/**
 * Queue and job names and payloads. Names are part of the stored state in Redis: never rename one.
 * Payloads carry ids only; a job re-reads its rows, so a retried job is harmless.
 */
import { type Static, Type } from 'typebox'

export const QUEUES = {
  email: 'email',
  families: 'families',
  notifications: 'notifications',
  newsletters: 'newsletters',
  maintenance: 'maintenance',
} as const
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

export const JOBS = {
  signInEmail: 'email.sign_in',
  invitationEmail: 'email.invitation',
  importFamilies: 'families.import',
  dispatchNotification: 'notification.dispatch',
  dispatchNotifications: 'notification.dispatch_batch',
  deliverNotification: 'notification.deliver',
  deliverNotifications: 'notification.deliver_batch',
  notificationTick: 'notification.tick',
  sendDigest: 'notification.digest',
  notifyUnreadMessages: 'messaging.unread_tick',
  sendNewsletter: 'newsletter.send',
  newsletterTick: 'newsletter.tick',
  retentionDaily: 'retention.daily',
} as const

export const SignInEmailJob = Type.Object({ magicLinkId: Type.String({ format: 'uuid' }) })
export type SignInEmailJob = Static<typeof SignInEmailJob>
export const InvitationEmailJob = Type.Object({ invitationId: Type.String({ format: 'uuid' }) })
export type InvitationEmailJob = Static<typeof InvitationEmailJob>
export const ImportFamiliesJob = Type.Object({ importId: Type.String({ format: 'uuid' }) })
export type ImportFamiliesJob = Static<typeof ImportFamiliesJob>

/** Decides each channel of one notification (preference, address, quiet hours, digest). */
export const DispatchNotificationJob = Type.Object({ notificationId: Type.String({ format: 'uuid' }) })
export type DispatchNotificationJob = Static<typeof DispatchNotificationJob>
/** The same for up to DISPATCH_BATCH notifications of one request, with a few queries for all of them. */
export const DispatchNotificationsJob = Type.Object({
  notificationIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 500 }),
})
export type DispatchNotificationsJob = Static<typeof DispatchNotificationsJob>
/** Sends one delivery (one notification to one person on one channel). */
export const DeliverNotificationJob = Type.Object({ deliveryId: Type.String({ format: 'uuid' }) })
export type DeliverNotificationJob = Static<typeof DeliverNotificationJob>
/** Sends a few deliveries of one dispatch, one after another. */
export const DeliverNotificationsJob = Type.Object({
  deliveryIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 }),
})
export type DeliverNotificationsJob = Static<typeof DeliverNotificationsJob>
/** Periodic: releases deliveries whose quiet hours ended, starts due digests, prunes the outbox. */
export const NotificationTickJob = Type.Object({})
export type NotificationTickJob = Static<typeof NotificationTickJob>
/** One person's daily digest for one local date. */
export const SendDigestJob = Type.Object({ userId: Type.String({ format: 'uuid' }), date: Type.String() })
export type SendDigestJob = Static<typeof SendDigestJob>

/** Periodic: tells people with messages unread for 10 minutes (and no live socket) through the pipeline. */
export const NotifyUnreadMessagesJob = Type.Object({})
export type NotifyUnreadMessagesJob = Static<typeof NotifyUnreadMessagesJob>

/**
 * Resolves a newsletter's audience and creates its notifications in batches. `revision` is the
 * newsletter's revision when the send was (re)scheduled: a job for an older one does nothing.
 */
export const SendNewsletterJob = Type.Object({ newsletterId: Type.String({ format: 'uuid' }), revision: Type.Integer() })
export type SendNewsletterJob = Static<typeof SendNewsletterJob>
/** Periodic: re-queues sends whose job Redis lost (overdue scheduled sends, stalled fan-outs). */
export const NewsletterTickJob = Type.Object({})
export type NewsletterTickJob = Static<typeof NewsletterTickJob>

/**
 * Nightly (job scheduler 'retention-daily'): deletes what each school's retention periods say has
 * expired, except anything under a safeguarding hold. Runs for every school; carries no ids.
 */
export const RetentionDailyJob = Type.Object({})
export type RetentionDailyJob = Static<typeof RetentionDailyJob>

/** Which queue each job name goes to. */
export const JOB_QUEUE = {
  [JOBS.signInEmail]: QUEUES.email,
  [JOBS.invitationEmail]: QUEUES.email,
  [JOBS.importFamilies]: QUEUES.families,
  [JOBS.dispatchNotification]: QUEUES.notifications,
  [JOBS.dispatchNotifications]: QUEUES.notifications,
  [JOBS.deliverNotification]: QUEUES.notifications,
  [JOBS.deliverNotifications]: QUEUES.notifications,
  [JOBS.notificationTick]: QUEUES.notifications,
  [JOBS.sendDigest]: QUEUES.notifications,
  [JOBS.notifyUnreadMessages]: QUEUES.notifications,
  [JOBS.sendNewsletter]: QUEUES.newsletters,
  [JOBS.newsletterTick]: QUEUES.newsletters,
  [JOBS.retentionDaily]: QUEUES.maintenance,
} as const satisfies Record<(typeof JOBS)[keyof typeof JOBS], QueueName>

export interface JobPayloads {
  [JOBS.signInEmail]: SignInEmailJob
  [JOBS.invitationEmail]: InvitationEmailJob
  [JOBS.importFamilies]: ImportFamiliesJob
  [JOBS.dispatchNotification]: DispatchNotificationJob
  [JOBS.dispatchNotifications]: DispatchNotificationsJob
  [JOBS.deliverNotification]: DeliverNotificationJob
  [JOBS.deliverNotifications]: DeliverNotificationsJob
  [JOBS.notificationTick]: NotificationTickJob
  [JOBS.sendDigest]: SendDigestJob
  [JOBS.notifyUnreadMessages]: NotifyUnreadMessagesJob
  [JOBS.sendNewsletter]: SendNewsletterJob
  [JOBS.newsletterTick]: NewsletterTickJob
  [JOBS.retentionDaily]: RetentionDailyJob
}
export type JobName = keyof JobPayloads
