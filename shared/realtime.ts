/** Typed Socket.IO events, used by the server and the web client alike. */
import type { ItemComment } from './schemas/forum.ts'
import type { Ack, Message, MessagePage, Receipt, SendMessage, SentMessage } from './schemas/messaging.ts'
import type { NewsletterProgress } from './schemas/newsletters.ts'
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
  /** A message was stored in one of this person's conversations (their own included, for other devices). */
  'message.created': (payload: { message: Message }) => void
  /** Its author corrected a message (the earlier text is kept on the server). */
  'message.edited': (payload: { message: Message }) => void
  /** A participant received or read up to a sequence number. */
  'conversation.receipt': (payload: Receipt) => void
  /** Another participant is typing (volatile: not stored, not replayed). */
  'conversation.typing': (payload: { conversationId: string; userId: string; name: string }) => void
  /** A conversation was started, joined or closed: refetch it. */
  'conversation.updated': (payload: { conversationId: string }) => void
  /** A newsletter's send moved on (recipients resolved, sent, failed): to its author and the school's admins and FEOs. */
  'newsletter.progress': (progress: NewsletterProgress) => void
  /** A comment was posted on a forum item the socket watches (forum.watch). */
  'forum.comment.created': (payload: { forumId: string; comment: ItemComment }) => void
  /** A watched forum item changed (status, text, supports): refetch it. */
  'forum.item.updated': (payload: { forumId: string; itemId: string }) => void
}

/**
 * Client events carry an acknowledgement callback; the server answers every one with
 * `{ ok: true, data }` or `{ ok: false, error: { code, message, status } }` (localised).
 */
export interface ClientToServerEvents {
  /** Stores a message (before the ack); a resend with the same clientId returns the stored one. */
  'message.send': (payload: SendMessage & { conversationId: string }, ack: (result: Ack<SentMessage>) => void) => void
  /** Everything after `afterSeq` (what a reconnecting client missed), oldest first, up to 200. */
  'conversation.sync': (payload: { conversationId: string; afterSeq: number }, ack: (result: Ack<MessagePage>) => void) => void
  'conversation.read': (payload: { conversationId: string; seq: number }, ack: (result: Ack<Receipt>) => void) => void
  'conversation.delivered': (payload: { conversationId: string; seq: number }, ack: (result: Ack<Receipt>) => void) => void
  'conversation.typing': (payload: { conversationId: string }, ack: (result: Ack<null>) => void) => void
  /** Follow one forum item's live thread (after the same check as reading it over HTTP). */
  'forum.watch': (payload: { forumId: string; itemId: string }, ack: (result: Ack<null>) => void) => void
  /** Posts a comment on a forum item; a resend with the same clientId returns the stored one. */
  'forum.comment': (
    payload: { forumId: string; itemId: string; clientId: string; body: string },
    ack: (result: Ack<ItemComment>) => void,
  ) => void
}

/** Room names chosen by the server; clients never name a room themselves. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  /** A person's sockets working in one school: per-school news (notifications) goes here. */
  userInSchool: (userId: string, schoolId: string) => `user:${userId}:school:${schoolId}`,
  schoolRole: (schoolId: string, role: string) => `school:${schoolId}:${role}`,
  /** Sockets following one forum item's thread (joined by forum.watch after a policy check). */
  forumItem: (itemId: string) => `forum-item:${itemId}`,
}
