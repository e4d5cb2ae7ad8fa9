import { and, asc, inArray, isNotNull, isNull, lt } from 'drizzle-orm'
import type { JobName } from '../../shared/jobs.ts'
import type { Db, DbOrTx } from '../db/database.ts'
import { outbox } from '../db/schema.ts'
import type { JobRequest, Jobs } from './queues.ts'

const BATCH = 500

/**
 * Records jobs inside the caller's transaction (the outbox). They reach BullMQ only after the
 * commit, through the relay; if Redis is down then, they wait here and nothing is lost.
 */
export async function enqueueJobs(tx: DbOrTx, requests: (JobRequest & { runAt?: Date })[]): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH) {
    const slice = requests.slice(i, i + BATCH)
    await tx
      .insert(outbox)
      .values(slice.map((r) => ({ jobName: r.name, jobId: r.jobId, data: r.data as Record<string, unknown>, runAt: r.runAt ?? null })))
      .onConflictDoNothing({ target: outbox.jobId })
  }
}

export interface OutboxRelay {
  /** Moves every pending row to BullMQ now; resolves with how many moved. */
  relayNow(): Promise<number>
  /** Asks for a relay soon without waiting for it (after a commit). */
  kick(): void
  stop(): Promise<void>
}

/**
 * Moves outbox rows to BullMQ, polling and on request. Several relays (one per process) may run
 * at once without locks: a job added twice under the same id is one job, and the jobs
 * themselves are idempotent. Rows relayed more than a day ago are pruned.
 */
export function startOutboxRelay(options: {
  db: Db
  jobs: Pick<Jobs, 'addBulk'>
  intervalMs: number
  timeoutMs?: number
  onError: (err: Error) => void
}): OutboxRelay {
  const { db, jobs } = options
  let running: Promise<number> | null = null
  let again = false
  let stopped = false

  async function pass(): Promise<number> {
    let moved = 0
    for (;;) {
      const rows = await db.select().from(outbox).where(isNull(outbox.relayedAt)).orderBy(asc(outbox.createdAt)).limit(BATCH)
      if (rows.length === 0) return moved
      const now = Date.now()
      const added = jobs.addBulk(
        rows.map(
          (r) =>
            ({
              name: r.jobName as JobName,
              jobId: r.jobId,
              data: r.data,
              ...(r.runAt && r.runAt.getTime() > now ? { delay: r.runAt.getTime() - now } : {}),
            }) as JobRequest,
        ),
      )
      // BullMQ waits for Redis indefinitely; the relay gives up the pass instead and tries again later.
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        added,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not accept the jobs in time')), options.timeoutMs ?? 5000)
        }),
      ]).finally(() => clearTimeout(timer))
      await db
        .update(outbox)
        .set({ relayedAt: new Date() })
        .where(
          inArray(
            outbox.id,
            rows.map((r) => r.id),
          ),
        )
      moved += rows.length
      if (rows.length < BATCH) return moved
    }
  }

  function relayNow(): Promise<number> {
    if (running) {
      again = true
      return running
    }
    running = pass()
      .catch((err: Error) => {
        options.onError(err)
        return 0
      })
      .finally(() => {
        running = null
        if (again && !stopped) {
          again = false
          void relayNow()
        }
      })
    return running
  }

  async function prune() {
    await db
      .delete(outbox)
      .where(and(isNotNull(outbox.relayedAt), lt(outbox.relayedAt, new Date(Date.now() - 24 * 3600 * 1000))))
      .catch((err: Error) => options.onError(err))
  }

  let ticks = 0
  const timer = setInterval(() => {
    if (stopped) return
    void relayNow()
    if (++ticks % 3600 === 0) void prune()
  }, options.intervalMs)
  timer.unref()

  return {
    relayNow,
    kick() {
      if (!stopped) void relayNow()
    },
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
