import { type ChildProcess, spawn } from 'node:child_process'
import { createConnection } from 'node:net'
import { Redis } from 'ioredis'
import { freePort } from './setup.ts'

/**
 * A redis-server of the test's own on a spare loopback port, so a test can stop and start it
 * (or give it a bad configuration) without touching the shared Redis other tests use.
 */
export async function startRedisServer(args: string[] = []) {
  const port = await freePort()
  let child: ChildProcess | undefined

  async function start() {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], {
      stdio: 'ignore',
    })
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ port, host: '127.0.0.1' }, () => {
          socket.end()
          resolve(true)
        })
        socket.on('error', () => resolve(false))
      })
      if (up) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`redis-server did not start on ${port}`)
  }

  async function stop() {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill('SIGKILL')
    })
  }

  /**
   * Stops it for good, after the clients of the closed app have left: Socket.IO's streams adapter
   * ends its blocking read (up to 5 s) before disconnecting, and would otherwise keep
   * reconnecting to a server that is gone, so the test process would never exit.
   */
  async function close() {
    if (child && child.exitCode === null && child.signalCode === null) {
      const probe = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1 })
      probe.on('error', () => {})
      for (let i = 0; i < 100; i++) {
        const clients = String(await probe.client('LIST').catch(() => ''))
          .split('\n')
          .filter(Boolean).length
        if (clients <= 1) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      probe.disconnect()
    }
    await stop()
  }

  await start()
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, close }
}
