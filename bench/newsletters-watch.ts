/**
 * What the newsletter bench watches during one send: the moments rows appear (polled from
 * PostgreSQL on a connection of its own), the event-loop delay of this process (the one running
 * the server and the workers), and afterwards where the time went, read from BullMQ's records of
 * the jobs (added, started and finished times of the fan-out, dispatch and deliver jobs).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { Queue } from 'bullmq'
import type pg from 'pg'

/** Event-loop delay in milliseconds. */
export interface Lag {
  p50: number
  p99: number
  max: number
}

/** An event-loop delay histogram, sampled every `resolution` ms from now until `stop()`. */
export function watchLag(resolution = 10): { stop(): Lag } {
  const histogram = monitorEventLoopDelay({ resolution })
  histogram.enable()
  return {
    stop() {
      histogram.disable()
      const ms = (ns: number) => ns / 1e6
      return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) }
    },
  }
}

/** Milliseconds from the send request to each moment (first row, all rows) of notifications and deliveries. */
export interface RowMoments {
  firstNotification: number
  notified: number
  firstDelivery: number
  delivered: number
  /** How many count queries polling took, and their mean time (their load falls on the measured system). */
  polls: number
  pollMs: number
}

/**
 * Polls the row counts every `pollMs` from `t0` (performance.now()) until there are
 * `notifications` notifications and `deliveries` deliveries; `onNotified` is called when the
 * notifications are all there. The bench empties both tables between sends, so the counts are
 * this send's; the queries stay cheap at that size.
 */
export async function watchRows(
  client: pg.Client,
  expected: { notifications: number; deliveries: number },
  t0: number,
  options: { pollMs: number; timeoutMs: number; onNotified?: () => void },
): Promise<RowMoments> {
  const seen: Partial<RowMoments> = { polls: 0, pollMs: 0 }
  let querying = 0
  for (;;) {
    const asked = performance.now()
    const { rows } = await client.query<{ notifications: number; deliveries: number }>(
      'select (select count(*)::int from notifications) as notifications, (select count(*)::int from deliveries) as deliveries',
    )
    const now = performance.now() - t0
    querying += now + t0 - asked
    seen.polls = (seen.polls ?? 0) + 1
    seen.pollMs = querying / seen.polls
    const counts = rows[0] ?? { notifications: 0, deliveries: 0 }
    if (counts.notifications > 0) seen.firstNotification ??= now
    if (counts.notifications >= expected.notifications && seen.notified === undefined) {
      seen.notified = now
      options.onNotified?.()
    }
    if (counts.deliveries > 0) seen.firstDelivery ??= now
    if (counts.deliveries >= expected.deliveries) {
      seen.delivered ??= now
      return seen as RowMoments
    }
    if (now > options.timeoutMs) {
      throw new Error(`after ${options.timeoutMs} ms: ${counts.notifications} notifications and ${counts.deliveries} deliveries`)
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs))
  }
}

/** One kind of job during a send, in ms from the send request (wall clock). */
export interface JobSpan {
  jobs: number
  /** Sum of each job's running time (finished minus started): the work, however it overlapped. */
  busy: number
  /** Mean time from being added to BullMQ until a worker took it. */
  waited: number
  firstAdded: number
  firstStarted: number
  lastFinished: number
}

/** The completed jobs of `queue` named `name` added since `since` (Date.now() at the send), summed up. */
export async function jobSpan(queue: Queue, name: string, since: number): Promise<JobSpan | null> {
  const jobs = (await queue.getJobs(['completed'], 0, -1)).filter((j) => j.name === name && j.timestamp >= since)
  if (jobs.length === 0) return null
  const started = (j: (typeof jobs)[number]) => j.processedOn ?? j.timestamp
  const finished = (j: (typeof jobs)[number]) => j.finishedOn ?? started(j)
  return {
    jobs: jobs.length,
    busy: jobs.reduce((sum, j) => sum + finished(j) - started(j), 0),
    waited: jobs.reduce((sum, j) => sum + started(j) - j.timestamp, 0) / jobs.length,
    firstAdded: Math.min(...jobs.map((j) => j.timestamp)) - since,
    firstStarted: Math.min(...jobs.map(started)) - since,
    lastFinished: Math.max(...jobs.map(finished)) - since,
  }
}

/** Waits until no job of these queues is waiting, prioritised or running (delayed ticks do not count). */
export async function settle(queues: Queue[]): Promise<void> {
  for (;;) {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized')))
    if (counts.every((c) => Object.values(c).every((n) => n === 0))) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
