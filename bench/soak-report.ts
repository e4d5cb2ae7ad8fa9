/**
 * The soak bench's measurements and report: memory samples of the server process (from its own
 * /metrics: prom-client's process and heap gauges), the least-squares trend over the second
 * half of the run, and the latency table per kind of request with ratios to the /healthz
 * baseline measured in the same run.
 */
import { quantileOf } from './ratio-table.ts'
import type { Recorder } from './soak-load.ts'

export interface MemorySample {
  /** Seconds since the measured run started. */
  at: number
  rssMb: number
  heapMb: number
}

const MB = 1024 * 1024

/** Reads RSS and used heap from the server's Prometheus metrics. */
export async function sampleMemory(url: string, at: number): Promise<MemorySample | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text()
    const gauge = (name: string) => Number(text.match(new RegExp(`^${name} ([0-9.e+]+)`, 'm'))?.[1] ?? Number.NaN)
    return { at, rssMb: gauge('process_resident_memory_bytes') / MB, heapMb: gauge('nodejs_heap_size_used_bytes') / MB }
  } catch {
    return undefined
  }
}

/** Least-squares slope of y over x (units of y per unit of x); NaN with fewer than two points. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length
  if (n < 2) return Number.NaN
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0)
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0)
  return sxx === 0 ? Number.NaN : sxy / sxx
}

/**
 * The trend in MB per minute over the second half of the samples, and whether it counts as
 * growth: memory projected over an hour at that slope adding more than 10% to the second
 * half's mean. The first half holds the warm-up (pools opening, caches and JIT filling).
 */
export function trendOf(samples: MemorySample[], pick: (s: MemorySample) => number) {
  const half = samples.filter((s) => s.at >= (samples.at(-1)?.at ?? 0) / 2)
  const perMinute = slope(half.map((s) => ({ x: s.at / 60, y: pick(s) })))
  const mean = half.reduce((sum, s) => sum + pick(s), 0) / Math.max(1, half.length)
  return { perMinute, points: half.length, growth: !(perMinute * 60 <= 0.1 * mean) }
}

const pad = (cells: string[][]) => {
  const widths = (cells[0] as string[]).map((_, i) => Math.max(...cells.map((c) => (c[i] as string).length)))
  return cells.map((c) => `  ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ')}`)
}

/** Prints the latency table, the error rate, memory at start and end with the trend, and the verdict. */
export function printSoakReport(header: string, recorder: Recorder, samples: MemorySample[]): { ok: boolean } {
  const baseline = recorder.kinds.get('baseline: GET /healthz')
  const baseP99 = baseline ? quantileOf(baseline.ms, 0.99) : Number.NaN
  const rows = [...recorder.kinds.entries()].sort(([a], [b]) =>
    a.startsWith('baseline') ? -1 : b.startsWith('baseline') ? 1 : a.localeCompare(b),
  )
  const cells = [['kind', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 ÷ /healthz p99', 'error codes']]
  let total = 0
  let errors = 0
  let worstP99 = 0
  for (const [kind, stats] of rows) {
    const q = (p: number) => quantileOf(stats.ms, p)
    total += stats.ms.length
    errors += stats.errors
    if (!kind.startsWith('baseline')) worstP99 = Math.max(worstP99, q(0.99))
    cells.push([
      kind,
      String(stats.ms.length),
      String(stats.errors),
      q(0.5).toFixed(1),
      q(0.95).toFixed(1),
      q(0.99).toFixed(1),
      q(1).toFixed(1),
      (q(0.99) / baseP99).toFixed(1),
      [...stats.codes].map(([code, n]) => `${code}×${n}`).join(' '),
    ])
  }
  console.log(header)
  for (const line of pad(cells)) console.log(line.trimEnd())
  const all = rows.filter(([k]) => !k.startsWith('baseline')).flatMap(([, s]) => s.ms)
  const rate = total === 0 ? 0 : errors / total
  console.log(
    `all requests but the baseline: ${all.length}, p50 ${quantileOf(all, 0.5).toFixed(1)} ms, p99 ${quantileOf(all, 0.99).toFixed(1)} ms ` +
      `(${(quantileOf(all, 0.99) / baseP99).toFixed(1)}× the /healthz p99 of ${baseP99.toFixed(1)} ms); worst kind's p99 ${worstP99.toFixed(1)} ms`,
  )
  console.log(`error rate: ${errors} of ${total} (${(rate * 100).toFixed(3)}%), goal 0: ${errors === 0 ? 'met' : 'NOT met'}`)

  samples.sort((a, b) => a.at - b.at)
  const first = samples[0]
  const last = samples.at(-1)
  const rss = trendOf(samples, (s) => s.rssMb)
  const heap = trendOf(samples, (s) => s.heapMb)
  if (first && last) {
    console.log(
      `memory of the server process (${samples.length} samples every ${samples.length > 1 ? ((last.at - first.at) / (samples.length - 1)).toFixed(0) : '?'} s): ` +
        `RSS ${first.rssMb.toFixed(0)} MB at start, ${last.rssMb.toFixed(0)} MB at the end; heap used ${first.heapMb.toFixed(0)} MB, ${last.heapMb.toFixed(0)} MB`,
    )
    console.log(
      `  samples (s: RSS/heap MB): ${samples.map((s) => `${s.at.toFixed(0)}: ${s.rssMb.toFixed(0)}/${s.heapMb.toFixed(0)}`).join(', ')}`,
    )
    console.log(
      `trend over the second half (${heap.points} samples, least squares): RSS ${rss.perMinute.toFixed(2)} MB/min, heap ${heap.perMinute.toFixed(2)} MB/min; ` +
        `goal no growth trend (an hour at that slope adds under 10% of the second half's mean): ` +
        `${rss.growth || heap.growth ? 'NOT met' : 'met'}${heap.points < 10 ? ' (too few samples to judge: run longer)' : ''}`,
    )
  }
  return { ok: errors === 0 && !rss.growth && !heap.growth }
}
