import { type ChildProcess, spawn } from 'node:child_process'
import type { TestContext } from './setup.ts'
import { TEST_REDIS_URL } from './setup.ts'

interface Teardown {
  teardown(fn: () => unknown): void
}

/**
 * Starts worker processes (`server/main.ts workers`) against the test's database, Redis prefix
 * and SMTP server, so a test can kill one with SIGKILL mid-job. All are killed in teardown.
 */
export function workerProcesses(t: Teardown, ctx: TestContext, options: { concurrency: number }) {
  const env = {
    ...process.env,
    DATABASE_URL: ctx.config.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: ctx.prefix,
    SMTP_URL: ctx.mail.url,
    PUBLIC_URL: ctx.url,
    LOG_LEVEL: 'silent',
    JOB_STALLED_SECONDS: '2',
    NOTIFICATION_CONCURRENCY: String(options.concurrency),
  }
  const children: ChildProcess[] = []
  t.teardown(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 200))
  })
  /** Starts one and resolves once it says its workers are running. */
  return async function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['server/main.ts', 'workers'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (String(chunk).includes('workers are running')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`worker exited early with ${code}`)))
    })
    return child
  }
}
