/**
 * The ids and shapes every statement of the engagement bench's seed shares (engagement-school.ts
 * describes the school). Every id is md5(tag, kind, keys)::uuid, so one statement finds the rows
 * of another by computing their ids from the same generate_series keys, without joining on names.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'

export const SHAPE = { families: 1500, classes: 50, teachers: 10 }
/** Staff numbers: s = 0 the FEO, 1 the admin, 2.. the teachers. */
export const FEO = 0
export const ADMIN = 1

/** What every statement of one school's seed needs. */
export interface SchoolKeys {
  schoolId: string
  /** Unique per school and run: part of every id, email and token hash. */
  tag: string
  /** The moment the history is written back from (the app answers with the real clock). */
  now: Date
}

/** The uuid of a row of `kind` whose keys are the given SQL column expressions (code constants, never input). */
export function key(k: SchoolKeys, kind: string, ...columns: string[]): SQL {
  const parts = columns.map((c) => ` || ':' || (${c})::text`).join('')
  return sql`md5(${k.tag}::text || ${`:${kind}`}::text${sql.raw(parts)})::uuid`
}

export const now = (k: SchoolKeys) => sql`${k.now.toISOString()}::timestamptz`
/** The school id typed (a bare parameter in a UNION would be text). */
export const school = (k: SchoolKeys) => sql`${k.schoolId}::uuid`

/** Every adult: columns f (family) and a (0 or 1). */
export const ADULTS = sql.raw(
  `(select f, a from generate_series(0, ${SHAPE.families - 1}) f cross join generate_series(0, 1) a where a = 0 or f % 5 < 2) adults`,
)
/**
 * SQL expressions over f and a: an adult's language and channels. One household in 16 is hard to
 * reach (no email, no push device, never signed in); elsewhere one adult in 20 has no email, one
 * in 20 an address that always bounces, three in ten a push device (a third of them two), one in five
 * never signed in, one in 25 turned newsletter emails off.
 */
export const LANGUAGE = `(array['cy', 'en', 'both'])[(f + a) % 3 + 1]`
export const HARD_TO_REACH = 'f % 16 = 15'
export const HAS_EMAIL = `(not ${HARD_TO_REACH} and (f * 7 + a * 3) % 20 <> 0)`
export const EMAIL_BOUNCES = '((f * 7 + a * 3) % 20 = 1)'
export const HAS_PUSH = `(not ${HARD_TO_REACH} and (f * 3 + a) % 10 < 3)`
export const TWO_DEVICES = '((f * 3 + a) % 10 = 0)'
/** Forum members (first adults of every 37th household, engagement-forum.ts) have all signed in. */
export const SIGNED_IN = `(f % 37 = 0 and a = 0 or not ${HARD_TO_REACH} and (f * 11 + a) % 5 <> 0)`
export const NEWSLETTER_EMAIL_OFF = '((f + a) % 25 = 0)'
/** The teacher (staff number) of class c. */
export const TEACHER_OF = (c: string) => `(2 + (${c}) % ${SHAPE.teachers})`

/** The rows of a raw query (node-postgres's result). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}

/** Evaluates a uuid expression (key(...)) in the database. */
export async function idOf(db: Db, expression: SQL): Promise<string> {
  const id = (await rowsOf<{ id: string }>(db, sql`select ${expression} as id`))[0]?.id
  if (!id) throw new Error('no id')
  return id
}

/** Does this table have this column (one the lead may not have added yet)? */
export async function hasColumn(db: Db, table: string, column: string): Promise<boolean> {
  const found = await rowsOf(
    db,
    sql`select 1 from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`,
  )
  return found.length > 0
}
