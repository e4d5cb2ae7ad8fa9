import { type Static, Type } from 'typebox'
import { Uuid } from './people.ts'

/**
 * A family import: a CSV like an MIS export, one row per learner and guardian pair.
 * Columns: learner_ref, learner_name, class, guardian_name, guardian_email, guardian_phone, language.
 */
export const IMPORT_COLUMNS = [
  'learner_ref',
  'learner_name',
  'class',
  'guardian_name',
  'guardian_email',
  'guardian_phone',
  'language',
] as const

export const ImportRequest = Type.Object({
  csv: Type.String({ minLength: 1, maxLength: 5_000_000, description: 'The CSV text, UTF-8, header row first' }),
  dryRun: Type.Boolean({ default: false, description: 'Only check: list every bad row, import nothing' }),
})
export type ImportRequest = Static<typeof ImportRequest>

export const RowError = Type.Object({ line: Type.Integer(), field: Type.String(), reason: Type.String() })
export type RowError = Static<typeof RowError>

export const ImportCheck = Type.Object({ rows: Type.Integer(), errors: Type.Array(RowError) })
export type ImportCheck = Static<typeof ImportCheck>

export const ImportStarted = Type.Object({ importId: Uuid })

export const ImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() })
export type ImportResult = Static<typeof ImportResult>

export const ImportStatus = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  total: Type.Integer(),
  processed: Type.Integer(),
  result: Type.Union([ImportResult, Type.Null()]),
})
export type ImportStatus = Static<typeof ImportStatus>
