import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { UnrecoverableError } from 'bullmq'
import { sql } from 'drizzle-orm'
import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import { DeliveryError, type PushOptions } from './channels.ts'
import { type Claim, createDeliveriesRepository, type DeliveriesRepository, type PushDevice } from './deliveries.repository.ts'
import { isEssential } from './delivery-plan.ts'
import { EMAIL_GATHER_MS } from './delivery-settler.ts'
import { createNotificationsRepository, type NotificationRow } from './notifications.repository.ts'
import { type JobOutcome, links, messageId, type PipelineDeps, unsubscribeHeaders, unsubscribeToken } from './pipeline.ts'
import { pushPayload, rememberingEmails, rememberingTranslate, type Translate } from './render-notification.ts'

/** How long a push service keeps a notification for an offline device, and how urgent it is. */
export function pushOptions(category: NotificationCategory, topic: string): PushOptions {
  switch (category) {
    case 'urgent':
    case 'safeguarding':
      return { ttl: 6 * 3600, urgency: 'high', topic }
    case 'messages':
      return { ttl: 24 * 3600, urgency: 'normal', topic }
    default:
      return { ttl: 3 * 24 * 3600, urgency: 'low', topic }
  }
}

/** The language a notification is written in: the one its feature decided (a newsletter's household rule), else the person's. */
const languageFor = (n: NotificationRow, recipient: { language: string }) => (n.language ?? recipient.language) as LanguageChoice

function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err
  return new DeliveryError((err as Error)?.message ?? String(err), { permanent: false, reason: 'transient' })
}

/** A claimed delivery with what sending it needs (deliveries.claim). */
type Claimed = Awaited<ReturnType<ReturnType<typeof createDeliveriesRepository>['claim']>>[number]
type Delivery = Claimed['delivery']
type Recipient = NonNullable<Claimed['recipient']>

/** What one attempt at a delivery came to. */
type Outcome =
  | { status: 'sent'; reached?: string[] }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: DeliveryError; reached?: string[] }
  | { status: 'retry'; error: DeliveryError; reached?: string[] }

/** A job's renderers: each catalog sentence and each email layout made once per job. */
interface Render {
  t: Translate
  email: ReturnType<typeof rememberingEmails>
}

async function sendEmail(
  deps: PipelineDeps,
  render: Render,
  delivery: Delivery,
  n: NotificationRow,
  recipient: Recipient & { email: string },
) {
  const school = await deps.schoolNames(n.schoolId)
  const category = n.category as NotificationCategory
  const unsubscribe = isEssential(category)
    ? null
    : links.unsubscribe(
        deps.publicUrl,
        unsubscribeToken(deps.secret, recipient.id, category as Exclude<NotificationCategory, 'safeguarding'>),
      )
  const content = render.email(n, { name: recipient.name, language: languageFor(n, recipient) }, school, {
    open: links.open(deps.publicUrl, n.path, 'email'),
    preferences: links.preferences(deps.publicUrl),
    unsubscribe,
  })
  await deps.email.send(recipient.email, content, {
    messageId: messageId(deps.publicUrl, delivery.id),
    headers: unsubscribe ? unsubscribeHeaders(unsubscribe) : {},
    ...(n.calendar ? { calendar: n.calendar } : {}),
  })
}

/**
 * Sends to every device not reached yet. Devices the push service says are gone (404/410) are
 * forgotten. A transient error (after trying all) means retry; a permanent one with no device
 * reached means failed.
 */
async function sendPush(
  deps: PipelineDeps,
  t: Translate,
  delivery: Delivery,
  n: NotificationRow,
  recipient: Recipient,
  all: PushDevice[],
): Promise<Outcome> {
  const repo = createNotificationsRepository(deps.db)
  const reached = [...delivery.reached]
  const devices = all.filter((d) => !reached.includes(d.id))
  if (devices.length === 0 && reached.length === 0) {
    return { status: 'failed', error: new DeliveryError('no push device', { permanent: true, reason: 'no_address' }) }
  }
  const payload = JSON.stringify(pushPayload(t, n, languageFor(n, recipient), links.open(deps.publicUrl, n.path, 'push')))
  const options = pushOptions(n.category as NotificationCategory, n.id.replaceAll('-', '').slice(0, 32))
  let transient: DeliveryError | undefined
  let permanent: DeliveryError | undefined
  for (const device of devices) {
    try {
      await deps.push.send(device, payload, options)
      reached.push(device.id)
    } catch (err) {
      const error = asDeliveryError(err)
      if (error.permanent) {
        permanent ??= error
        if (error.reason === 'push_gone') await repo.forgetPushSubscription(device.id)
      } else {
        transient ??= error
      }
    }
  }
  if (transient) return { status: 'retry', error: transient, reached }
  if (reached.length === 0 && permanent) return { status: 'failed', error: permanent }
  return { status: 'sent', reached }
}

