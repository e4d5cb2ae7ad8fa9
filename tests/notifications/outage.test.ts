import { spawn } from 'node:child_process'
import { eq, isNull } from 'drizzle-orm'
import t from 'tap'
import { outbox } from '../../server/db/schema.ts'
import { requestNotifications } from '../../server/modules/notifications/notify.ts'
import { startRedisServer } from '../helpers/redis-server.ts'
import { freePort, setup, TEST_DATABASE_URL } from '../helpers/setup.ts'

const NOON = new Date('2026-11-23T12:00:00Z')

t.test('Redis stopped while a feature commits: the notification is sent when Redis is back', async (t) => {
  const redis = await startRedisServer()
  // Teardowns run last-registered first: this one runs after the app and workers have closed.
  t.teardown(redis.close)
  const ctx = await setup(t, { env: { REDIS_URL: redis.url }, workerOptions: { clock: () => NOON } })
  const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'en' })

  await redis.stop()
  const [id] = await ctx.app.db.transaction((tx) =>
    requestNotifications(tx, { schoolId: ctx.school.id, userIds: [guardian.id], category: 'messages', kind: 'test' }),
  )
  t.ok(id, 'the feature commits while Redis is down')
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const pending = await ctx.app.db
    .select()
    .from(outbox)
    .where(eq(outbox.jobId, `dispatch-batch-${id}`))
  t.equal(pending[0]?.relayedAt, null, 'the job waits in the outbox')

  await redis.start()
  const mail = await ctx.mail.next(guardian.email as string, 60_000)
  t.equal(mail.subject, 'Test notification', 'it arrives once Redis is back')
  const left = await ctx.app.db.select().from(outbox).where(isNull(outbox.relayedAt))
  t.notOk(
    left.some((row) => row.jobId === `dispatch-batch-${id}`),
    'and the outbox row is relayed',
  )
})

t.test('start-up refuses a Redis that may evict keys, with a clear message', async (t) => {
  const redis = await startRedisServer(['--maxmemory', '100mb', '--maxmemory-policy', 'allkeys-lru'])
  t.teardown(redis.close)
  const child = spawn(process.execPath, ['server/main.ts', 'server'], {
    env: { ...process.env, REDIS_URL: redis.url, DATABASE_URL: TEST_DATABASE_URL, PORT: String(await freePort()), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  t.equal(code, 1, 'it does not start')
  t.match(stderr, /maxmemory-policy "allkeys-lru"/, 'it names the policy')
  t.match(stderr, /noeviction/, 'and says what to set')
  t.equal(stderr.trim().split('\n').length, 1, 'in one line')
})
