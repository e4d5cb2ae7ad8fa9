/**
 * The server under test of the messaging bench, in a child process of its own so that the load
 * generator (the bench process) neither shares its event loop nor counts in its memory. Started
 * by `startBenchServer` with `--expose-gc`; either a raw Socket.IO echo server (`raw`) or the
 * real app (`app`: buildApp with the config given, no workers). Answers `memory` with
 * process.memoryUsage() taken after full garbage collections.
 */
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { Server } from 'socket.io'
import { buildApp } from '../server/app.ts'
import { loadConfig } from '../server/config.ts'

export type ServerMode = 'raw' | 'app'

/** Bench to server; every command is answered by a Reply with the same id. */
type Command = { id: number } & ({ type: 'memory' } | { type: 'stop' })
type Reply = { id: number; memory?: NodeJS.MemoryUsage }
type Start = { mode: ServerMode; port: number; env: Record<string, string> }
type Ready = { ready: true } | { failed: string }

export interface BenchServer {
  mode: ServerMode
  url: string
  /** The server process's memory after full garbage collections. */
  memory(): Promise<NodeJS.MemoryUsage>
  /** Closes the server (the app closes its pools and sockets) and waits for the process to end. */
  stop(): Promise<void>
}

/** A port nobody listens on now (the app's PUBLIC_URL names its port, so it is chosen before the app starts). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * With BENCH_CPU_PROFILE_DIR set, each server process writes a V8 CPU profile there when it
 * exits (open it in Chrome DevTools): where the app's time per message goes.
 */
function cpuProfile(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=500'] : []
}

/**
 * Starts a server process on a free port and resolves once it listens. `envFor(port)` is the
 * app's configuration (loadConfig reads it); the raw server ignores it.
 */
export async function startBenchServer(mode: ServerMode, envFor: (port: number) => Record<string, string>): Promise<BenchServer> {
  const port = await freePort()
  const env = envFor(port)
  const child = fork(new URL(import.meta.url), [], {
    execArgv: ['--expose-gc', ...cpuProfile()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const pending = new Map<number, (reply: Reply) => void>()
  let lastId = 0
  const ready = new Promise<Ready>((resolve, reject) => {
    child.on('message', (message: Reply | Ready) => {
      if ('ready' in message || 'failed' in message) return resolve(message)
      pending.get(message.id)?.(message)
      pending.delete(message.id)
    })
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited (${code}) before it was ready`)))
  })
  const ask = (type: Command['type']) =>
    new Promise<Reply>((resolve) => {
      const id = ++lastId
      pending.set(id, resolve)
      child.send({ id, type } satisfies Command)
    })
  child.send({ mode, port, env } satisfies Start)
  const started = await ready
  if ('failed' in started) {
    child.kill()
    throw new Error(`the ${mode} server did not start: ${started.failed}`)
  }
  return {
    mode,
    url: `http://127.0.0.1:${port}`,
    async memory() {
      return (await ask('memory')).memory as NodeJS.MemoryUsage
    },
    async stop() {
      await ask('stop')
      await exited
    },
  }
}

/** A plain Socket.IO server whose `message.send` handler acknowledges the payload straight back. */
async function listenRaw(port: number) {
  const http = createServer()
  const io = new Server(http, { serveClient: false })
  io.on('connection', (socket) => {
    socket.on('message.send', (payload: unknown, ack: unknown) => {
      if (typeof ack === 'function') ack({ ok: true, data: payload })
    })
  })
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve))
  return async () => {
    io.local.disconnectSockets(true)
    await new Promise<void>((resolve) => io.close(() => resolve()))
  }
}

async function listenApp(port: number, env: Record<string, string>) {
  const app = await buildApp(loadConfig(env))
  await app.listen({ port, host: '127.0.0.1' })
  return () => app.close()
}

function fullGc() {
  // Several passes: objects freed by one pass (weak refs, finalizers) go in the next.
  for (let i = 0; i < 4; i++) globalThis.gc?.()
}

/** The child process: one server, then commands until `stop`. */
async function serve() {
  const start = await new Promise<Start>((resolve) => process.once('message', (m) => resolve(m as Start)))
  let close: () => Promise<unknown>
  try {
    close = start.mode === 'raw' ? await listenRaw(start.port) : await listenApp(start.port, start.env)
  } catch (err) {
    process.send?.({ failed: (err as Error).message } satisfies Ready)
    process.exit(1)
  }
  process.on('message', async (command: Command) => {
    if (command.type === 'memory') {
      fullGc()
      await new Promise((resolve) => setTimeout(resolve, 50))
      fullGc()
      process.send?.({ id: command.id, memory: process.memoryUsage() } satisfies Reply)
    } else {
      await close()
      process.send?.({ id: command.id } satisfies Reply, () => process.exit(0))
    }
  })
  process.send?.({ ready: true } satisfies Ready)
}

if (process.send && process.argv[1] && import.meta.filename === process.argv[1]) await serve()
