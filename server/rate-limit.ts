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
  const results = await redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec()
  const count = Number(results?.[0]?.[1] ?? 0)
  if (count > max) throw new AppError(code, 429)
}
