import type { LanguageChoice } from '../../../shared/i18n.ts'
import { CATEGORIES, type CategoryChannels, type Preferences } from '../../../shared/schemas/notifications.ts'
import type { notificationPreferences } from '../../db/schema.ts'

export const DEFAULT_TIME_ZONE = 'Europe/London'
/** Parents' default quiet hours (the issue's rule): nothing non-urgent between 21:00 and 07:00. */
export const PARENT_QUIET_HOURS = { start: '21:00', end: '07:00' } as const
export const DEFAULT_DIGEST_TIME = '17:00'

export type PreferencesRow = typeof notificationPreferences.$inferSelect
/** Preferences without the language, which lives on the user. */
export type DeliveryPreferences = Omit<Preferences, 'language'>

export function defaultChannels(): CategoryChannels {
  return Object.fromEntries(CATEGORIES.map((c) => [c, { email: true, push: true }])) as CategoryChannels
}

/** What a person without a stored choice gets: every channel on; quiet hours for parents. */
export function defaultPreferences(isParent: boolean): DeliveryPreferences {
  return {
    channels: defaultChannels(),
    quietHours: isParent ? { ...PARENT_QUIET_HOURS } : null,
    timeZone: DEFAULT_TIME_ZONE,
    digest: { mode: 'off', time: DEFAULT_DIGEST_TIME },
  }
}

export function preferencesFromRow(row: PreferencesRow | undefined, isParent: boolean): DeliveryPreferences {
  if (!row) return defaultPreferences(isParent)
  return {
    channels: { ...defaultChannels(), ...row.channels },
    quietHours: row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null,
    timeZone: row.timeZone,
    digest: { mode: row.digest === 'daily' ? 'daily' : 'off', time: row.digestTime },
  }
}

export function preferencesToRow(userId: string, preferences: DeliveryPreferences): PreferencesRow {
  return {
    userId,
    channels: preferences.channels,
    quietStart: preferences.quietHours?.start ?? null,
    quietEnd: preferences.quietHours?.end ?? null,
    timeZone: preferences.timeZone,
    digest: preferences.digest.mode,
    digestTime: preferences.digest.time,
    updatedAt: new Date(),
  }
}

export function withLanguage(language: LanguageChoice, preferences: DeliveryPreferences): Preferences {
  return { language, ...preferences }
}
