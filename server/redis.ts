import { Redis } from 'ioredis'

export class RedisUnreachableError extends Error {}
/** Redis answers but is set up to lose data. */
export class RedisEvictionPolicyError extends RedisUnreachableError {}

/**
 * BullMQ keeps jobs as ordinary keys: a Redis that may evict keys under memory pressure would
 * silently drop queued notifications. Start-up refuses it.
 */
export async function assertNoEviction(redis: Redis, url: string): Promise<void> {
  const info = await redis.info('memory')
  const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1]
  if (policy && policy !== 'noeviction') {
    throw new RedisEvictionPolicyError(
      `Redis at ${url} has maxmemory-policy "${policy}", which may delete queued jobs: set "maxmemory-policy noeviction" (redis.conf or CONFIG SET) and start again.`,
    )
  }
}

/**
 * Opens a Redis connection and proves it answers, so start-up can fail with one clear line
 * instead of retrying forever. BullMQ needs maxRetriesPerRequest null on its own connections.
 */
export async function connectRedis(url: string, options: { forBullmq?: boolean } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: options.forBullmq ? null : 3,
    connectTimeout: 3000,
    enableOfflineQueue: true,
  })
  // Errors after start-up are logged by whoever owns the connection; ioredis reconnects by itself.
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
  } catch {
    redis.disconnect()
    throw new RedisUnreachableError(
      `Cannot reach Redis at ${url}: start one with "docker compose up -d redis" or "redis-server --daemonize yes", or set REDIS_URL.`,
    )
  }
  try {
    await assertNoEviction(redis, url)
  } catch (err) {
    redis.disconnect()
    throw err
  }
  return redis
}
