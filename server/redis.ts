import { Redis } from 'ioredis'

export class RedisUnreachableError extends Error {}

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
  return redis
}