async function attempt(deps: PipelineDeps, render: Render, { delivery, notification, recipient, devices }: Claimed): Promise<Outcome> {
  if (!notification || !recipient) return { status: 'skipped', reason: 'no_address' }
  if (recipient.disabledAt) return { status: 'skipped', reason: 'account_disabled' }
  try {
    if (delivery.channel === 'email') {
      if (!recipient.email) return { status: 'skipped', reason: 'no_address' }
      await sendEmail(deps, render, delivery, notification, { ...recipient, email: recipient.email })
      return { status: 'sent' }
    }
    if (delivery.channel === 'push') return await sendPush(deps, render.t, delivery, notification, recipient, devices)
    return { status: 'sent' }
  } catch (err) {
    const error = asDeliveryError(err)
    return error.permanent ? { status: 'failed', error } : { status: 'retry', error }
  }
}

/**
 * Records the outcome of one delivery. A sent one is recorded as soon as it is sent (its job
 * waits for that before the next send), so a worker killed mid-batch sends again, when its job
 * runs again, at most what was in flight.
 */
function record(deps: PipelineDeps, delivery: Delivery, outcome: Outcome, lastAttempt: boolean): Promise<void> {
  const id = delivery.id
  // The devices this attempt reached (a retry skips those reached before).
  const pushedTo = 'reached' in outcome && outcome.reached ? outcome.reached.filter((d) => !delivery.reached.includes(d)) : []
  const gatherMs = delivery.channel === 'email' ? EMAIL_GATHER_MS : 0
  switch (outcome.status) {
    case 'sent':
      return deps.settle({ id, status: 'sent', reached: outcome.reached, pushedTo }, gatherMs)
    case 'skipped':
      return deps.settle({ id, status: 'skipped', reason: outcome.reason }, gatherMs)
    case 'failed':
      return deps.settle({ id, status: 'failed', reason: outcome.error.reason, error: outcome.error.message, pushedTo }, gatherMs)
    case 'retry':
      return deps.settle(
        {
          id,
          status: lastAttempt ? 'failed' : 'queued',
          reason: lastAttempt ? 'gave_up' : null,
          error: outcome.error.message,
          reached: outcome.reached,
          pushedTo,
        },
        gatherMs,
      )
  }
}

/**
 * Keeps a run's claimed rows leased while it sends them (renewed three times a lease) and says
 * which rows it no longer holds: another run of the same job took them once the lease passed
 * (this run was too slow to renew, or could not reach the database). Such a row is not sent.
 */
function holdLease(repo: DeliveriesRepository, claim: Claim) {
  const held = new Set<string>()
  const lost = new Set<string>()
  let renewing: Promise<void> | undefined
  const renew = () => {
    if (renewing || held.size === 0) return
    const ids = [...held]
    renewing = repo
      .renewLease(ids, claim)
      .then(
        (kept) => {
          const keep = new Set(kept)
          for (const id of ids) if (held.has(id) && !keep.has(id)) lost.add(id)
        },
        // The database is away: the next renewal tries again; sends wait for it (sendPermits.ready).
        () => {},
      )
      .finally(() => {
        renewing = undefined
      })
  }
  const timer = setInterval(renew, Math.max(100, claim.leaseMs / 3))
  timer.unref()
  return {
    hold(ids: string[]) {
      for (const id of ids) held.add(id)
    },
    /** The row's outcome is recorded (or it was never sent): nothing more to renew. */
    release(id: string) {
      held.delete(id)
    },
    holds: (id: string) => !lost.has(id),
    async stop() {
      clearInterval(timer)
      await renewing
    },
  }
}

