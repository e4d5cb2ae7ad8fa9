/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to embedded PGlite in ./data. */
import { ConfigError, loadConfig } from '../server/config.ts'
import { createDatabase } from '../server/db/database.ts'

try {
  const config = loadConfig(process.env)
  const database = createDatabase(config)
  await database.migrate()
  await database.close()
  console.log(`Migrations applied (${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`)
} catch (err) {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err)
  process.exit(1)
}
