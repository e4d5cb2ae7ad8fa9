import t from 'tap'
import { loadConfig } from '../../server/config.ts'
import { setup } from '../helpers/setup.ts'

t.test('health, readiness, metrics, OpenAPI and unknown routes', async (t) => {
  const ctx = await setup(t, { workers: false })
  t.equal((await ctx.app.inject('/healthz')).statusCode, 200)
  const ready = await ctx.app.inject('/readyz')
  t.same(ready.json(), { status: 'ready', postgres: 'ok', redis: 'ok' })
  const metrics = await ctx.app.inject('/metrics')
  t.match(metrics.body, /cyswllt_http_request_duration_seconds/)
  const docs = await ctx.app.inject('/docs/json')
  t.equal(docs.statusCode, 200)
  t.ok(docs.json().paths['/api/auth/magic-link'], 'OpenAPI lists the routes')
  const missing = await ctx.app.inject({ url: '/api/nothing-here', headers: { 'accept-language': 'en' } })
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), { code: 'not_found', message: 'We could not find that.' })
  const both = await ctx.app.inject({ url: '/api/nothing-here' })
  t.match(both.json().message, /^Doedden ni ddim .* \/ We could not find that\.$/, 'unknown language: Welsh first, then English')
  const broken = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/magic-link',
    payload: '{not json',
    headers: { 'content-type': 'application/json' },
  })
  t.equal(broken.statusCode, 400)
  t.notMatch(broken.body, /at .*\.ts|stack/i, 'no stack trace reaches a client')
})

t.test('configuration is validated and names the bad variable', async (t) => {
  t.throws(() => loadConfig({ PORT: 'abc' }), /PORT must be a whole number/)
  t.throws(() => loadConfig({ REDIS_URL: 'http://x' }), /REDIS_URL must be a URL/)
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/)
  t.throws(() => loadConfig({ SESSION_SECRET: 'short' }), /SESSION_SECRET/)
  t.throws(() => loadConfig({ VAPID_PUBLIC_KEY: 'a'.repeat(87) }), /VAPID_PRIVATE_KEY/)
  const config = loadConfig({})
  t.equal(config.port, 3000)
  t.equal(config.databaseUrl, undefined, 'no DATABASE_URL means embedded PGlite')
  t.equal(config.redisUrl, 'redis://127.0.0.1:6379')
})
