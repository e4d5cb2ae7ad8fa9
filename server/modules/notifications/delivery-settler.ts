import type { DbOrTx } from '../../db/database.ts'
import { createDeliveriesRepository, type Settlement } from './deliveries.repository.ts'

/** Records a delivery's outcome; resolves once it is in the database. */
export type SettleDelivery = (outcome: Settlement) => Promise<void>

/**
 * Gathers the outcomes that the worker's concurrent jobs record at about the same moment into
 * one UPDATE (deliveries.settle): while one statement is on its way, the outcomes arriving
 * meanwhile wait for the next. A job still waits for its own outcome to be written before it
 * sends the next delivery, so a worker killed at any moment has sent again at most what was in
 * flight, as with one UPDATE per delivery, at a fraction of the statements.
 */
export function createDeliverySettler(db: DbOrTx): SettleDelivery {
  const repo = createDeliveriesRepository(db)
  let waiting: { outcome: Settlement; resolve: () => void; reject: (err: unknown) => void }[] = []
  let writing = false

  async function write() {
    writing = true
    while (waiting.length > 0) {
      const batch = waiting
      waiting = []
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
      // setImmediate, so that the outcomes of sends that finished in the same turn go together.
      if (!writing) {
        writing = true
        setImmediate(() => void write())
      }
    })
}
