/**
 * The newsletter bench's printout: the throughput table (ratio-table.ts), the event-loop delay
 * per round, where the time went in each round, and whether each goal is met.
 */
import type { JobSpan, Lag, RowMoments } from './newsletters-watch.ts'
import { median, printTable, type Row, ratioOf } from './ratio-table.ts'

export const GOALS = { ratio: 0.7, lagP99Ms: 50 }

/** One send of the newsletter to the whole school; times in ms from the send request. */
export interface SendRound {
  /** The send request answered (202). */
  accepted: number
  moments: RowMoments
  /** The SMTP sink has every email. */
  lastEmail: number
  /** After the queues settled: emails the sink received, and email deliveries recorded as sent. */
  emails: { received: number; recorded: number }
  /** From the send request until every notification exists (the fan-out job's own work). */
  lagNotify: Lag
  /** From the send request until every delivery row exists. */
  lagFanOut: Lag
  /** From the send request until the last email. */
  lagWhole: Lag
  /** The newsletter's sent_at (set once its recipients are resolved) and fanned_out_at (every recipient has a notification). */
  recipientsResolved: number | null
  fanOutFinished: number | null
  fanOutJob: JobSpan | null
  dispatch: JobSpan | null
  deliver: JobSpan | null
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(0))
const lagCell = (l: Lag) => `${l.p50.toFixed(1)} / ${l.p99.toFixed(1)} / ${l.max.toFixed(1)}`

/** Lines of label and one value per round, aligned. */
function printColumns(title: string, lines: [string, string[]][]) {
  const width = Math.max(...lines.map(([label]) => label.length))
  const cells = Math.max(...lines.flatMap(([, values]) => values.map((v) => v.length)))
  console.log(title)
  for (const [label, values] of lines) console.log(`  ${label.padEnd(width)}  ${values.map((v) => v.padStart(cells)).join('  ')}`)
}

function spanLines(name: string, pick: (r: SendRound) => JobSpan | null, rounds: SendRound[]): [string, string[]][] {
  const of = (f: (s: JobSpan) => number) => rounds.map((r) => ms(pick(r) ? f(pick(r) as JobSpan) : null))
  return [
    [`${name}: jobs`, rounds.map((r) => String(pick(r)?.jobs ?? 0))],
    [`${name}: first added to BullMQ`, of((s) => s.firstAdded)],
    [`${name}: first started`, of((s) => s.firstStarted)],
    [`${name}: last finished`, of((s) => s.lastFinished)],
    [`${name}: mean wait in the queue`, of((s) => s.waited)],
    [`${name}: running time, summed`, of((s) => s.busy)],
  ]
}

export function printNewsletterReport(r: { title: string; recipients: number; rawRounds: number[]; sends: SendRound[] }) {
  const { sends } = r
  const raw: Row = { mode: 'raw BullMQ addBulk (jobs)', count: r.recipients, rounds: r.rawRounds }
  const fanOut: Row = {
    mode: 'send to all deliveries created (recipients)',
    count: r.recipients,
    rounds: sends.map((s) => s.moments.delivered),
    baseline: raw,
    goal: GOALS.ratio,
  }
  const emails: Row = { mode: 'send to all emails at the SMTP sink (emails)', count: r.recipients, rounds: sends.map((s) => s.lastEmail) }
  printTable(r.title, [raw, fanOut, emails])

  console.log('')
  printColumns('event-loop delay of the app and workers process, ms: p50 / p99 / max (one column per round)', [
    ['send to all notifications created', sends.map((s) => lagCell(s.lagNotify))],
    ['send to all deliveries created (the goal)', sends.map((s) => lagCell(s.lagFanOut))],
    ['send to the last email', sends.map((s) => lagCell(s.lagWhole))],
  ])

  console.log('')
  printColumns('where the time went, ms from the send request (one column per round)', [
    ['send request answered (202)', sends.map((s) => ms(s.accepted))],
    ['fan-out job added to BullMQ (relay)', sends.map((s) => ms(s.fanOutJob?.firstAdded))],
    ['fan-out job started', sends.map((s) => ms(s.fanOutJob?.firstStarted))],
    ['recipients resolved (sent_at)', sends.map((s) => ms(s.recipientsResolved))],
    ['first notification committed', sends.map((s) => ms(s.moments.firstNotification))],
    ['all notifications committed', sends.map((s) => ms(s.moments.notified))],
    ['fan-out job finished (fanned_out_at)', sends.map((s) => ms(s.fanOutFinished))],
    ['first delivery row', sends.map((s) => ms(s.moments.firstDelivery))],
    ['all delivery rows', sends.map((s) => ms(s.moments.delivered))],
    ['last email at the sink', sends.map((s) => ms(s.lastEmail))],
    ['emails received / recorded as sent', sends.map((s) => `${s.emails.received} / ${s.emails.recorded}`)],
    ['row-count polls: how many / mean ms each', sends.map((s) => `${s.moments.polls} / ${s.moments.pollMs.toFixed(1)}`)],
    ...spanLines('dispatch', (s) => s.dispatch, sends),
    ...spanLines('deliver', (s) => s.deliver, sends),
  ])

  const ratio = ratioOf(fanOut) ?? 0
  const lagP99 = median(sends.map((s) => s.lagFanOut.p99))
  const emailsPerSecond = (r.recipients / median(emails.rounds)) * 1000
  console.log('')
  console.log('goals')
  console.log(`  deliveries created / raw addBulk: ${ratio.toFixed(2)} (goal ≥ ${GOALS.ratio}): ${ratio >= GOALS.ratio ? 'PASS' : 'BELOW'}`)
  console.log(
    `  event-loop delay p99 during fan-out: ${lagP99.toFixed(1)} ms, median of rounds (goal < ${GOALS.lagP99Ms} ms): ` +
      `${lagP99 < GOALS.lagP99Ms ? 'PASS' : 'ABOVE'}`,
  )
  console.log(`  end to end: ${emailsPerSecond.toFixed(0)} emails per second (no goal)`)
  const uneven = sends.filter((s) => s.emails.received !== r.recipients || s.emails.recorded !== r.recipients)
  if (uneven.length > 0) console.log(`  MISMATCH: ${uneven.length} round(s) did not send each recipient exactly one email`)
}
