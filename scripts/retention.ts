/**
 * `npm run retention -- [--dry-run] [--now 2027-09-01T02:30:00Z]`: runs data retention now, the
 * same work as the nightly `retention.daily` job (and safe beside it: both take the same locks).
 * --dry-run counts what would be deleted and deletes nothing; --now asks "as if it were then".
 * Prints progress, then the counts per school and category.
 */
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../server/config.ts'
import { createDatabase } from '../server/db/database.ts'
import { retentionDefaults } from '../server/modules/retention/periods.ts'
import { runRetention } from '../server/modules/retention/run-retention.ts'

try {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, now: { type: 'string' } } })
  const now = values.now ? new Date(values.now) : new Date()
  if (Number.isNaN(now.getTime())) throw new ConfigError('--now', 'must be a date such as 2027-09-01T02:30:00Z', values.now)
  const dryRun = values['dry-run'] ?? false
  const config = loadConfig(process.env)
  const database = createDatabase(config)
  await database.migrate()
  console.log(`Retention ${dryRun ? 'dry run (nothing is deleted)' : 'run'} as of ${now.toISOString()}`)
  const results = await runRetention(
    { db: database.db, defaults: retentionDefaults(config) },
    {
      now,
      dryRun,
      onProgress: (p) => {
        process.stderr.write(
          `\r${String(p.percent).padStart(3)}%  school ${p.schoolsDone}/${p.schools}  ${p.category.padEnd(16)} ${p.deleted} rows`,
        )
      },
    },
  )
  process.stderr.write('\n')
  for (const r of results) {
    const counts = Object.entries(r.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    console.log(`${r.schoolId ?? 'all schools'}  ${r.category}  (${r.days} days, before ${r.cutoff.slice(0, 10)}): ${counts || 'nothing'}`)
  }
  await database.close()
} catch (err) {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err)
  process.exit(1)
}
