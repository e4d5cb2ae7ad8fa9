/**
 * Entry point: reads configuration once and starts the HTTP + Socket.IO server, the workers,
 * or both (the default). `node server/main.ts server|workers|all`.
 */

import { type RunningWorkers, startWorkers } from '../workers/start-workers.ts'
import { type App, buildApp } from './app.ts'
import { type Config, ConfigError, loadConfig } from './config.ts'
import { RedisUnreachableError } from './redis.ts'

const role = process.argv[2] ?? 'all'
if (!['all', 'server', 'workers'].includes(role)) {
  console.error(`Unknown role "${role}": use all, server or workers.`)
  process.exit(2)
}

let config: Config
try {
  config = loadConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`)
    process.exit(1)
  }
  throw err
}

let app: App | undefined
let workers: RunningWorkers | undefined
try {
  if (role !== 'workers') {
    app = await buildApp(config)
    await app.listen({ port: config.port, host: config.host })
    console.log(
      `Cyswllt is listening on ${config.publicUrl} (${app.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
    )
  }
  if (role !== 'server') {
    workers = await startWorkers(config, app ? { database: app.database } : {})
    console.log('Cyswllt workers are running')
  }
} catch (err) {
  if (err instanceof RedisUnreachableError) {
    console.error(err.message)
    process.exit(1)
  }
  console.error(err)
  process.exit(1)
}

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: stopping (no new connections; finishing sockets, requests and jobs)`)
  const timer = setTimeout(() => {
    console.error('Shutdown took longer than 25 s; exiting')
    process.exit(1)
  }, 25_000)
  timer.unref()
  // Workers first: they may still use the shared database the app closes last.
  await workers?.close()
  await app?.close()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
