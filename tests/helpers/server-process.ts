import { type ChildProcess, spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface Teardown {
  teardown(fn: () => unknown): void
}

const MAIN = new URL('../../server/main.ts', import.meta.url).pathname
/** Node's compile cache: a restart spends most of its time loading modules; this saves about a third. */
const COMPILE_CACHE = join(tmpdir(), 'cyswllt-test-compile-cache')

/**
 * The HTTP + Socket.IO server as a process of its own (`server/main.ts server`), so a test can
 * kill it with SIGKILL while clients are connected and start it again on the same port. `env` is
 * its whole configuration (DATABASE_URL, REDIS_URL, PORT, PUBLIC_URL...). Killed in teardown.
 */
export function serverProcess(t: Teardown, env: Record<string, string>) {
  let child: ChildProcess | undefined
  const alive = (c: ChildProcess | undefined): c is ChildProcess => c !== undefined && c.exitCode === null && c.signalCode === null

  /** Starts it and resolves once it says it is listening. */
  async function start(): Promise<ChildProcess> {
    const started = spawn(process.execPath, [MAIN, 'server'], {
      env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    child = started
    await new Promise<void>((resolve, reject) => {
      started.stdout?.on('data', (chunk: Buffer) => {
        if (String(chunk).includes('is listening')) resolve()
      })
      started.once('exit', (code) => reject(new Error(`server exited early with ${code}`)))
    })
    return started
  }

  /** Kills it (SIGKILL by default: no shutdown, sockets cut, nothing flushed) and waits for the exit. */
  async function kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const running = child
    if (!alive(running)) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill(signal)
    })
  }

  t.teardown(() => kill())
  return { start, kill }
}
