/** One mode of a bench: how many items, and how long each round took. */
export interface Row {
  mode: string
  count: number
  /** Milliseconds per round; the median is what counts. */
  rounds: number[]
  /** The raw baseline this mode is compared with (same channel, same run, rounds taken in turn with these). */
  baseline?: Row
  /** The ratio this mode should reach: its rate divided by the baseline's. */
  goal?: number
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

const perSecond = (row: Row) => (row.count / median(row.rounds)) * 1000

/**
 * The median of the per-round ratios (this mode's rate over the baseline's in the same round):
 * rounds next to each other see the same load from the rest of the machine, so this is steadier
 * than a ratio of medians when something else is busy too.
 */
export function ratioOf(row: Row): number | undefined {
  const base = row.baseline
  if (!base) return undefined
  return median(row.rounds.map((ms, i) => (base.rounds[i] as number) / ms))
}

/** Prints rows as a table: median seconds and rate, ratio to the baseline, goal, PASS or BELOW, and every round. */
export function printTable(title: string, rows: Row[]) {
  const cells = rows.map((r) => {
    const ratio = ratioOf(r)
    return [
      r.mode,
      String(r.count),
      (median(r.rounds) / 1000).toFixed(3),
      perSecond(r).toFixed(0),
      ratio === undefined ? '' : ratio.toFixed(2),
      r.goal === undefined ? '' : `≥ ${r.goal.toFixed(2)}`,
      ratio === undefined || r.goal === undefined ? '' : ratio >= r.goal ? 'PASS' : 'BELOW',
      r.rounds.map((ms) => (ms / 1000).toFixed(2)).join(' '),
    ]
  })
  const header = ['mode', 'count', 'seconds', 'per second', 'ratio', 'goal', 'result', 'rounds (s)']
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)))
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 || i === c.length - 1 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ')
  console.log(title)
  console.log(`  ${line(header)}`.trimEnd())
  for (const c of cells) console.log(`  ${line(c)}`.trimEnd())
}

/** The p-quantile (0..1) of sorted values, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number
}

/** The q-quantile (0..1) of unsorted samples, nearest rank. */
export const quantileOf = (samples: number[], q: number) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    q,
  )

/** One kind of request of a latency bench: how long each took, in ms. */
export interface LatencyRow {
  mode: string
  samples: number[]
  /** Size of the last answer, when it is worth showing. */
  bytes?: number
  /** The p95 this mode should stay under, in ms. */
  goalMs?: number
}

/**
 * Prints latencies as a table: p50, p95, p99 and max in ms, then the p95 as a ratio to each
 * baseline's p95 (measured in the same run, requests taken in turn with these), the goal and
 * PASS or ABOVE. A baseline row shows 1.00 in its own column.
 */
export function printLatencyTable(title: string, rows: LatencyRow[], baselines: { label: string; row: LatencyRow }[]) {
  const p = (row: LatencyRow, q: number) => quantileOf(row.samples, q)
  const cells = rows.map((r) => {
    const p95 = p(r, 0.95)
    return [
      r.mode,
      String(r.samples.length),
      ...[0.5, 0.95, 0.99, 1].map((q) => p(r, q).toFixed(1)),
      r.bytes === undefined ? '' : String(r.bytes),
      ...baselines.map((b) => (p95 / p(b.row, 0.95)).toFixed(1)),
      r.goalMs === undefined ? '' : `< ${r.goalMs}`,
      r.goalMs === undefined ? '' : p95 < r.goalMs ? 'PASS' : 'ABOVE',
    ]
  })
  const header = [
    'mode',
    'requests',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'bytes',
    ...baselines.map((b) => `p95 ÷ ${b.label}`),
    'goal p95',
    'result',
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)))
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ')
  console.log(title)
  console.log(`  ${line(header)}`.trimEnd())
  for (const c of cells) console.log(`  ${line(c)}`.trimEnd())
}
