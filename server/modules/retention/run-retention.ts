/**
 * The retention run (the nightly `retention.daily` job, and `npm run retention`): per school and
 * category, deletes what is older than the period in force, in batches, except anything held.
 *
 * Each school and category is one transaction, holding the school's retention lock
 * (lockSchool): the audit entry commits with exactly the rows it counts, two runs at once take
 * turns (the second finds nothing left), and a hold placed meanwhile waits for the commit, then
 * protects its subject from the next batch. A dry run does the same work and rolls it back, so
 * its counts are exact and nothing changes.
 */

import { RETENTION_CATEGORIES } from '../../../shared/schemas/retention.ts'
import type { Db } from '../../db/database.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import { cutoffFor, effectivePeriods, type RetentionDefaults } from './periods.ts'
import { createRetentionRepository } from './retention.repository.ts'
import { type BatchResult, deleteBatch, deleteSignInBatch, lockSchool, schoolIds } from './sweep.repository.ts'

export interface RetentionDeps {
  db: Db
  defaults: RetentionDefaults
}

export interface RetentionProgress {
  /** 0 to 100. */
  percent: number
  schoolsDone: number
  schools: number
  /** Where the run is: a school id and category, or 'sign_in'. */
  schoolId: string | null
  category: string
  /** Rows deleted (or, in a dry run, that would be) so far. */
  deleted: number
}

export interface RetentionResult {
  schoolId: string | null
  category: string
  days: number
  cutoff: string
  counts: Record<string, number>
}

export interface RunOptions {
  now: Date
  dryRun?: boolean
  /** Rows per statement (default 500). */
  batchSize?: number
  onProgress?: (progress: RetentionProgress) => void | Promise<void>
}

class DryRunRollback extends Error {}

async function drain(batch: () => Promise<BatchResult>): Promise<Record<string, number>> {
  const total: Record<string, number> = {}
  for (;;) {
    const { rows, counts } = await batch()
    for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + v
    if (rows === 0) return total
  }
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)

/** Runs retention for every school, then the instance-wide sign-in category; returns what it deleted. */
export async function runRetention(deps: RetentionDeps, options: RunOptions): Promise<RetentionResult[]> {
  const { db, defaults } = deps
  const limit = options.batchSize ?? 500
  const schools = await schoolIds(db)
  const results: RetentionResult[] = []
  let deleted = 0
  const steps = schools.length * RETENTION_CATEGORIES.length + 1
  let step = 0
  const report = async (schoolId: string | null, category: string, schoolsDone: number) => {
    await options.onProgress?.({
      percent: Math.round((step / steps) * 100),
      schoolsDone,
      schools: schools.length,
      schoolId,
      category,
      deleted,
    })
  }

  /** One transaction: the batches, then the audit entry; rolled back in a dry run. */
  const inTransaction = async (work: (tx: Db) => Promise<Record<string, number>>) => {
    let counts: Record<string, number> = {}
    try {
      await db.transaction(async (tx) => {
        counts = await work(tx as unknown as Db)
        if (options.dryRun) throw new DryRunRollback()
      })
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err
    }
    return counts
  }

  for (const [index, schoolId] of schools.entries()) {
    const periods = effectivePeriods(defaults, await createRetentionRepository(db).overrides(schoolId))
    for (const category of RETENTION_CATEGORIES) {
      const days = periods[category]
      const cutoff = cutoffFor(options.now, days)
      const counts = await inTransaction(async (tx) => {
        await lockSchool(tx, schoolId)
        const counts = await drain(async () => {
          const result = await deleteBatch(tx, category, schoolId, cutoff, limit)
          deleted += sum(result.counts)
          await report(schoolId, category, index)
          return result
        })
        if (sum(counts) > 0 && !options.dryRun) {
          await recordAudit(tx, {
            schoolId,
            actorId: null,
            action: 'retention.deleted',
            data: { category, days, cutoff: cutoff.toISOString(), counts },
          })
        }
        return counts
      })
      step += 1
      await report(schoolId, category, index + 1)
      results.push({ schoolId, category, days, cutoff: cutoff.toISOString(), counts })
    }
  }

  const cutoff = cutoffFor(options.now, defaults.sign_in)
  const counts = await inTransaction(async (tx) => {
    await lockSchool(tx, 'sign-in')
    const counts = await drain(() => deleteSignInBatch(tx, cutoff, limit))
    if (sum(counts) > 0 && !options.dryRun) {
      await recordAudit(tx, {
        schoolId: null,
        actorId: null,
        action: 'retention.deleted',
        data: { category: 'sign_in', days: defaults.sign_in, cutoff: cutoff.toISOString(), counts },
      })
    }
    return counts
  })
  deleted += sum(counts)
  step += 1
  await report(null, 'sign_in', schools.length)
  results.push({ schoolId: null, category: 'sign_in', days: defaults.sign_in, cutoff: cutoff.toISOString(), counts })
  return results
}
