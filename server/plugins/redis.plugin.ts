import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis
  }
}

export default fp(
  async (app: FastifyInstance, opts: { redis: Redis }) => {
    app.decorate('redis', opts.redis)
    opts.redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis connection error'))
    app.addHook('onClose', async () => {
      await opts.redis.quit().catch(() => opts.redis.disconnect())
    })
  },
  { name: 'redis' },
)
