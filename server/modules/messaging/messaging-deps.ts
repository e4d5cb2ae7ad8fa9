import type { ServerToClientEvents } from '../../../shared/realtime.ts'
import type { Db } from '../../db/database.ts'

/** Sends an event to the sockets of these people in this school (every device of each). */
export type ToUsers = <E extends keyof ServerToClientEvents>(
  schoolId: string,
  userIds: string[],
  event: E,
  ...payload: Parameters<ServerToClientEvents[E]>
) => void

export interface MessagingDeps {
  db: Db
  clock: () => Date
  toUsers: ToUsers
  /** Counts a send for each of these people (one may come more than once) and tells, for each, whether it passed their messages-per-minute limit. */
  limitSends: (userIds: string[]) => Promise<boolean[]>
  /** How long a message may stay unread (recipient offline) before a notification; 10 minutes. */
  unreadNotifyAfterMs: number
}
