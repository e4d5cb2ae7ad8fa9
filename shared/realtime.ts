/** Typed Socket.IO events, used by the server and the web client alike. */
import type { NotificationItem } from './schemas/notifications.ts'

export interface ImportProgress {
  importId: string
  status: 'queued' | 'running' | 'done' | 'failed'
  processed: number
  total: number
}

export interface ServerToClientEvents {
  /** Progress of a family import, sent to the admins of the school. */
  'import.progress': (progress: ImportProgress) => void
  /** The session was signed out or the account disabled; the socket is closed after this. */
  'session.ended': () => void
  /** A new in-app notification for this person, with their unread count after it. */
  'notification.created': (payload: { notification: NotificationItem; unread: number }) => void
  /** Notifications were marked read (on this or another device of the same person). */
  'notification.read': (payload: { ids: string[] | 'all'; unread: number }) => void
}

// biome-ignore lint/complexity/noBannedTypes: no client-to-server events yet; features add them here
export type ClientToServerEvents = {}

/** Room names chosen by the server; clients never name a room themselves. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  /** A person's sockets working in one school: per-school news (notifications) goes here. */
  userInSchool: (userId: string, schoolId: string) => `user:${userId}:school:${schoolId}`,
  schoolRole: (schoolId: string, role: string) => `school:${schoolId}:${role}`,
}
