import type { Channel, NotificationCategory } from '../../../shared/schemas/notifications.ts'
import type { NewDelivery } from './deliveries.repository.ts'
import type { DeliveryPreferences } from './preferences.ts'
import { quietUntil } from './quiet-hours.ts'

/** Safeguarding notices are essential: no channel choice, quiet hours or digest stops them. */
export const isEssential = (category: NotificationCategory) => category === 'safeguarding'
/** Urgent notices (school closure, safety) and essential ones go at once. */
export const isUrgent = (category: NotificationCategory) => category === 'urgent' || isEssential(category)

/**
 * Decides each channel of one notification for one person: in-app always; email and push as
 * they chose, sent now, held until quiet hours end, gathered into the digest (email), or skipped
 * with the reason (preference, no address, account disabled).
 */
export function planDeliveries(input: {
  notification: { id: string; schoolId: string; userId: string; category: NotificationCategory; onlyChannel?: string | null }
  recipient: { email: string | null; disabledAt: Date | null }
  preferences: DeliveryPreferences
  hasPushDevice: boolean
  now: Date
}): NewDelivery[] {
  const { notification: n, recipient, preferences, now } = input
  const base = { schoolId: n.schoolId, notificationId: n.id, userId: n.userId }
  const essential = isEssential(n.category)
  const urgent = isUrgent(n.category)
  const quiet = urgent ? null : quietUntil(now, preferences.quietHours, preferences.timeZone)
  const choice = n.category === 'safeguarding' ? { email: true, push: true } : preferences.channels[n.category]

  function plan(channel: Exclude<Channel, 'in_app'>, hasAddress: boolean): NewDelivery {
    if (recipient.disabledAt) return { ...base, channel, status: 'skipped', reason: 'account_disabled' }
    if (n.onlyChannel && n.onlyChannel !== channel) return { ...base, channel, status: 'skipped', reason: 'not_requested' }
    if (!essential && !choice[channel]) return { ...base, channel, status: 'skipped', reason: 'preference' }
    if (!hasAddress) return { ...base, channel, status: 'skipped', reason: 'no_address' }
    if (urgent) return { ...base, channel, status: 'queued' }
    if (channel === 'email' && preferences.digest.mode === 'daily') return { ...base, channel, status: 'digest', reason: 'digest' }
    if (quiet) return { ...base, channel, status: 'held', reason: 'quiet_hours', notBefore: quiet }
    return { ...base, channel, status: 'queued' }
  }

  return [
    recipient.disabledAt
      ? { ...base, channel: 'in_app', status: 'skipped', reason: 'account_disabled' }
      : { ...base, channel: 'in_app', status: 'sent', sentAt: now },
    plan('email', Boolean(recipient.email)),
    plan('push', input.hasPushDevice),
  ]
}
