import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import { rooms } from '../../../shared/realtime.ts'
import type { NewsletterStatus } from '../../../shared/schemas/newsletters.ts'
import type { Db } from '../../db/database.ts'
import type { Jobs } from '../../jobs/queues.ts'
import type { RealtimePublisher } from '../../jobs/realtime.ts'
import { publishLive } from '../notifications/dispatch-notification.ts'
import { requestNotificationsPlanned } from '../notifications/notify.ts'
import type { PipelineDeps } from '../notifications/pipeline.ts'
import { newsletterPath, recipientToken } from './newsletter-links.ts'
import { newsletterParams, notificationCategory, notificationKind } from './newsletter-notification.ts'
import { createNewslettersRepository, type NewsletterRow } from './newsletters.repository.ts'

/**
 * Recipients per transaction: 500 each of recipient rows and notifications, ~1,500 deliveries and
 * their deliver jobs. 1,000 held the event loop longer (p99 over 50 ms in the newsletters bench).
 */
export const FAN_OUT_CHUNK = 500
/** How often a running fan-out tells the sender its progress (the web polls as well). */
const PROGRESS_EVERY_MS = 1000
/** A fan-out that has not moved for this long, or a scheduled send this overdue, is queued again. */
export const STALL_MS = 60_000

export interface FanOutDeps {
  db: Db
  clock: () => Date
  secret: string
  realtime: RealtimePublisher
  jobs: Pick<Jobs, 'addBulk'>
  /** Asks the outbox relay to move the new deliver jobs to BullMQ now. */
  kick: () => void
  /** For the live `notification.created` of each chunk's recipients. */
  i18n: PipelineDeps['i18n']
  schoolNames: PipelineDeps['schoolNames']
}

/** The notification dedupe key of a newsletter: one notification per recipient, however often the job runs. */
export const dedupeKeyOf = (newsletterId: string) => `newsletter-${newsletterId}`

async function publishProgress(deps: FanOutDeps, n: NewsletterRow, status: NewsletterStatus) {
  const progress = { newsletterId: n.id, status, ...(await createNewslettersRepository(deps.db).progress(n.id)) }
  const targets = [rooms.schoolRole(n.schoolId, 'admin'), rooms.schoolRole(n.schoolId, 'feo')]
  if (n.authorId) targets.push(rooms.userInSchool(n.authorId, n.schoolId))
  await deps.realtime.publishMany(
    'newsletter.progress',
    targets.map((room) => ({ room, payload: progress })),
  )
}

/**
 * Job `newsletter.send`: starts the send (status `sending`, `sent_at` now, recipients resolved
 * with their language, all in one transaction), then gives recipients their notifications in
 * chunks, each chunk one transaction with its recipients' delivery rows (channels planned there, no
 * dispatch job between) and its deliver jobs in the outbox. A job that runs again
 * (worker killed, Redis restarted) carries on with the recipients still without one; a job for
 * an older revision (rescheduled, edited into a new schedule, cancelled) does nothing.
 */
export async function fanOutNewsletter(
  deps: FanOutDeps,
  newsletterId: string,
  revision: number,
  onProgress: (done: number, total: number) => Promise<void> = async () => {},
): Promise<'success' | 'skipped'> {
  const started = await deps.db.transaction(async (tx) => {
    const repo = createNewslettersRepository(tx)
    // A job names the newsletter only by id: it is the system acting, not a person of a school.
    const n = await repo.find(null, newsletterId, true)
    if (!n || n.revision !== revision) return null
    if (n.status === 'scheduled') {
      const total = await repo.resolveRecipients(n)
      await repo.setStatus(n.id, 'sending', { sentAt: deps.clock(), recipientsCount: total })
      return { ...n, status: 'sending', recipientsCount: total }
    }
    return n.status === 'sending' ? n : null
  })
  if (!started) return 'skipped'
  await publishProgress(deps, started, 'sending')

  const params = newsletterParams(started)
  const dedupeKey = dedupeKeyOf(started.id)
  let done = 0
  let published = Date.now()
  for (;;) {
    const { made, live } = await deps.db.transaction(async (tx) => {
      const repo = createNewslettersRepository(tx)
      const pending = await repo.pendingRecipients(started.id, FAN_OUT_CHUNK)
      if (pending.length === 0) return { made: 0, live: [] }
      const { live } = await requestNotificationsPlanned(
        tx,
        {
          schoolId: started.schoolId,
          userIds: pending.map((r) => r.userId),
          category: notificationCategory(started.category),
          kind: notificationKind(started.category),
          params,
          dedupeKey,
          perRecipient: new Map(
            pending.map((r) => [
              r.userId,
              { language: r.language as LanguageChoice, path: newsletterPath(started.id, recipientToken(deps.secret, r.id)) },
            ]),
          ),
        },
        deps.clock(),
      )
      await repo.linkNotifications(
        started.id,
        dedupeKey,
        pending.map((r) => r.id),
      )
      // A heartbeat: the newsletter tick queues a fan-out again only if this stops moving.
      await repo.setStatus(started.id, 'sending')
      return { made: pending.length, live }
    })
    deps.kick()
    await publishLive(deps, live)
    done += made
    await onProgress(done, started.recipientsCount)
    if (made < FAN_OUT_CHUNK) break
    // The progress query counts deliveries: once a second is live enough, and keeps it off each chunk.
    if (Date.now() - published >= PROGRESS_EVERY_MS) {
      await publishProgress(deps, started, 'sending')
      published = Date.now()
    }
  }
  const repo = createNewslettersRepository(deps.db)
  // Another run of this send (the tick's, or BullMQ's after a lost lock) may still be writing a
  // chunk whose recipients this run skipped as locked: the send is done only when no recipient
  // is left. The run that writes the last chunk marks it sent; if that run dies, its chunk rolls
  // back and the newsletter tick queues the send again.
  if ((await repo.unlinkedCount(started.id)) > 0) return done > 0 ? 'success' : 'skipped'
  await repo.setStatus(started.id, 'sent', { fannedOutAt: deps.clock() })
  await publishProgress(deps, started, 'sent')
  return 'success'
}

/**
 * Job `newsletter.tick` (every few seconds): a scheduled send whose delayed job never came, or a
 * fan-out that stopped moving (its job lost with a Redis that lost its data), gets its job again,
 * under an id that changes each minute so a job Redis still holds is not masked by it.
 */
export async function recoverNewsletterSends(deps: FanOutDeps): Promise<number> {
  const now = deps.clock()
  const stalled = await createNewslettersRepository(deps.db).stalled(now, STALL_MS)
  const minute = Math.floor(now.getTime() / 60_000)
  await deps.jobs.addBulk(
    stalled.map((n) => ({
      name: JOBS.sendNewsletter,
      data: { newsletterId: n.id, revision: n.revision },
      jobId: `newsletter-send-${n.id}-${n.revision}-recover-${minute}`,
    })),
  )
  return stalled.length
}
