import type { i18n } from 'i18next'
import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import type {
  Category,
  Channel,
  FailedDelivery,
  NotificationList,
  NotificationListQuery,
  Preferences,
  PushSettings,
  PushSubscriptionInput,
} from '../../../shared/schemas/notifications.ts'
import type { Db } from '../../db/database.ts'
import { AppError } from '../../errors.ts'
import { enqueueJobs } from '../../jobs/outbox.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { createDeliveriesRepository } from './deliveries.repository.ts'
import { createNotificationsRepository } from './notifications.repository.ts'
import { requestNotifications } from './notify.ts'
import { readUnsubscribeToken, type UnsubscribeScope } from './pipeline.ts'
import { preferencesFromRow, preferencesToRow, withLanguage } from './preferences.ts'
import { isTimeZone } from './quiet-hours.ts'
import { notificationItem } from './render-notification.ts'

export interface NotificationsServiceDeps {
  db: Db
  i18n: i18n
  /** Called after a commit that wrote outbox rows, so the relay moves them at once. */
  kick: () => void
  secret: string
  vapidPublicKey: string
}

function schoolOf(actor: Actor): string {
  if (!actor.schoolId) throw new AppError('notifications.no_school', 409)
  return actor.schoolId
}

export function createNotificationsService(deps: NotificationsServiceDeps) {
  const repo = createNotificationsRepository(deps.db)

  async function preferencesOf(userId: string) {
    const [row, isParent] = await Promise.all([repo.preferencesRow(userId), repo.isParent(userId)])
    return preferencesFromRow(row, isParent)
  }

  return {
    /** The person's language, channels per category, quiet hours and digest (defaults if never saved). */
    async getPreferences(actor: Actor): Promise<Preferences> {
      const user = await repo.recipient(actor.userId)
      return withLanguage((user?.language ?? 'both') as LanguageChoice, await preferencesOf(actor.userId))
    },

    /** Replaces the person's preferences; language and the rest are saved together or not at all. */
    async updatePreferences(actor: Actor, input: Preferences): Promise<Preferences> {
      if (!isTimeZone(input.timeZone)) throw new AppError('notifications.time_zone', 400, { value: input.timeZone })
      const { language, ...rest } = input
      await deps.db.transaction(async (tx) => {
        await createNotificationsRepository(tx).savePreferences(preferencesToRow(actor.userId, rest), language)
      })
      return this.getPreferences(actor)
    },

    /** The person's notifications in the school they are working in, newest first. */
    async list(actor: Actor, query: NotificationListQuery): Promise<NotificationList> {
      const schoolId = schoolOf(actor)
      const limit = query.limit ?? 30
      const rows = await repo.list(actor.userId, schoolId, query.before ? new Date(query.before) : undefined, limit + 1)
      const school = await repo.school(schoolId)
      const page = rows.slice(0, limit)
      return {
        items: page.map((n) => notificationItem(deps.i18n, n, school)),
        unread: await repo.unreadCount(actor.userId, schoolId),
        next: rows.length > limit ? (page.at(-1)?.createdAt.toISOString() ?? null) : null,
      }
    },

    async unreadCount(actor: Actor): Promise<number> {
      return repo.unreadCount(actor.userId, schoolOf(actor))
    },

    /** Marks one (or all) of the person's own notifications read; someone else's is not found. */
    async markRead(actor: Actor, ids: string[] | 'all'): Promise<{ ids: string[] | 'all'; unread: number }> {
      const schoolId = schoolOf(actor)
      const found = await repo.markRead(actor.userId, schoolId, ids)
      if (ids !== 'all' && found.length === 0) throw new AppError('notifications.not_found', 404)
      return { ids: ids === 'all' ? 'all' : found, unread: await repo.unreadCount(actor.userId, schoolId) }
    },

    /** Sends the person a test notification through the whole pipeline (to check their channels). */
    async sendTest(actor: Actor, category: Category): Promise<string> {
      const schoolId = schoolOf(actor)
      const [id] = await deps.db.transaction((tx) =>
        requestNotifications(tx, { schoolId, userIds: [actor.userId], category, kind: 'test', path: '/notifications' }),
      )
      deps.kick()
      return id as string
    },

    async pushSettings(actor: Actor): Promise<PushSettings> {
      const devices = await repo.pushSubscriptions(actor.userId)
      return {
        publicKey: deps.vapidPublicKey,
        devices: devices.map((d) => ({ id: d.id, label: d.label, createdAt: d.createdAt.toISOString() })),
      }
    },

    async subscribePush(actor: Actor, input: PushSubscriptionInput) {
      const saved = await repo.savePushSubscription({
        userId: actor.userId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh.replace(/=+$/, ''),
        auth: input.keys.auth.replace(/=+$/, ''),
        label: input.label ?? '',
      })
      return { id: saved.id, label: saved.label, createdAt: saved.createdAt.toISOString() }
    },

    /** Removes one of the person's own devices, by id or by the browser's endpoint. */
    async unsubscribePush(actor: Actor, which: { id?: string; endpoint?: string }): Promise<void> {
      const removed = await repo.deletePushSubscription({ userId: actor.userId, ...which })
      if (removed === 0) throw new AppError('push.not_found', 404)
    },

    /**
     * Reads an unsubscribe link without changing anything (a GET, or a mail scanner): what it
     * turns off, and the language to answer in (the person's; both when they are unknown).
     */
    async checkUnsubscribe(token: string): Promise<{ scope: UnsubscribeScope; language: LanguageChoice } | null> {
      const found = readUnsubscribeToken(deps.secret, token)
      if (!found) return null
      const user = await repo.recipient(found.userId)
      return { scope: found.scope, language: (user?.language ?? 'both') as LanguageChoice }
    },

    /** RFC 8058 one-click: turns email off for the link's category (digest: every non-urgent one). */
    async unsubscribe(token: string): Promise<{ scope: UnsubscribeScope; language: LanguageChoice } | null> {
      const found = readUnsubscribeToken(deps.secret, token)
      if (!found) return null
      const user = await repo.recipient(found.userId)
      if (!user) return null
      const current = await preferencesOf(found.userId)
      const categories: Category[] = found.scope === 'digest' ? ['messages', 'newsletters', 'forum'] : [found.scope]
      const channels = { ...current.channels }
      for (const category of categories) channels[category] = { ...channels[category], email: false }
      await deps.db.transaction(async (tx) => {
        await createNotificationsRepository(tx).savePreferences(preferencesToRow(found.userId, { ...current, channels }), user.language)
      })
      return { scope: found.scope, language: user.language as LanguageChoice }
    },

    /** Failed deliveries of the school, with the reason in the asker's language. */
    async failedDeliveries(schoolId: string, t: (key: string) => string): Promise<FailedDelivery[]> {
      const rows = await createDeliveriesRepository(deps.db).failedOf(schoolId, 200)
      return rows.map(({ delivery, kind, recipientName }) => {
        const reason = delivery.reason ?? 'unknown'
        const key = `notification.reasons.${reason}`
        const text = t(key)
        return {
          id: delivery.id,
          channel: delivery.channel as Channel,
          recipient: { id: delivery.userId, name: recipientName },
          kind,
          reason,
          reasonText: text === key ? t('notification.reasons.unknown') : text,
          attempts: delivery.attempts,
          updatedAt: delivery.updatedAt.toISOString(),
        }
      })
    },

    /** Puts a failed delivery back in the queue, under a new job id (the old job is finished). */
    async retryDelivery(schoolId: string, deliveryId: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        const row = await createDeliveriesRepository(tx).requeueFailed(schoolId, deliveryId)
        if (!row) throw new AppError('notifications.delivery_not_found', 404)
        await enqueueJobs(tx, [
          { name: JOBS.deliverNotification, data: { deliveryId: row.id }, jobId: `deliver-${row.id}-retry-${row.retries}` },
        ])
      })
      deps.kick()
    },
  }
}
export type NotificationsService = ReturnType<typeof createNotificationsService>
