/**
 * The messaging bench's goals, and the lines it prints for latency, memory and the goals (the
 * throughput table is ratio-table.ts's).
 */
import type { Paced } from './messaging-load.ts'
import { percentile } from './ratio-table.ts'

export const GOALS = {
  /** Persisted messages per second over raw echo acks per second: at least this. */
  throughput: 0.3,
  /** Send-to-receive p99 at half the persisted peak: under this many ms. */
  p99Ms: 100,
  /** Memory per idle authenticated connection over a raw plain one: under this. */
  memory: 1.5,
}

/** A server process's growth per connection, in bytes. */
export interface Memory {
  rss: number
  heap: number
}

/** Growth per connection from none to all, and from half to all (the marginal cost, which the goal is judged on). */
export interface IdleMemory {
  total: Memory
  marginal: Memory
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const verdict = (met: boolean) => (met ? 'PASS' : 'BELOW')
const met = (ok: boolean) => (ok ? 'met' : 'NOT met')

/** Prints the latency figures; true when the goal is met (and nothing was refused or lost). */
export function printLatency(paced: Paced, seconds: number): boolean {
  const p50 = percentile(paced.latencies, 0.5)
  const p99 = percentile(paced.latencies, 0.99)
  const ok = p99 < GOALS.p99Ms && paced.missing === 0 && paced.errors.size === 0
  const refused = [...paced.errors].map(([code, n]) => `${code} ${n}`).join(', ')
  console.log(
    `send to receive, paced to half the persisted peak: ${paced.rate.toFixed(0)} messages/s for ${seconds} s, ` +
      `${paced.latencies.length} received${paced.missing ? `, ${paced.missing} never received` : ''}${refused ? `, refused: ${refused}` : ''}`,
  )
  console.log(
    `  p50 ${p50.toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  max ${(paced.latencies.at(-1) ?? Number.NaN).toFixed(1)} ms  ` +
      `goal p99 < ${GOALS.p99Ms} ms  ${verdict(ok)}`,
  )
  return ok
}

/**
 * Prints memory per idle connection and judges the marginal cost (half to all connections):
 * heap is the live JS objects a connection keeps; RSS also holds pages the allocators kept, so
 * both are shown and both must meet the goal. The growth from no connections is shown as well.
 */
export function printMemory(raw: IdleMemory, app: IdleMemory, connections: number, people: number): { heap: boolean; rss: boolean } {
  const heapRatio = app.marginal.heap / raw.marginal.heap
  const rssRatio = app.marginal.rss / raw.marginal.rss
  const figures = (m: IdleMemory) =>
    `heap ${kb(m.marginal.heap)}  RSS ${kb(m.marginal.rss)}   (from none: heap ${kb(m.total.heap)}  RSS ${kb(m.total.rss)})`
  console.log(`memory per idle connection, ${connections} connections in the server process, after full GCs, from half to all:`)
  console.log(`  raw Socket.IO, plain connections               ${figures(raw)}`)
  console.log(`  app, authenticated (sessions of ${people} people)  ${figures(app)}`)
  console.log(
    `  ratio heap ${heapRatio.toFixed(2)} ${verdict(heapRatio < GOALS.memory)}, RSS ${rssRatio.toFixed(2)} ${verdict(rssRatio < GOALS.memory)}` +
      `  (goal < ${GOALS.memory})`,
  )
  return { heap: heapRatio < GOALS.memory, rss: rssRatio < GOALS.memory }
}

export function printGoals(throughputRatio: number, latency: boolean, memory: { heap: boolean; rss: boolean }) {
  console.log(
    `goals: throughput ≥ ${GOALS.throughput} ${met(throughputRatio >= GOALS.throughput)}; ` +
      `p99 < ${GOALS.p99Ms} ms ${met(latency)}; ` +
      `memory < ${GOALS.memory}x raw ${memory.heap && memory.rss ? 'met' : `${met(memory.heap)} on heap, ${met(memory.rss)} on RSS`}`,
  )
}
