import type { DbOrTx } from '../../db/database.ts'
import { createDeliveriesRepository, type Settlement } from './deliveries.repository.ts'

/**
 * Records a delivery's outcome; resolves once it is in the database. `gatherMs`: how long the
 * outcome may wait for others to share its statement (0: only those already waiting).
 */
export type SettleDelivery = (outcome: Settlement, gatherMs?: number) => Promise<void>

/**
 * How long an email's outcome waits for others. Emails leave a pool of a few SMTP connections
 * one by one, so without a wait nearly every email would get a statement of its own, while the
 * pool has other emails queued to keep it busy meanwhile. Pushes come back together (and a
 * push's permit is one request in flight), so they wait for nothing.
 */
export const EMAIL_GATHER_MS = 5
/** Outcomes one statement writes at most. */
const GATHER_MOST = 100

/**
 * Gathers the outcomes that the worker's concurrent jobs record at about the same moment into
 * one UPDATE (deliveries.settle): they wait as long as the most impatient of them may, and while
 * one statement is on its way, the outcomes arriving meanwhile wait for the next. A send keeps
 * its permit until its own outcome is written (send-permits.ts), so a worker killed at any
 * moment has sent again at most what was in flight, as with one UPDATE per delivery, at a
 * fraction of the statements.
 */
export function createDeliverySettler(db: DbOrTx): SettleDelivery {
  const repo = createDeliveriesRepository(db)
  const waiting: { outcome: Settlement; resolve: () => void; reject: (err: unknown) => void }[] = []
  let writing = false
  let scheduled: { at: number; cancel: () => void } | undefined

  async function write() {
    scheduled?.cancel()
    scheduled = undefined
    writing = true
    while (waiting.length > 0) {
      const batch = waiting.splice(0, GATHER_MOST)
      try {
        await repo.settle(batch.map((w) => w.outcome))
        for (const w of batch) w.resolve()
      } catch (err) {
        for (const w of batch) w.reject(err)
      }
    }
    writing = false
  }

  function schedule(gatherMs: number) {
    const at = performance.now() + gatherMs
    if (scheduled && scheduled.at <= at) return
    scheduled?.cancel()
    if (gatherMs <= 0) {
      const immediate = setImmediate(() => void write())
      scheduled = { at, cancel: () => clearImmediate(immediate) }
    } else {
      const timer = setTimeout(() => void write(), gatherMs)
      scheduled = { at, cancel: () => clearTimeout(timer) }
    }
  }

  return (outcome, gatherMs = 0) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ outcome, resolve, reject })
      if (writing) return
      if (waiting.length >= GATHER_MOST) void write()
      else schedule(gatherMs)
    })
}
