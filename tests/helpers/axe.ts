import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/** axe-core's browser build, evaluated in the page through the DevTools protocol (the CSP allows no inline script). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
/** Structure rules axe files under best practice, held to as strictly: landmarks, headings, the main heading. */
export const STRUCTURE_RULES = [
  'heading-order',
  'landmark-one-main',
  'landmark-unique',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-main',
  'page-has-heading-one',
  'region',
]

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

const inFlight = new WeakMap<Page, Set<unknown>>()

/** Counts the page's requests in flight (Socket.IO's long-lived ones aside), for settle. */
export function watchRequests(page: Page): void {
  const pending = new Set<unknown>()
  inFlight.set(page, pending)
  page.on('request', (request) => {
    if (!request.url().includes('/socket.io/')) pending.add(request)
  })
  page.on('requestfinished', (request) => pending.delete(request))
  page.on('requestfailed', (request) => pending.delete(request))
}

/**
 * Opens a screen: a full load when asked, when the page is not the app (the server's newsletter
 * page) or for the server's own pages; otherwise the app's own client-side navigation, as a
 * click on a link does, which spares loading the app again. The old screen's headings are
 * marked, so settle waits for the new screen.
 */
export async function openScreen(page: Page, url: string, options: { reload?: boolean } = {}): Promise<void> {
  const target = new URL(url)
  const inApp = await page.evaluate(() => document.getElementById('app') !== null).catch(() => false)
  if (options.reload || !inApp || (target.pathname.startsWith('/newsletters/') && !/\/(edit|reach|new)$/.test(target.pathname))) {
    await page.goto(url)
    return
  }
  await page.evaluate((path) => {
    for (const heading of document.querySelectorAll('h1')) heading.dataset.before = 'true'
    history.pushState(null, '', path)
    dispatchEvent(new PopStateEvent('popstate'))
  }, `${target.pathname}${target.search}`)
}

/**
 * Waits until a screen of the web app has finished loading: its main heading is shown, no part
 * of it is still busy (aria-busy), and (for a page given to watchRequests) no request has been
 * in flight for 150 ms.
 */
export async function settle(page: Page): Promise<void> {
  await page.locator('h1:not([data-before])').first().waitFor({ timeout: 10_000 })
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, { timeout: 10_000 })
  const pending = inFlight.get(page)
  if (!pending) return
  for (let quiet = 0, waited = 0; quiet < 3 && waited < 5_000; waited += 50) {
    quiet = pending.size === 0 ? quiet + 1 : 0
    await page.waitForTimeout(50)
  }
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, { timeout: 10_000 })
}

/** Runs axe over the page; one line per failing element: rule, impact, target, where. */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const violations = (await page.evaluate(
    async ([tags, rules]) => {
      // @ts-expect-error axe is the global the evaluated axe-core source defines
      const axe = window.axe
      const rulesOn = Object.fromEntries(rules.map((id: string) => [id, { enabled: true }]))
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules: rulesOn, resultTypes: ['violations'] })
      return result.violations
    },
    [WCAG_TAGS, STRUCTURE_RULES] as const,
  )) as AxeViolation[]
  return violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact}) ${JSON.stringify(node.target)} on ${where}: ${v.help}; ${node.failureSummary ?? ''}`),
  )
}
