import type { Redis } from 'ioredis'

/** A socket counts as connected for this long after its last refresh (a crashed server's sockets expire). */
const TTL_MS = 90_000

/**
 * Who has a live socket, in Redis so every server and worker process sees it: per person, a
 * sorted set of socket ids scored by when each expires. Servers refresh their sockets every
 * TTL/3 and remove them on disconnect; a server that dies leaves entries that simply expire.
 */
export function createPresence(redis: Redis, prefix: string) {
  const key = (userId: string) => `${prefix}:presence:${userId}`
  return {
    refreshEveryMs: TTL_MS / 3,
    async connected(userId: string, socketId: string, now = Date.now()): Promise<void> {
      await redis
        .multi()
        .zadd(key(userId), now + TTL_MS, socketId)
        .zremrangebyscore(key(userId), '-inf', now)
        .pexpire(key(userId), TTL_MS)
        .exec()
    },
    async disconnected(userId: string, socketId: string): Promise<void> {
      await redis.zrem(key(userId), socketId)
    },
    async isConnected(userId: string, now = Date.now()): Promise<boolean> {
      return (await redis.zcount(key(userId), `(${now}`, '+inf')) > 0
    },
  }
}
export type Presence = ReturnType<typeof createPresence>
