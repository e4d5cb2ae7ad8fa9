import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

/** The Drizzle handle repositories take; the same type on PostgreSQL and PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
/** A handle inside a transaction: repositories accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export interface Database {
  db: Db
  kind: 'postgres' | 'pglite'
  /** Runs every pending migration; safe when several processes start at once. */
  migrate(): Promise<void>
  ping(): Promise<void>
  close(): Promise<void>
}

const migrationsFolder = new URL('./migrations', import.meta.url).pathname
/** Any fixed number: processes starting together take turns to migrate. */
const MIGRATION_LOCK = 7_240_001

export function createDatabase(options: {
  databaseUrl: string | undefined
  dataDir: string
  /** Wait at most this long for a connection (default 5 s): while PostgreSQL is away requests fail fast with a 503. */
  databaseConnectTimeoutMs?: number
  /** Wait at most this long for a query's answer (default 60 s), in case the network drops silently. */
  databaseQueryTimeoutMs?: number
}): Database {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      connectionTimeoutMillis: options.databaseConnectTimeoutMs ?? 5000,
      query_timeout: options.databaseQueryTimeoutMs ?? 60_000,
      keepAlive: true,
    })
    // An idle client that loses its server emits 'error'; the pool replaces it, so it is only logged upstream.
    pool.on('error', () => {})
    // A client checked out for a transaction has no pool listener: when its server goes away it
    // emits 'error' too, which would crash the process. Its queries fail (the transaction rolls
    // back in PostgreSQL) and the pool discards it on release, so the error needs no more here.
    pool.on('connect', (client) => {
      client.on('error', () => {})
      releaseWhenBeginFails(client)
    })
    const db = drizzlePg(pool, { schema }) as unknown as Db
    return {
      db,
      kind: 'postgres',
      async migrate() {
        const client = await pool.connect()
        try {
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
          await migratePg(drizzlePg(client), { migrationsFolder })
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
          try {
            client.release()
          } catch {
            // Already handed back as broken by releaseWhenBeginFails.
          }
        }
      },
      async ping() {
        await db.execute(sql`select 1`)
      },
      close: () => pool.end(),
    }
  }
  const dir = join(options.dataDir, 'pglite')
  mkdirSync(dir, { recursive: true })
  const client = new PGlite(dir)
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder })
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    close: () => client.close(),
  }
}

/**
 * Drizzle (0.45, node-postgres) sends a transaction's BEGIN before its try/finally: when BEGIN
 * fails (the connection broke, or timed out, just then) the client is never released. The pool
 * would lack it for good (ten such moments and every request waits for a connection) and
 * `end()` would wait for it forever. So a failed BEGIN hands the client back here, as broken.
 */
function releaseWhenBeginFails(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  // biome-ignore lint/suspicious/noExplicitAny: wraps every overload of pg's query as it is
  ;(client as any).query = (...args: unknown[]) => {
    const result = query(...args)
    const first = args[0] as string | { text?: unknown } | undefined
    const text = typeof first === 'string' ? first : first?.text
    if (typeof text === 'string' && /^\s*begin\b/i.test(text) && result instanceof Promise) {
      return result.catch((err: unknown) => {
        client.release(err instanceof Error ? err : new Error(String(err)))
        throw err
      })
    }
    return result
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND'])
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Client was closed',
]

/**
 * True when an error (or its cause, as Drizzle wraps driver errors) means PostgreSQL could not be
 * reached or went away: refused or reset connections, connection and read timeouts, SQLSTATE
 * class 08 (connection exception) and 57P01-57P03 (shutting down, crashed, starting up). Such a
 * request is answered 503 "try again in a minute", not 500: nothing is wrong with it.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let err = error, depth = 0; err && depth < 5; err = (err as { cause?: unknown }).cause, depth++) {
    const { code, message } = err as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) return true
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((m) => message.includes(m))) return true
  }
  return false
}