/**
 * Sends claimed deliveries on their channels side by side as far as the process's send permits
 * allow, and records each outcome before its permit goes back: sends in flight and
 * sent-but-unrecorded stay within NOTIFICATION_CONCURRENCY, as with one send at a time per job.
 * When an outcome cannot be written (the database went away), no further send starts until the
 * database answers again, so an outage adds no more repeats than a crash.
 */
async function sendClaimed(deps: PipelineDeps, claimed: Claimed[], lease: ReturnType<typeof holdLease>, lastAttempt: boolean) {
  // The sentences and layout of a broadcast are the same for every recipient in a language: made once.
  const t = rememberingTranslate(deps.i18n)
  const render: Render = { t, email: rememberingEmails(t) }
  const settled = await Promise.allSettled(
    claimed.map(async (claim) => {
      const release = await deps.sendPermits.acquire()
      try {
        await deps.sendPermits.ready(() => deps.db.execute(sql`select 1`))
        if (!lease.holds(claim.delivery.id)) return null
        const outcome = await attempt(deps, render, claim)
        try {
          await record(deps, claim.delivery, outcome, lastAttempt)
        } catch (err) {
          deps.sendPermits.recordingFailed()
          throw err
        }
        return { delivery: claim.delivery, outcome }
      } finally {
        lease.release(claim.delivery.id)
        release()
      }
    }),
  )
  // Every send has finished before the job fails, so a retry of the job never races one of its own.
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  return settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []))
}

/**
 * Claims the deliveries (one statement brings what sending them needs) and sends them. A
 * delivery already sent, failed or skipped is not claimed, so it is never sent again. Rows that
 * another run of this same job still holds (BullMQ started the job again after Redis lost its
 * lock, while the first run went on sending) are waited for: once that run has recorded them
 * they are done; if it let its lease pass (it died), this run claims and sends them.
 */
async function deliver(deps: PipelineDeps, deliveryIds: string[], job: { id: string; lastAttempt: boolean }) {
  const repo = createDeliveriesRepository(deps.db)
  const claim: Claim = { jobId: job.id, token: randomUUID(), leaseMs: deps.leaseMs }
  const lease = holdLease(repo, claim)
  const results: Awaited<ReturnType<typeof sendClaimed>> = []
  try {
    let ids = deliveryIds
    while (ids.length > 0) {
      const claimed = await repo.claim(ids, claim, deps.clock())
      lease.hold(claimed.map((c) => c.delivery.id))
      results.push(...(await sendClaimed(deps, claimed, lease, job.lastAttempt)))
      if (claimed.length === ids.length) break
      ids = await repo.leasedElsewhere(ids, claim)
      if (ids.length > 0) await sleep(Math.min(1000, deps.leaseMs / 2))
    }
  } finally {
    await lease.stop()
  }
  return results
}

/**
 * Job `notification.deliver_batch`: deliveries of one dispatch, a few queries for all of them.
 * Permanent failures are recorded on their delivery. A delivery that failed for now is put back
 * in the queue with a job of its own (`notification.deliver`), so it retries with its own
 * attempts and backoff, exactly as if it had never been batched; the batch itself succeeds.
 */
export async function deliverNotifications(deps: PipelineDeps, deliveryIds: string[], jobId: string): Promise<JobOutcome> {
  const results = await deliver(deps, deliveryIds, { id: jobId, lastAttempt: false })
  const retry = results.filter((r) => r.outcome.status === 'retry').map((r) => r.delivery.id)
  await deps.jobs.addBulk(
    retry.map((id) => ({ name: JOBS.deliverNotification, data: { deliveryId: id }, jobId: `deliver-${id}-after-batch` })),
  )
  return results.length > 0 ? 'success' : 'skipped'
}

/**
 * Job `notification.deliver`: one delivery (released from quiet hours, or retried by an admin).
 * As the batch, but a permanent failure also fails the job at once (UnrecoverableError).
 */
export async function deliverNotification(
  deps: PipelineDeps,
  deliveryId: string,
  job: { id: string; lastAttempt: boolean },
): Promise<JobOutcome> {
  const [result] = await deliver(deps, [deliveryId], job)
  if (!result) return 'skipped'
  const { outcome } = result
  if (outcome.status === 'retry') throw outcome.error
  if (outcome.status === 'failed') throw new UnrecoverableError(`${outcome.error.reason}: ${outcome.error.message}`)
  return outcome.status === 'sent' ? 'success' : 'skipped'
}
