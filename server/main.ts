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
let starting: Promise<void> | undefined
let stopping = false

/**
 * SIGTERM or SIGINT: stop accepting connections, finish sockets, requests and jobs, exit 0. The
 * handlers are in place before anything starts: a signal during start-up (the server already
 * answering while the workers start) waits for start-up to end, then closes what it opened,
 * instead of the process dying at once.
 */
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: stopping (no new connections; finishing sockets, requests and jobs)`)
  const timer = setTimeout(() => {
    console.error('Shutdown took longer than 25 s; exiting')
    process.exit(1)
  }, 25_000)
  timer.unref()
  await starting?.catch(() => {})
  // Workers first: they may still use the shared database the app closes last.
  await workers?.close()
  await app?.close()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))

starting = (async () => {
  try {
    if (role !== 'workers') {
      app = await buildApp(config)
      await app.listen({ port: config.port, host: config.host })
      console.log(
        `Cyswllt is listening on ${config.publicUrl} (${app.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
      )
    }
    // A signal while the server started: no workers to start only to stop them again.
    if (role !== 'server' && !stopping) {
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
})()
await starting
