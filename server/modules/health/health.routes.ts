import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const Status = Type.Object({ status: Type.String(), postgres: Type.Optional(Type.String()), redis: Type.Optional(Type.String()) })

/** Liveness (the process answers) and readiness (PostgreSQL and Redis answer too). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: Status } } }, async () => ({ status: 'ok' }))

  app.get('/readyz', { schema: { tags: ['operations'], response: { 200: Status, 503: Status } } }, async (_request, reply) => {
    const timeout = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())])
    const [postgres, redis] = await Promise.all([
      timeout(app.database.ping()).then(
        () => 'ok',
        () => 'unreachable',
      ),
      timeout(app.redis.ping()).then(
        () => 'ok',
        () => 'unreachable',
      ),
    ])
    const ready = postgres === 'ok' && redis === 'ok'
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', postgres, redis })
  })
}
export default healthRoutes
