import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { startRedisServer } from '../helpers/redis-server.ts'
import { setup } from '../helpers/setup.ts'
import { draft, makeManyFamilies, sleep } from './fixtures.ts'

export const CONCURRENCY = 10

/**
 * A newsletter send to `families` families; Redis is killed once `killAt` emails have gone and
 * started again 1.5 s later from its append-only file. Every family must get the newsletter, and
 * no more than the sends in flight when Redis went may go twice.
 */
export async function redisRestartedMidSend(t: Test, options: { families: number; killAt: number; smtpDelayMs?: number }) {
  // Redis as production runs it for queues: every write in the append-only file before it is acknowledged.
  const dir = await mkdtemp(join(tmpdir(), 'cyswllt-redis-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const redis = await startRedisServer(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir])
  t.teardown(redis.close)
  const ctx = await setup(t, {
    smtpDelayMs: options.smtpDelayMs,
    env: { REDIS_URL: redis.url, JOB_STALLED_SECONDS: '2', NOTIFICATION_CONCURRENCY: String(CONCURRENCY) },
  })
  const group = await ctx.makeClassGroup(ctx.school.id)
  const emails = await makeManyFamilies(ctx, group.id, options.families)
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const session = await ctx.signIn(admin, ctx.school.id)
  const base = `/api/schools/${ctx.school.id}/newsletters`
  const id = (await ctx.app.inject({ method: 'POST', url: base, headers: session.write, payload: draft() })).json().id
  const sent = await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: session.write, payload: {} })
  t.equal(sent.statusCode, 202)

  while (ctx.mail.received.length < options.killAt) await sleep(20)
  await redis.stop()
  const atKill = ctx.mail.received.length
  await sleep(1500)
  await redis.start()
  t.ok(atKill < options.families, `Redis killed mid-send (${atKill} of ${options.families} sent)`)

  const reached = () => new Set(ctx.mail.received.map((m) => m.to))
  const deadline = Date.now() + 90_000
  while (reached().size < options.families && Date.now() < deadline) await sleep(200)
  await sleep(1000)
  const got = reached()
  t.same(
    emails.filter((e) => !got.has(e)),
    [],
    'no family is missing',
  )
  const duplicates = ctx.mail.received.length - got.size
  t.ok(duplicates <= CONCURRENCY, `duplicates (${duplicates}) are at most the sends in flight when Redis went (${CONCURRENCY})`)
}
