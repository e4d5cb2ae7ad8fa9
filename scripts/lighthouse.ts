/**
 * Lighthouse (mobile) on what a parent reads: the newsletter page opened from the link in its
 * email, and a conversation opened signed in. Run as `npm run lighthouse` (which builds the web
 * app first); the scores go in the README's Performance section.
 *
 * It starts the real app (server and workers) on a port of its own against the test services
 * (PostgreSQL on 127.0.0.1:5432, database `test` or TEST_DATABASE_URL, in a scratch database
 * dropped at the end; Redis on 127.0.0.1:6379 under a key prefix of its own), with the school of
 * tests/web/reading-school.ts: a newsletter with a phone photo, sent, and a conversation.
 * Chromium is Debian's (CHROME_PATH, default /usr/bin/chromium; nothing is downloaded), started
 * by chrome-launcher with `--headless=new --no-sandbox`. Lighthouse's default mobile settings:
 * a Moto G Power sized screen, 4x CPU slowdown, simulated slow 4G (150 ms RTT, 1.6 Mbit/s).
 * Each page is measured LIGHTHOUSE_RUNS times (default 3); the median is printed. With
 * LIGHTHOUSE_REPORTS=<folder> each run's full report is kept there as JSON.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { setup } from '../tests/helpers/setup.ts'
import { makeReadingSchool } from '../tests/web/reading-school.ts'

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3)
/** A folder to keep each run's full report in (JSON, for the Lighthouse viewer), if given. */
const REPORTS = process.env.LIGHTHOUSE_REPORTS
const CATEGORIES = ['performance', 'accessibility'] as const
const METRICS = {
  'first-contentful-paint': 'FCP',
  'largest-contentful-paint': 'LCP',
  'total-blocking-time': 'TBT',
  'cumulative-layout-shift': 'CLS',
  'total-byte-weight': 'bytes',
} as const

if (!existsSync(new URL('../web/dist/index.html', import.meta.url))) {
  console.error('lighthouse: web/dist is missing: run "npm run build:web" first')
  process.exit(1)
}
if (!existsSync(CHROME_PATH)) {
  console.error(`lighthouse: no Chromium at ${CHROME_PATH} (set CHROME_PATH)`)
  process.exit(1)
}

const teardowns: (() => unknown)[] = []
const ctx = await setup({ teardown: (fn) => teardowns.unshift(fn) }, { listen: true })
const chrome = await chromeLauncher.launch({
  chromePath: CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
})

interface Row {
  page: string
  scores: Record<(typeof CATEGORIES)[number], number>
  metrics: string
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

async function measure(page: string, url: string, extraHeaders?: Record<string, string>): Promise<Row> {
  const runs: Row[] = []
  for (let run = 1; run <= RUNS; run++) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
      extraHeaders,
    })
    if (!result) throw new Error(`lighthouse gave no result for ${page}`)
    const { lhr } = result
    if (REPORTS) {
      mkdirSync(REPORTS, { recursive: true })
      writeFileSync(`${REPORTS}/${page.split(' ')[0]}-${run}.json`, JSON.stringify(lhr))
    }
    if (run === 1) console.log(`  Lighthouse ${lhr.lighthouseVersion}, ${lhr.environment.hostUserAgent}`)
    if (lhr.runtimeError) throw new Error(`${page}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
    const score = (category: (typeof CATEGORIES)[number]) => Math.round((lhr.categories[category]?.score ?? 0) * 100)
    const metrics = Object.entries(METRICS)
      .map(([id, name]) => `${name} ${lhr.audits[id]?.displayValue ?? '?'}`)
      .join(', ')
    const row = { page, scores: { performance: score('performance'), accessibility: score('accessibility') }, metrics }
    console.log(`  ${page}, run ${run}: performance ${row.scores.performance}, accessibility ${row.scores.accessibility} (${metrics})`)
    for (const warning of lhr.runWarnings) console.log(`    warning: ${warning}`)
    runs.push(row)
  }
  const middle = median(runs.map((r) => r.scores.performance))
  const chosen = runs.find((r) => r.scores.performance === middle) ?? (runs[0] as Row)
  return { ...chosen, scores: { performance: middle, accessibility: median(runs.map((r) => r.scores.accessibility)) } }
}

try {
  const school = await makeReadingSchool(ctx)
  console.log(`Lighthouse (mobile, default throttling) on ${CHROME_PATH}, ${RUNS} runs per page`)
  const rows = [
    await measure('newsletter (from the email link)', school.link),
    await measure('conversation (signed in)', `${ctx.url}/messages/${school.conversationId}`, { Cookie: school.sessions.parent.cookie }),
  ]
  console.log('\n| page | performance | accessibility | median run |')
  console.log('|---|---|---|---|')
  for (const row of rows) console.log(`| ${row.page} | ${row.scores.performance} | ${row.scores.accessibility} | ${row.metrics} |`)
} finally {
  chrome.kill()
  for (const teardown of teardowns) await teardown()
}
