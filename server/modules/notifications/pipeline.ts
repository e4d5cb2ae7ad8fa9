import type { i18n } from 'i18next'
import type { Db } from '../../db/database.ts'
import type { Jobs } from '../../jobs/queues.ts'
import type { RealtimePublisher } from '../../jobs/realtime.ts'
import { deriveToken, tokenMatches } from '../auth/tokens.ts'
import type { EmailSender, PushSender } from './channels.ts'
import type { SettleDelivery } from './delivery-settler.ts'
import type { SchoolNames } from './render-notification.ts'
import type { SendPermits } from './send-permits.ts'

/** What the notification jobs need; the workers build it once. */
export interface PipelineDeps {
  db: Db
  i18n: i18n
  jobs: Pick<Jobs, 'addBulk'>
  realtime: RealtimePublisher
  email: EmailSender
  push: PushSender
  /** The instance secret, for unsubscribe links. */
  secret: string
  publicUrl: string
  clock: () => Date
  /** Records deliveries' outcomes, several jobs' in one statement (see delivery-settler.ts). */
  settle: SettleDelivery
  /** How long a deliver run's hold on its rows lasts unrenewed (JOB_STALLED_SECONDS, as BullMQ's job lock). */
  leaseMs: number
  /** Sends in flight in this process, NOTIFICATION_CONCURRENCY at most (see send-permits.ts). */
  sendPermits: SendPermits
  /** School names for rendering, cached (see school-names.ts). */
  schoolNames: (schoolId: string) => Promise<SchoolNames | undefined>
}

export type JobOutcome = 'success' | 'skipped'

/** What an unsubscribe link turns off: one category's email, or the daily digest's categories. */
export type UnsubscribeScope = 'messages' | 'newsletters' | 'forum' | 'urgent' | 'digest'

/** A one-click unsubscribe token: who, what, and a MAC so nobody can forge another's. */
export function unsubscribeToken(secret: string, userId: string, scope: UnsubscribeScope): string {
  return `${userId}.${scope}.${deriveToken(secret, 'unsubscribe', `${userId}:${scope}`)}`
}

export function readUnsubscribeToken(secret: string, token: string): { userId: string; scope: UnsubscribeScope } | null {
  const [userId = '', scope = '', mac = ''] = token.split('.')
  if (!['messages', 'newsletters', 'forum', 'urgent', 'digest'].includes(scope)) return null
  if (!/^[0-9a-f-]{36}$/.test(userId)) return null
  if (!tokenMatches(secret, 'unsubscribe', `${userId}:${scope}`, mac)) return null
  return { userId, scope: scope as UnsubscribeScope }
}

/** List-Unsubscribe (RFC 2369) with one-click POST (RFC 8058) for non-essential mail. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

export const links = {
  unsubscribe: (publicUrl: string, token: string) => `${publicUrl}/unsubscribe/${token}`,
  preferences: (publicUrl: string) => `${publicUrl}/settings/notifications`,
  /** The page a notification opens; `via` says which channel the person came from (a newsletter counts opens by it). */
  open: (publicUrl: string, path: string, via?: 'email' | 'push') => {
    const url = new URL(path.startsWith('/') ? path : `/${path}`, publicUrl)
    if (via) url.searchParams.set('via', via)
    return `${publicUrl}${url.pathname}${url.search}`
  },
}

export function messageId(publicUrl: string, id: string): string {
  return `<${id}@${new URL(publicUrl).hostname}>`
}
