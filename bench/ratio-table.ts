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
