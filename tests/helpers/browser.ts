import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

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
