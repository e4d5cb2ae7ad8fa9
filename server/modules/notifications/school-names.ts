import type { Db } from '../../db/database.ts'
import { createNotificationsRepository } from './notifications.repository.ts'
import type { SchoolNames } from './render-notification.ts'

/**
 * A school's names as the notification jobs render them, read from the database at most once
 * per `ttlMs` per school: a broadcast to 2000 families renders the same school 2000 times. A
 * renamed school shows its new name within `ttlMs`. One entry per school of the installation.
 */
export function cachedSchoolNames(db: Db, ttlMs = 60_000): (schoolId: string) => Promise<SchoolNames | undefined> {
  const repo = createNotificationsRepository(db)
  const cache = new Map<string, { readAt: number; names: Promise<SchoolNames | undefined> }>()
  return (schoolId) => {
    const hit = cache.get(schoolId)
    if (hit && Date.now() - hit.readAt < ttlMs) return hit.names
    const names = repo.school(schoolId)
    cache.set(schoolId, { readAt: Date.now(), names })
    names.catch(() => cache.delete(schoolId))
    return names
  }
}
