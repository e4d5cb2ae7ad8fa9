import type { Redis } from 'ioredis'
import { AppError } from './errors.ts'

/**
 * A fixed-window limit kept in Redis, so every server process counts together. Throws a 429
 * AppError with `code` (localised by the error handler) once `max` is passed within `windowSeconds`.
 */
export async function enforceRateLimit(
  redis: Redis,
  key: string,
  max: number,
  windowSeconds: number,
  code = 'rate_limited',
): Promise<void> {
  const [over] = await overRateLimit(redis, [key], max, windowSeconds)
  if (over) throw new AppError(code, 429)
}

/**
 * Counts one hit for each key (a key may come more than once, one hit each) in one round trip,
 * and tells for each hit whether it passed `max` within `windowSeconds`: the same fixed window as
 * enforceRateLimit, for a batch of requests.
 */
export async function overRateLimit(redis: Redis, keys: string[], max: number, windowSeconds: number): Promise<boolean[]> {
  if (keys.length === 0) return []
  const transaction = redis.multi()
  for (const key of keys) transaction.incr(key).expire(key, windowSeconds, 'NX')
  const results = await transaction.exec()
  return keys.map((_, i) => Number(results?.[i * 2]?.[1] ?? 0) > max)
}
