/**
 * The engagement bench's check of the query plans. The app is built in this process on a
 * database handle whose Drizzle logger records every statement with its parameters; each
 * engagement request is made once (app.inject, as the FEO), and every SELECT it ran is
 * explained on the seeded database: EXPLAIN (ANALYZE, FORMAT JSON) as the planner chooses, then
 * EXPLAIN (FORMAT JSON) with enable_seqscan off. A sequential scan that remains with it off has
 * no index that could serve it; one that goes away had an index the planner chose not to use at
 * this size. Seq scans are reported, never failed on.
 */
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { buildApp } from '../server/app.ts'
import type { Config } from '../server/config.ts'
import type { Database, Db } from '../server/db/database.ts'
import * as schema from '../server/db/schema.ts'
import { LARGE_TABLES } from './engagement-school.ts'

interface Statement {
  sql: string
  params: unknown[]
}

interface SeqScan {
  table: string
  /** Rows the scan read (kept and removed by its filter), over all its loops. */
  read: number
  kept: number
}

/** One distinct SELECT, the requests that ran it, and what its plans say. */
export interface ExplainedQuery {
  sql: string
  modes: string[]
  ms: number
  indexes: string[]
  seqScans: (SeqScan & { indexPossible: boolean })[]
}

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Actual Rows'?: number
  'Actual Loops'?: number
  'Rows Removed by Filter'?: number
  'Index Cond'?: string
  Plans?: PlanNode[]
}

function walk(node: PlanNode, visit: (node: PlanNode) => void) {
  visit(node)
  for (const child of node.Plans ?? []) walk(child, visit)
}

/** A database handle like createDatabase's, whose statements are recorded while `capture` runs. */
function capturingDatabase(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  let into: Statement[] | null = null
  const db = drizzle(pool, { schema, logger: { logQuery: (sql, params) => into?.push({ sql, params }) } }) as unknown as Db
  const database: Database = {
    db,
    kind: 'postgres',
    // The bench has migrated this database already.
    migrate: async () => {},
    ping: async () => {
      await pool.query('select 1')
    },
    close: () => pool.end(),
  }
  const capture = async (run: () => Promise<void>) => {
    const got: Statement[] = []
    into = got
    try {
      await run()
    } finally {
      into = null
    }
    return got
  }
  return { database, capture }
}

