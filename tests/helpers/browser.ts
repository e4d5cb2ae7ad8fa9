import { existsSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import type { TestContext } from './setup.ts'

/** Debian's chromium (never downloaded), driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium'
const dist = new URL('../../web/dist/index.html', import.meta.url).pathname

/** Why a browser test cannot run here, or null when it can (the built web app and Chromium exist). */
export function browserMissing(): string | null {
  if (!existsSync(dist)) return 'web/dist is missing: run "npm run build:web" first'
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}`
  return null
}

/** Headless Chromium, closed in the test's teardown. */
export async function launchChromium(t: { teardown(fn: () => unknown): void }): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  t.teardown(() => browser.close())
  return browser
}

/**
 * A phone-sized browser context (360x640) of its own for one person of the test's school,
 * signed in with a session cookie made by the factory; closed in teardown. Page errors are
 * collected so a test can assert there were none.
 */
export async function openPhone(
  t: { teardown(fn: () => unknown): void },
  browser: Browser,
  ctx: Pick<TestContext, 'signIn' | 'school' | 'url'>,
  user: { id: string },
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const session = await ctx.signIn(user, ctx.school.id)
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 640 } })
  t.teardown(() => context.close())
  const token = session.cookie.slice(session.cookie.indexOf('=') + 1)
  await context.addCookies([{ name: 'cyswllt_session', value: token, url: ctx.url, httpOnly: true, sameSite: 'Lax' }])
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  return { page, context, errors }
}
