/** Gives back a permit; calling it again does nothing. */
export type ReleasePermit = () => void

export interface SendPermits {
  /** Waits for a free permit (first come, first served). */
  acquire(): Promise<ReleasePermit>
}

/**
 * At most `count` notification sends in flight in one worker process, each counted from the
 * moment it starts until its outcome is recorded. The deliver jobs share them: a job sends its
 * deliveries side by side as far as permits allow, so a job starting, claiming or finishing
 * never leaves the process with fewer sends going than it may have, and a worker killed at any
 * moment has sent, without recording it, at most `count` deliveries (those go again).
 */
export function createSendPermits(count: number): SendPermits {
  let free = count
  const waiting: (() => void)[] = []
  return {
    async acquire() {
      if (free > 0) free--
      else await new Promise<void>((resolve) => waiting.push(resolve))
      let released = false
      return () => {
        if (released) return
        released = true
        // A waiting send takes the permit over; otherwise it is free again.
        const next = waiting.shift()
        if (next) next()
        else free++
      }
    },
  }
}
