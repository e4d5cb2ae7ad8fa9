import type { ServerToClientEvents } from '../../../shared/realtime.ts'
import type { DbOrTx } from '../../db/database.ts'
import { requestNotifications } from '../notifications/notify.ts'

/** Emits a live event to a room (Socket.IO in the server process); called after the commit. */
export type EmitForum = <E extends 'forum.comment.created' | 'forum.item.updated'>(
  room: string,
  event: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
) => void

export interface ForumDeps {
  clock: () => Date
  /** Asks the outbox relay to move new jobs to BullMQ now. */
  kick: () => void
  emit: EmitForum
}

/** An item's titles for notifications: a language not written yet shows the original's. */
export function itemTitles(item: { originalLanguage: string; titleCy: string; titleEn: string }) {
  const original = item.originalLanguage === 'cy' ? item.titleCy : item.titleEn
  return { titleCy: item.titleCy.trim() || original, titleEn: item.titleEn.trim() || original }
}

export const itemPath = (forumId: string, itemId: string) => `/forum/${forumId}/items/${itemId}`
export const meetingPath = (forumId: string, meetingId: string) => `/forum/${forumId}/meetings/${meetingId}`

/**
 * Tells people about a forum event through the notification pipeline, in the caller's
 * transaction (outbox), each in their own language. `key` makes asking twice harmless.
 */
export async function notifyForum(
  tx: DbOrTx,
  request: {
    schoolId: string
    userIds: string[]
    kind: string
    params: Record<string, string>
    path: string
    key: string
    calendar?: string
    category?: 'forum' | 'safeguarding'
  },
) {
  if (request.userIds.length === 0) return
  await requestNotifications(tx, {
    schoolId: request.schoolId,
    userIds: request.userIds,
    category: request.category ?? 'forum',
    kind: request.kind,
    params: request.params,
    path: request.path,
    dedupeKey: request.key,
    ...(request.calendar ? { calendar: request.calendar } : {}),
  })
}
