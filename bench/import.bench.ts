/**
 * `npm run bench -- import` (the default): family import throughput against a raw baseline in the same run.
 * Baseline: the same rows written with plain multi-row INSERTs in one transaction (no checks,
 * no upsert logic). Measured: FamiliesService.applyImport (validation, upserts, batches).
 * Prints rows per second for each and the ratio. Uses BENCH_DATABASE_URL or the test database.
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { like } from 'drizzle-orm'
import pg from 'pg'
import { createDatabase } from '../server/db/database.ts'
import { schools, users } from '../server/db/schema.ts'
import { createJobs } from '../server/jobs/queues.ts'
import { createFamiliesRepository } from '../server/modules/families/families.repository.ts'
import { createFamiliesService } from '../server/modules/families/families.service.ts'

/** Runs the family import bench and prints its ratios. */
export async function benchImport(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const ROWS = Number(process.env.BENCH_ROWS ?? 2000)
  const run = randomUUID().slice(0, 8)
  const database = createDatabase({ databaseUrl: url, dataDir: 'data' })
  await database.migrate()
  const { db } = database
  const pool = new pg.Pool({ connectionString: url })

  async function makeSchool(name: string) {
    const [school] = await db
      .insert(schools)
      .values({ nameCy: `${name} ${run}`, nameEn: `${name} ${run}` })
      .returning()
    if (!school) throw new Error('no school')
    const client = await pool.connect()
    const { rows } = await client.query('insert into classes (school_id, name_cy, name_en) values ($1, $2, $3) returning id', [
      school.id,
      'Derw',
      'Oak',
    ])
    client.release()
    return { school, classId: rows[0].id as string }
  }

  const csvRows = (tag: string) =>
    Array.from(
      { length: ROWS },
      (_, i) => `R${i},Learner ${i},Oak,Adult ${i},bench-${run}-${tag}-${i}@bench.test,,${['cy', 'en', 'both'][i % 3]}`,
    )

  // Raw baseline: the same four rows per family, inserted in bulk.
  const base = await makeSchool('Bench raw')
  let started = performance.now()
  const client = await pool.connect()
  await client.query('begin')
  for (let start = 0; start < ROWS; start += 500) {
    const n = Math.min(500, ROWS - start)
    const idx = Array.from({ length: n }, (_, k) => start + k)
    const learnerIds = (
      await client.query(
        `insert into learners (school_id, external_ref, name, class_id) select $1, unnest($2::text[]), unnest($3::text[]), $4 returning id`,
        [base.school.id, idx.map((i) => `R${i}`), idx.map((i) => `Learner ${i}`), base.classId],
      )
    ).rows.map((r) => r.id)
    const userIds = (
      await client.query(
        `insert into users (name, email, language) select unnest($1::text[]), unnest($2::text[]), unnest($3::text[]) returning id`,
        [idx.map((i) => `Adult ${i}`), idx.map((i) => `bench-${run}-raw-${i}@bench.test`), idx.map((i) => ['cy', 'en', 'both'][i % 3])],
      )
    ).rows.map((r) => r.id)
    await client.query(`insert into memberships (school_id, user_id, role) select $1, unnest($2::uuid[]), 'parent'`, [
      base.school.id,
      userIds,
    ])
    await client.query(
      `insert into guardian_learners (school_id, guardian_id, learner_id) select $1, unnest($2::uuid[]), unnest($3::uuid[])`,
      [base.school.id, userIds, learnerIds],
    )
  }
  await client.query('commit')
  client.release()
  const rawMs = performance.now() - started

  // The platform's import, same row count.
  const measured = await makeSchool('Bench import')
  const csv = ['learner_ref,learner_name,class,guardian_name,guardian_email,guardian_phone,language', ...csvRows('imp')].join('\n')
  const jobs = createJobs({ url: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' }, `bench-${run}`)
  const service = createFamiliesService({ db, jobs })
  const importId = randomUUID()
  await createFamiliesRepository(db).insertImport({
    id: importId,
    schoolId: measured.school.id,
    createdBy: null,
    csv,
    totalRows: ROWS,
  })
  started = performance.now()
  await service.applyImport(importId, async (processed, total) => {
    process.stderr.write(`\r  import ${processed}/${total}`)
  })
  process.stderr.write('\n')
  const importMs = performance.now() - started

  // Re-import of the same file (everything unchanged).
  const againId = randomUUID()
  await createFamiliesRepository(db).insertImport({
    id: againId,
    schoolId: measured.school.id,
    createdBy: null,
    csv,
    totalRows: ROWS,
  })
  started = performance.now()
  await service.applyImport(againId, async () => {})
  const reimportMs = performance.now() - started

  const perSecond = (ms: number) => Math.round((ROWS / ms) * 1000)
  console.log(`family import, ${ROWS} rows (PostgreSQL ${url.replace(/\/\/[^@]*@/, '//')})`)
  console.log(`  raw bulk INSERT baseline : ${rawMs.toFixed(0)} ms  (${perSecond(rawMs)} rows/s)`)
  console.log(
    `  import (new families)    : ${importMs.toFixed(0)} ms  (${perSecond(importMs)} rows/s)  ratio ${(importMs / rawMs).toFixed(1)}x baseline`,
  )
  console.log(
    `  re-import (no changes)   : ${reimportMs.toFixed(0)} ms  (${perSecond(reimportMs)} rows/s)  ratio ${(reimportMs / rawMs).toFixed(1)}x baseline`,
  )

  await db.delete(schools).where(like(schools.nameEn, `Bench % ${run}`))
  await db.delete(users).where(like(users.email, `bench-${run}-%`))
  await jobs.close()
  await pool.end()
  await database.close()
}
