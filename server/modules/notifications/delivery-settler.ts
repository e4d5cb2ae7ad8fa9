import type { DbOrTx } from '../../db/database.ts'
import { createDeliveriesRepository, type Settlement } from './deliveries.repository.ts'

/** Records a delivery's outcome; resolves once it is in the database. */
export type SettleDelivery = (outcome: Settlement) => Promise<void>

/**
 * How long the first outcome waits for others to share its statement, and how many share one
 * at most. Emails leave a pool of a few SMTP connections one by one, so without the wait nearly
 * every email would get a statement of its own; a couple of milliseconds is small beside a send.
 */
const GATHER_MS = 2
const GATHER_MOST = 100

/**
 * Gathers the outcomes that the worker's concurrent jobs record at about the same moment into
 * one UPDATE (deliveries.settle): the first waits GATHER_MS for others, and while one statement
 * is on its way, the outcomes arriving meanwhile wait for the next. A send keeps its permit
 * until its own outcome is written (send-permits.ts), so a worker killed at any moment has sent
 * again at most what was in flight, as with one UPDATE per delivery, at a fraction of the
 * statements.
 */
export function createDeliverySettler(db: DbOrTx, options: { gatherMs?: number; most?: number } = {}): SettleDelivery {
  const repo = createDeliveriesRepository(db)
  const gatherMs = options.gatherMs ?? GATHER_MS
  const most = options.most ?? GATHER_MOST
  const waiting: { outcome: Settlement; resolve: () => void; reject: (err: unknown) => void }[] = []
  let writing = false
  let timer: NodeJS.Timeout | undefined

  async function write() {
    clearTimeout(timer)
    timer = undefined
    writing = true
    while (waiting.length > 0) {
      const batch = waiting.splice(0, most)
      try {
        await repo.settle(batch.map((w) => w.outcome))
        for (const w of batch) w.resolve()
      } catch (err) {
        for (const w of batch) w.reject(err)
      }
    }
    writing = false
  }

  return (outcome) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ outcome, resolve, reject })
      if (writing) return
      if (waiting.length >= most) void write()
      else timer ??= setTimeout(() => void write(), gatherMs)
    })
}