async function explain(client: pg.Client, s: Statement): Promise<Omit<ExplainedQuery, 'sql' | 'modes'>> {
  const analysed = await client.query(`explain (analyze, format json) ${s.sql}`, s.params)
  const [top] = analysed.rows[0]['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[]
  if (!top) throw new Error('no plan')
  await client.query('begin')
  let forced: PlanNode
  try {
    await client.query('set local enable_seqscan = off')
    forced = (await client.query(`explain (format json) ${s.sql}`, s.params)).rows[0]['QUERY PLAN'][0].Plan
  } finally {
    await client.query('rollback')
  }
  // With seq scans off the planner may still read a whole table through any index (no Index
  // Cond): only a table read by an index condition (its own or a join key; a bitmap heap scan
  // always has one below it) counts as served.
  const served = new Set<string>()
  walk(forced, (n) => {
    if (n['Relation Name'] && (n['Index Cond'] !== undefined || n['Node Type'] === 'Bitmap Heap Scan')) served.add(n['Relation Name'])
  })
  const indexes = new Set<string>()
  const seqScans: ExplainedQuery['seqScans'] = []
  walk(top.Plan, (n) => {
    if (n['Index Name']) indexes.add(n['Index Name'])
    if (n['Node Type'] !== 'Seq Scan' || !n['Relation Name']) return
    const loops = n['Actual Loops'] ?? 1
    const kept = (n['Actual Rows'] ?? 0) * loops
    const table = n['Relation Name']
    seqScans.push({ table, kept, read: kept + (n['Rows Removed by Filter'] ?? 0) * loops, indexPossible: served.has(table) })
  })
  return { ms: top['Execution Time'], indexes: [...indexes].sort(), seqScans }
}

/**
 * Makes each request once through an app built in this process, and explains every SELECT it
 * ran (the same statement run by several requests is explained once).
 */
export async function explainRequests(
  config: Config,
  databaseUrl: string,
  requests: { mode: string; path: string }[],
  headers: Record<string, string>,
): Promise<ExplainedQuery[]> {
  const { database, capture } = capturingDatabase(databaseUrl)
  const app = await buildApp(config, { database })
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const found = new Map<string, Statement & { modes: string[] }>()
    for (const { mode, path } of requests) {
      const statements = await capture(async () => {
        const res = await app.inject({ method: 'GET', url: path, headers })
        if (res.statusCode !== 200) throw new Error(`${mode}: ${res.statusCode} ${res.body.slice(0, 300)}`)
      })
      for (const s of statements) {
        // Writes (the audit of the notes read) are not explained; the outbox relay's polls are not the request's.
        if (!/^\s*(select|with)\b/i.test(s.sql) || /\bfrom "outbox"/.test(s.sql)) continue
        // The same statement from several requests (a session lookup, the families snapshot) is explained once, with the first parameters.
        const entry = found.get(s.sql) ?? { ...s, modes: [] }
        if (!entry.modes.includes(mode)) entry.modes.push(mode)
        found.set(s.sql, entry)
      }
    }
    const out: ExplainedQuery[] = []
    for (const s of found.values()) out.push({ sql: s.sql, modes: s.modes, ...(await explain(client, s)) })
    return out
  } finally {
    await client.end()
    await app.close()
  }
}

const large = (table: string) => (LARGE_TABLES as readonly string[]).includes(table)
const count = (n: number) => n.toLocaleString('en-GB')
const oneLine = (sql: string, width: number) => {
  const text = sql.replace(/\s+/g, ' ').trim()
  return text.length > width ? `${text.slice(0, width - 3)}...` : text
}

/** Prints every query with its time, the indexes it used and its seq scans; then the seq scans on large tables. */
export function printPlans(queries: ExplainedQuery[]) {
  console.log(
    'query plans: every SELECT the requests ran (each once, with the first parameters seen), EXPLAIN (ANALYZE, FORMAT JSON) on ' +
      'the seeded database; "NO usable index": no index reads the table by a condition even with enable_seqscan off',
  )
  queries.forEach((q, i) => {
    console.log(`  #${i + 1}  ${q.ms.toFixed(1)} ms  [${q.modes.join(', ')}]  ${oneLine(q.sql, 110)}`)
    if (q.indexes.length > 0) console.log(`       indexes: ${q.indexes.join(', ')}`)
    for (const s of q.seqScans.filter((s) => large(s.table))) {
      console.log(
        `       SEQ SCAN on ${s.table}: read ${count(s.read)} rows, kept ${count(s.kept)}` +
          `${s.indexPossible ? ' (an index could serve it: the planner preferred the scan)' : ' (NO usable index)'}`,
      )
    }
    const small = q.seqScans.filter((s) => !large(s.table))
    if (small.length > 0) console.log(`       seq scans on smaller tables: ${small.map((s) => `${s.table} (${count(s.read)})`).join(', ')}`)
  })
  const onLarge = queries.flatMap((q, i) => q.seqScans.filter((s) => large(s.table)).map((s) => ({ ...s, query: i + 1 })))
  console.log(`seq scans on large tables (${LARGE_TABLES.join(', ')}): ${onLarge.length === 0 ? 'none' : onLarge.length}`)
  for (const s of onLarge) {
    console.log(
      `  ${s.table} in query #${s.query}: read ${count(s.read)} rows to keep ${count(s.kept)}` +
        `${s.indexPossible ? ': an index could serve it (the planner preferred the scan)' : ': NO usable index'}`,
    )
  }
}
