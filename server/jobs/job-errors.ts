/**
 * What a failed job leaves in Redis (BullMQ's failedReason and stack trace) is shown on the queue
 * board, which every school's admins may read, and kept for days. Mail servers put the refused
 * address in their answer, and a push service's URL is a device's secret; neither may reach
 * another school's admin. The delivery row keeps the whole answer for the school's own list.
 */
const ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+\.[^\s<>"'(),;:@]+/g
const LINK = /\bhttps?:\/\/[^\s<>"']+/g

/** Addresses become [address]; links keep only their origin. */
export function withoutPersonalData(text: string): string {
  return text
    .replace(LINK, (url) => {
      try {
        return `${new URL(url).origin}/[…]`
      } catch {
        return '[link]'
      }
    })
    .replace(ADDRESS, '[address]')
}

/**
 * The same error, its message and stack cleaned: the class stays (BullMQ stops retrying on an
 * UnrecoverableError), so only the words change.
 */
export function redactJobError(err: unknown): unknown {
  if (!(err instanceof Error)) return new Error(withoutPersonalData(String(err)))
  err.message = withoutPersonalData(err.message)
  if (err.stack) err.stack = withoutPersonalData(err.stack)
  return err
}
