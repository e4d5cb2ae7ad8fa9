import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { TEST_REDIS_URL } from '../helpers/setup.ts'

// Several `npm start` processes, each loading the whole app and migrating embedded PGlite: on a
// loaded two-CPU machine this file has taken 78 to 100 s, so it gets more than tap's default 120 s.
t.setTimeout(300_000)

const main = new URL('../../server/main.ts', import.meta.url).pathname

function start(env: Record<string, string>, args: string[] = ['all']) {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => output }
}

async function waitFor(read: () => string, pattern: RegExp, child: ChildProcess, ms = 60_000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    const match = read().match(pattern)
    if (match) return match
    if (child.exitCode !== null) break
    await sleep(100)
  }
  throw new Error(`did not see ${pattern} in:\n${read()}`)
}

/** `npm start` on embedded PGlite in a fresh data directory, on a random port; both removed at the end. */
function startEmbedded(t: { teardown(fn: () => unknown): void }, dirPrefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const port = String(30000 + Math.floor(Math.random() * 20000))
  const run = start({ PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `smoke-${port}` })
  t.teardown(() => run.child.kill('SIGKILL'))
  return { run, port }
}

t.test('on embedded PGlite: first start prints a setup link that creates the school; SIGTERM stops cleanly', async (t) => {
  const { run, port } = startEmbedded(t, 'cyswllt-pglite-')
  const [link] = await waitFor(run.output, /http:\/\/localhost:\d+\/setup\?token=[\w-]+/, run.child)
  t.match(run.output(), /embedded PGlite/)
  const token = new URL(link).searchParams.get('token')
  const res = await fetch(`http://127.0.0.1:${port}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      school: { nameCy: 'Ysgol y Bryn', nameEn: 'Hill School' },
      admin: { name: 'Gwen Admin', email: 'gwen@example.test', language: 'cy' },
    }),
  })
  t.equal(res.status, 201)
  const me = await res.json()
  t.same(me.roles, ['admin'])
  t.equal(me.school.nameCy, 'Ysgol y Bryn')
  const again = await fetch(`http://127.0.0.1:${port}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, school: { nameCy: 'A', nameEn: 'B' }, admin: { name: 'X', email: 'x@example.test', language: 'en' } }),
  })
  t.equal(again.status, 400, 'the setup link works once')
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
  t.equal(ready.status, 200)
  run.child.kill('SIGTERM')
  t.equal(await run.exited, 0, 'graceful shutdown exits 0')
})

t.test('an unreachable Redis stops start-up with one clear line', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cyswllt-noredis-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const run = start({ DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1' })
  t.equal(await run.exited, 1)
  t.match(run.output(), /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1: start one with/)
})

t.test('a bad configuration value stops start-up naming the variable', async (t) => {
  const run = start({ PORT: 'eighty' })
  t.equal(await run.exited, 1)
  t.match(run.output(), /Configuration error: PORT must be a whole number/)
})

t.test('SIGTERM the moment the server listens, while the workers still start, waits for them and exits 0', async (t) => {
  const { run } = startEmbedded(t, 'cyswllt-early-term-')
  // Sent from the output handler itself, so it lands before the workers are up.
  run.child.stdout?.on('data', (d: Buffer) => {
    if (d.toString().includes('Cyswllt is listening')) run.child.kill('SIGTERM')
  })
  t.equal(await run.exited, 0, 'graceful shutdown exits 0')
  t.match(run.output(), /SIGTERM: stopping/)
})
