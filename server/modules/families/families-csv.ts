import { parse } from 'csv-parse/sync'
import { IMPORT_COLUMNS } from '../../../shared/schemas/families.ts'
import { AppError } from '../../errors.ts'

export interface FamilyRow {
  line: number
  learnerRef: string
  learnerName: string
  className: string
  guardianName: string
  guardianEmail: string | null
  guardianPhone: string | null
  language: 'cy' | 'en' | 'both'
}

/** A bad row: `reason` is a catalog key under import.reason, with its parameters. */
export interface RowProblem {
  line: number
  field: string
  reason: string
  params?: Record<string, string | number>
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[0-9 ()-]{7,20}$/

/** Parses the CSV text; missing columns stop the whole file with one error naming them. */
export function parseFamilyCsv(text: string): Record<string, string>[] & { lines?: number[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[]
  let header: string[] = []
  const columns = (names: string[]) => {
    header = names.map((h) => h.trim().toLowerCase())
    return header
  }
  try {
    records = parse(text, { columns, bom: true, skip_empty_lines: true, trim: true, info: true })
  } catch {
    throw new AppError('bad_request', 400)
  }
  const missing = IMPORT_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length > 0) throw new AppError('import.missing_columns', 400, { columns: missing.join(', ') })
  if (records.length === 0) throw new AppError('import.empty', 400)
  const rows = records.map((r) => r.record) as Record<string, string>[] & { lines?: number[] }
  rows.lines = records.map((r) => r.info.lines)
  return rows
}

/**
 * Checks every row against the school's classes and against the other rows: the same learner or
 * guardian must be described the same way on every line. Returns rows and every problem found.
 */
export function validateFamilyRows(
  records: ReturnType<typeof parseFamilyCsv>,
  classNames: Set<string>,
): { rows: FamilyRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = []
  const rows: FamilyRow[] = []
  const learnerSeen = new Map<string, FamilyRow>()
  const guardianSeen = new Map<string, FamilyRow>()
  records.forEach((record, index) => {
    const line = records.lines?.[index] ?? index + 2
    const value = (field: string) => (record[field] ?? '').trim()
    const problem = (field: string, reason: string, params?: Record<string, string | number>) =>
      problems.push({ line, field, reason, params })
    const before = problems.length
    for (const [field, max] of [
      ['learner_ref', 50],
      ['learner_name', 200],
      ['class', 120],
      ['guardian_name', 200],
    ] as const) {
      if (!value(field)) problem(field, 'required')
      else if (value(field).length > max) problem(field, 'too_long')
    }
    if (value('class') && !classNames.has(value('class').toLowerCase())) problem('class', 'unknown_class')
    const email = value('guardian_email').toLowerCase() || null
    const phone = value('guardian_phone') || null
    if (email && !EMAIL.test(email)) problem('guardian_email', 'bad_email')
    if (phone && !PHONE.test(phone)) problem('guardian_phone', 'bad_phone')
    if (!email && !phone) problem('guardian_email', 'no_contact')
    const language = (value('language').toLowerCase() || 'both') as FamilyRow['language']
    if (!['cy', 'en', 'both'].includes(language)) problem('language', 'bad_language')
    if (problems.length > before) return
    const row: FamilyRow = {
      line,
      learnerRef: value('learner_ref'),
      learnerName: value('learner_name'),
      className: value('class'),
      guardianName: value('guardian_name'),
      guardianEmail: email,
      guardianPhone: phone,
      language,
    }
    const earlierLearner = learnerSeen.get(row.learnerRef)
    if (
      earlierLearner &&
      (earlierLearner.learnerName !== row.learnerName || earlierLearner.className.toLowerCase() !== row.className.toLowerCase())
    ) {
      problem('learner_ref', 'conflict', { line: earlierLearner.line })
      return
    }
    const guardianKey = email ?? `phone:${phone}`
    const earlierGuardian = guardianSeen.get(guardianKey)
    if (earlierGuardian && earlierGuardian.guardianName !== row.guardianName) {
      problem(email ? 'guardian_email' : 'guardian_phone', 'conflict', { line: earlierGuardian.line })
      return
    }
    learnerSeen.set(row.learnerRef, row)
    guardianSeen.set(guardianKey, row)
    rows.push(row)
  })
  return { rows, problems }
}
