import { randomUUID } from 'node:crypto'
import { JOBS } from '../../../shared/jobs.ts'
import type { ImportResult, ImportStatus } from '../../../shared/schemas/families.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Jobs } from '../../jobs/queues.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import { createFamiliesRepository } from './families.repository.ts'
import { type FamilyRow, parseFamilyCsv, type RowProblem, validateFamilyRows } from './families-csv.ts'

/** Rows applied per transaction: a crash loses at most one batch of work, which the retry redoes. */
export const IMPORT_BATCH = 200

type RowOutcome = 'created' | 'updated' | 'unchanged'

/**
 * Applies one row as upserts keyed by the MIS learner reference and the guardian's email (or
 * phone): applying it again changes nothing. A guardian's language is taken from the file only
 * when the person is new; after that their own choice in the app wins.
 */
async function applyRow(
  repo: ReturnType<typeof createFamiliesRepository>,
  schoolId: string,
  classIds: Map<string, string>,
  row: FamilyRow,
): Promise<RowOutcome> {
  let outcome: RowOutcome = 'unchanged'
  const classId = classIds.get(row.className.toLowerCase())
  // Rows were just checked against these classes; a miss is a bug, and the job retries.
  if (!classId) throw new Error(`class ${row.className} vanished between check and apply`)
  let learner = await repo.learnerByRef(schoolId, row.learnerRef)
  if (!learner) {
    learner = await repo.insertLearner({ schoolId, externalRef: row.learnerRef, name: row.learnerName, classId })
    outcome = 'created'
  } else if (learner.name !== row.learnerName || learner.classId !== classId) {
    await repo.updateLearner(learner.id, { name: row.learnerName, classId })
    outcome = 'updated'
  }
  let guardian = row.guardianEmail
    ? await repo.userByEmail(row.guardianEmail)
    : await repo.parentByPhone(schoolId, row.guardianPhone as string)
  if (!guardian) {
    guardian = await repo.insertUser({ name: row.guardianName, email: row.guardianEmail, phone: row.guardianPhone, language: row.language })
    outcome = 'created'
  } else if (guardian.name !== row.guardianName || (row.guardianPhone && guardian.phone !== row.guardianPhone)) {
    await repo.updateUser(guardian.id, { name: row.guardianName, phone: row.guardianPhone ?? guardian.phone })
    if (outcome === 'unchanged') outcome = 'updated'
  }
  const joined = await repo.addParentMembership(schoolId, guardian.id)
  const linked = await repo.linkGuardian(schoolId, guardian.id, learner.id)
  if ((joined || linked) && outcome === 'unchanged') outcome = 'updated'
  return outcome
}

export function createFamiliesService(deps: { db: Db; jobs: Jobs }) {
  const repo = createFamiliesRepository(deps.db)

  /** Rows of the file (total counts good and bad), every problem, and the class ids the rows were checked against. */
  async function check(
    schoolId: string,
    csv: string,
  ): Promise<{ total: number; rows: FamilyRow[]; problems: RowProblem[]; classIds: Map<string, string> }> {
    const records = parseFamilyCsv(csv)
    const classIds = await repo.classIdsByName(schoolId)
    return { total: records.length, ...validateFamilyRows(records, new Set(classIds.keys())), classIds }
  }

  return {
    /** A dry run: every bad row with its line, field and reason; nothing is written. */
    check,

    /**
     * Checks the whole file; if any row is bad nothing is imported and the problems are thrown.
     * Otherwise records the import and queues it; progress is read with getImport.
     */
    async startImport(actor: Actor, schoolId: string, csv: string): Promise<{ importId: string } | { problems: RowProblem[] }> {
      const { rows, problems } = await check(schoolId, csv)
      if (problems.length > 0) return { problems }
      const id = randomUUID()
      await deps.db.transaction(async (tx) => {
        await createFamiliesRepository(tx).insertImport({ id, schoolId, createdBy: actor.userId, csv, totalRows: rows.length })
        await recordAudit(tx, {
          schoolId,
          actorId: actor.userId,
          action: 'families.import_started',
          subjectId: id,
          data: { rows: rows.length },
        })
      })
      try {
        await deps.jobs.add(JOBS.importFamilies, { importId: id }, `import-${id}`)
      } catch (err) {
        await repo.deleteImport(id)
        throw new AppError('unavailable', 503, {}, undefined, err)
      }
      return { importId: id }
    },

    async getImport(schoolId: string, importId: string): Promise<ImportStatus> {
      const row = await repo.importById(importId, schoolId)
      if (!row) throw notFound()
      return {
        id: row.id,
        status: row.status as ImportStatus['status'],
        total: row.totalRows,
        processed: row.processedRows,
        result: (row.result as ImportResult | null) ?? null,
      }
    },

    /**
     * Runs a queued import (the families.import job) in batches, recording progress after each.
     * Rows are re-validated against the classes as they are now; a retry re-applies from the start,
     * which the upserts make harmless.
     */
    async applyImport(importId: string, onProgress: (processed: number, total: number) => Promise<void>): Promise<'success' | 'skipped'> {
      const job = await repo.importById(importId)
      if (!job || job.status === 'done') return 'skipped'
      const { rows, problems, classIds } = await check(job.schoolId, job.csv)
      if (problems.length > 0) {
        await repo.updateImport(importId, { status: 'failed', finishedAt: new Date() })
        return 'skipped'
      }
      await repo.updateImport(importId, { status: 'running', processedRows: 0 })
      const totals: ImportResult = { created: 0, updated: 0, unchanged: 0 }
      for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
        const batch = rows.slice(start, start + IMPORT_BATCH)
        const outcomes = await deps.db.transaction(async (tx) => {
          const r = createFamiliesRepository(tx)
          const done: RowOutcome[] = []
          for (const row of batch) done.push(await applyRow(r, job.schoolId, classIds, row))
          return done
        })
        for (const outcome of outcomes) totals[outcome]++
        const processed = start + batch.length
        await repo.updateImport(importId, { processedRows: processed })
        await onProgress(processed, rows.length)
      }
      await deps.db.transaction(async (tx) => {
        await createFamiliesRepository(tx).updateImport(importId, { status: 'done', result: totals, finishedAt: new Date() })
        await recordAudit(tx, {
          schoolId: job.schoolId,
          actorId: job.createdBy,
          action: 'families.imported',
          subjectId: importId,
          data: { ...totals },
        })
      })
      return 'success'
    },
  }
}
export type FamiliesService = ReturnType<typeof createFamiliesService>
