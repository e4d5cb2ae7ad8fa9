/** Gives back a permit; calling it again does nothing. */
export type ReleasePermit = () => void

export interface SendPermits {
  /** Waits for a free permit (first come, first served). */
  acquire(): Promise<ReleasePermit>
  /** An outcome could not be recorded (the database went away): sends stop until it answers. */
  recordingFailed(): void
  /**
   * Resolves when a send may start: at once, or, after a failed record, once `probe` (a query)
   * succeeds; rejects with the probe's error otherwise. Without it a job holding claimed
   * deliveries would go on sending them while no outcome can be written, and all of them would
   * go again once the database is back.
   */
  ready(probe: () => Promise<unknown>): Promise<void>
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
  let inDoubt = false
  return {
    recordingFailed() {
      inDoubt = true
    },
    async ready(probe) {
      if (!inDoubt) return
      await probe()
      inDoubt = false
    },
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
