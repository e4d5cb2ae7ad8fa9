/**
 * Values a schema lets through but PostgreSQL cannot take, found before any handler runs
 * (HTTP: errors.plugin.ts; sockets: socket-events.ts) and refused as a bad field, so they never
 * fail a query with a 500 halfway through a request.
 *
 * - U+0000 (NUL): text and jsonb cannot hold it.
 * - Infinity and NaN: Ajv coerces a query's "1e999" to Infinity, accepts it as an integer and
 *   skips `maximum` for it (its checks guard on isFinite), so `?limit=1e999` reached the database.
 */

/** The dotted path of the first value in `value` PostgreSQL cannot take; null when there is none. */
export function unstorableField(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null
  if (typeof value === 'number') return Number.isFinite(value) ? null : path
  // Bytes (an upload held in memory) are not text: nothing in them goes to a text column.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key
    if (key.includes('\u0000')) return at
    const found = unstorableField(item, at)
    if (found !== null) return found
  }
  return null
}
