import { RETENTION_CATEGORIES, type RetentionCategory } from '../../../shared/schemas/retention.ts'
import type { Config } from '../../config.ts'

/** The configured default period of each school category, in days. */
export type RetentionDefaults = Record<RetentionCategory, number> & { sign_in: number }

export function retentionDefaults(config: Pick<Config, 'retention'>): RetentionDefaults {
  const r = config.retention
  return {
    messages: r.messages,
    notifications: r.notifications,
    newsletter_reach: r.newsletterReach,
    contact_log: r.contactLog,
    sign_in: r.signIn,
  }
}

/** The period in force for each category: the school's own, or the default. */
export function effectivePeriods(
  defaults: RetentionDefaults,
  overrides: Map<RetentionCategory, number>,
): Record<RetentionCategory, number> {
  return Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, overrides.get(c) ?? defaults[c]])) as Record<RetentionCategory, number>
}

const DAY_MS = 86_400_000
/** Rows older than this moment have expired. */
export const cutoffFor = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS)
