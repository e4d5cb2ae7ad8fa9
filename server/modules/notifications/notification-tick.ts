import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import { createDeliveriesRepository } from './deliveries.repository.ts'
import { createNotificationsRepository } from './notifications.repository.ts'
import { type JobOutcome, links, messageId, type PipelineDeps, unsubscribeHeaders, unsubscribeToken } from './pipeline.ts'
import { DEFAULT_DIGEST_TIME, DEFAULT_TIME_ZONE } from './preferences.ts'
import { digestDue, localDate } from './quiet-hours.ts'
import { digestEmail, type SchoolNames } from './render-notification.ts'

/**
 * Job `notification.tick` (every few seconds, one at a time): queues the deliveries whose quiet
 * hours have ended and the digests whose time has come. The job ids are deterministic, so a
 * tick that overlaps another, or runs twice, queues nothing twice.
 */
export async function runNotificationTick(deps: PipelineDeps): Promise<{ released: number; digests: number }> {
  const deliveries = createDeliveriesRepository(deps.db)
  const now = deps.clock()
  let released = 0
  for (;;) {
    const due = await deliveries.dueHeld(now, 500)
    if (due.length === 0) break
    // Jobs first, then the status: a job that runs before the update may claim a due 'held' row.
    await deps.jobs.addBulk(due.map((d) => ({ name: JOBS.deliverNotification, data: { deliveryId: d.id }, jobId: `deliver-${d.id}` })))
    await deliveries.markQueued(due.map((d) => d.id))
    released += due.length
    if (due.length < 500) break
  }
  let digests = 0
  for (const candidate of await deliveries.digestCandidates()) {
    const timeZone = candidate.timeZone ?? DEFAULT_TIME_ZONE
    const date = localDate(now, timeZone)
    // Someone who turned the digest off still gets what was already waiting, at once.
    if (candidate.digest === 'daily' && !digestDue(now, candidate.digestTime ?? DEFAULT_DIGEST_TIME, timeZone)) continue
    if (await deliveries.digestExists(candidate.userId, date)) continue
    await deps.jobs.addBulk([
      { name: JOBS.sendDigest, data: { userId: candidate.userId, date }, jobId: `digest-${candidate.userId}-${date}` },
    ])
    digests++
  }
  return { released, digests }
}

/**
 * Job `notification.digest`: gathers every email waiting for the person's digest into one
 * email. The digest row (one per person and local date) and the deliveries it took are marked
 * sent after the send; a retry re-sends the same set, never a second digest for the day.
 */
export async function sendDigest(deps: PipelineDeps, userId: string, date: string): Promise<JobOutcome> {
  const deliveries = createDeliveriesRepository(deps.db)
  const repo = createNotificationsRepository(deps.db)
  const digest = await deliveries.digestOf(userId, date)
  if (!digest || digest.status === 'sent') return 'skipped'
  const items = await deliveries.claimForDigest(userId, digest.id)
  const recipient = await repo.recipient(userId)
  if (items.length === 0 || !recipient?.email || recipient.disabledAt) {
    await deliveries.finishDigest(digest.id)
    return 'skipped'
  }
  const schools = new Map<string, SchoolNames>()
  for (const { notification } of items) {
    if (!schools.has(notification.schoolId)) {
      const school = await repo.school(notification.schoolId)
      if (school) schools.set(school.id, school)
    }
  }
  const unsubscribe = links.unsubscribe(deps.publicUrl, unsubscribeToken(deps.secret, userId, 'digest'))
  const content = digestEmail(
    deps.i18n,
    items.map((i) => i.notification),
    { name: recipient.name, language: recipient.language as LanguageChoice },
    schools,
    { open: (n) => links.open(deps.publicUrl, n.path, 'email'), preferences: links.preferences(deps.publicUrl), unsubscribe },
  )
  await deps.email.send(recipient.email, content, {
    messageId: messageId(deps.publicUrl, `digest-${digest.id}`),
    headers: unsubscribeHeaders(unsubscribe),
  })
  await deliveries.finishDigest(digest.id)
  return 'success'
}
