/**
 * `npm run cluster`: Cyswllt scaled out on one machine. Runs the migrations once, then starts
 * CLUSTER_SERVERS server processes (`server/main.ts server`, default 2) on their own ports,
 * CLUSTER_WORKERS worker processes (`server/main.ts workers`, default 2), and the reverse proxy
 * of cluster-proxy.ts on PORT (default 3000) in front of the servers. Every child logs with a
 * prefix (`[server-1] ...`); one that dies is reported and restarted (after 1 s, longer if it
 * keeps dying at start); SIGINT or SIGTERM stops them all the way `npm start` stops.
 *
 * Needs PostgreSQL (DATABASE_URL): embedded PGlite belongs to one process. REDIS_URL and the
 * rest of the configuration are as for `npm start` (server/config.ts). The servers listen on
 * 127.0.0.1 at PORT+1, PORT+2, ... (or CLUSTER_SERVER_PORTS, comma-separated); PUBLIC_URL
 * defaults to the proxy's address, since that is where people come in.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { type Config, ConfigError, loadConfig } from '../server/config.ts'
import { type ClusterProxy, startClusterProxy } from './cluster-proxy.ts'

const root = resolve(import.meta.dirname, '..')

interface Settings {
  config: Config
  serverPorts: number[]
  workers: number
}

function count(name: string, fallback: number): number {
  const raw = process.env[name]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < 1 || value > 32) throw new ConfigError(name, 'must be a whole number from 1 to 32', raw)
  return value
}

function readSettings(): Settings {
  const config = loadConfig(process.env)
  if (!config.databaseUrl) {
    throw new ConfigError('DATABASE_URL', 'must be set for npm run cluster: embedded PGlite can be opened by one process only')
  }
  const listed = process.env.CLUSTER_SERVER_PORTS?.trim()
  const serverPorts = listed
    ? listed.split(',').map((p) => {
        const port = Number(p.trim())
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError('CLUSTER_SERVER_PORTS', 'must list ports', listed)
        return port
      })
    : Array.from({ length: count('CLUSTER_SERVERS', 2) }, (_, i) => config.port + 1 + i)
  return { config, serverPorts, workers: count('CLUSTER_WORKERS', 2) }
}

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, write: (line: string) => void) {
  if (!stream) return
  createInterface({ input: stream }).on('line', (line) => write(`${prefix} ${line}`))
}

/** Runs `node <args>` to its end with the cluster's environment; resolves with its exit code. */
function runOnce(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  prefixLines(child.stdout, `[${name}]`, console.log)
  prefixLines(child.stderr, `[${name}]`, console.error)
  return new Promise((done) => child.on('exit', (code) => done(code ?? 1)))
}

interface Member {
  name: string
  role: 'server' | 'workers'
  env: NodeJS.ProcessEnv
  /** Index among the proxy's servers (servers only). */
  serverIndex?: number
  child?: ChildProcess
  startedAt: number
  failuresAtStart: number
  /** Resolves the first time any run of this member is ready (a run that dies at start is restarted). */
  ready: Promise<void>
  markReady: () => void
}

function member(fields: Pick<Member, 'name' | 'role' | 'env' | 'serverIndex'>): Member {
  let markReady = () => {}
  const ready = new Promise<void>((done) => {
    markReady = done
  })
  return { ...fields, startedAt: 0, failuresAtStart: 0, ready, markReady }
}

async function main() {
  let settings: Settings
  try {
    settings = readSettings()
  } catch (err) {
    console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err)
    process.exit(1)
  }
  const { config, serverPorts } = settings
  const log = (line: string) => console.log(`[cluster] ${line}`)
  // Every child sees the same installation; PUBLIC_URL is the proxy's address (links, cookies, Origin).
  const base: NodeJS.ProcessEnv = { ...process.env, PUBLIC_URL: config.publicUrl }

  log('applying migrations (once, before the servers start)')
  const migrated = await runOnce('migrate', ['scripts/migrate.ts'], base)
  if (migrated !== 0) {
    console.error('[cluster] migrations failed; nothing started')
    process.exit(1)
  }

  const members: Member[] = [
    ...serverPorts.map((port, i) =>
      member({ name: `server-${i + 1}`, role: 'server', env: { ...base, PORT: String(port), HOST: '127.0.0.1' }, serverIndex: i }),
    ),
    ...Array.from({ length: settings.workers }, (_, i) => member({ name: `workers-${i + 1}`, role: 'workers', env: base })),
  ]

  let proxy: ClusterProxy | undefined
  let stopping = false

  /** Starts (or restarts) a member; `member.ready` resolves when it first says it is listening (server) or running (workers). */
  function start(member: Member): void {
    const child = spawn(process.execPath, ['server/main.ts', member.role], {
      cwd: root,
      env: member.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    member.child = child
    member.startedAt = Date.now()
    const port = member.role === 'server' ? ` on 127.0.0.1:${member.env.PORT}` : ''
    log(`${member.name} started (pid ${child.pid}${port})`)
    prefixLines(child.stderr, `[${member.name}]`, console.error)
    const marker = member.role === 'server' ? 'Cyswllt is listening' : 'workers are running'
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      console.log(`[${member.name}] ${line}`)
      if (line.includes(marker)) member.markReady()
    })
    child.on('exit', (code, signal) => {
      if (member.serverIndex !== undefined) proxy?.setUp(member.serverIndex, false)
      if (stopping) return
      // Dying again within 10 s of starting: wait longer each time (1, 2, 4 ... 30 s).
      member.failuresAtStart = Date.now() - member.startedAt < 10_000 ? member.failuresAtStart + 1 : 0
      const delay = Math.min(30_000, 1000 * 2 ** Math.max(0, member.failuresAtStart - 1))
      log(`${member.name} (pid ${child.pid}) exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`)
      setTimeout(() => {
        if (!stopping) start(member)
      }, delay)
    })
  }

  async function stop(signal: string) {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping every process`)
    const running = members.map((m) => m.child).filter((c): c is ChildProcess => !!c && c.exitCode === null && c.signalCode === null)
    const exited = running.map((c) => new Promise<void>((done) => c.once('exit', () => done())))
    for (const child of running) child.kill('SIGTERM')
    // main.ts gives itself 25 s; after 30 s whatever is left is killed.
    const timer = setTimeout(() => {
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }, 30_000)
    await Promise.all(exited)
    clearTimeout(timer)
    await proxy?.close()
    log('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))

  for (const m of members) start(m)
  await Promise.all(members.map((m) => m.ready))
  if (stopping) return
  proxy = await startClusterProxy({
    port: config.port,
    host: config.host,
    backends: serverPorts.map((port) => ({ host: '127.0.0.1', port })),
    log: (line) => console.log(`[proxy] ${line}`),
  })
  log(
    `ready: ${config.publicUrl} (proxy on ${config.host}:${proxy.port}) in front of ${serverPorts.length} servers, ` +
      `${settings.workers} worker processes`,
  )
}

await main()
