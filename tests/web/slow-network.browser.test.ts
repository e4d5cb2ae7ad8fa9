import type { BrowserContext, Page } from 'playwright-core'
import t from 'tap'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'
import { LAST_MESSAGE, makeReadingSchool } from './reading-school.ts'

/**
 * Light on old phones and small data plans (issue 8): on a 360x640 screen with the network
 * throttled to slow 3G, a parent opens a newsletter from the link in its email and can read it
 * (its title shows) within 5 seconds, with its photo resized and in WebP; a conversation opened
 * from its address is timed and reported. The app's scripts arrive compressed. Then the main
 * parent pages fit a 360 px wide screen (nothing scrolls sideways). Every browser context starts
 * with an empty cache. Needs web/dist (npm run build:web) and /usr/bin/chromium.
 *
 * The one timed assertion is the acceptance check, with the profile stated; the times
 * are printed as test comments.
 */
const SLOW_3G = {
  offline: false,
  latency: 400, // ms added to each round trip
  downloadThroughput: (400 * 1000) / 8, // 400 kbit/s, in bytes per second
  uploadThroughput: (400 * 1000) / 8,
}
const NEWSLETTER_BUDGET_MS = 5000

async function throttle(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
}

/** Bytes of scripts and of everything the page received (as sent over the wire), and their encodings. */
function countTransfer(page: Page) {
  const totals = { script: 0, all: 0, encodings: new Set<string>() }
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => null)
    const bytes = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0
    totals.all += bytes
    if (request.resourceType() === 'script') {
      totals.script += bytes
      totals.encodings.add((await request.response())?.headers()['content-encoding'] ?? 'none')
    }
  })
  return totals
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const browser = await launchChromium(t)
  const { parent, newsletterId, link, photo, conversationId } = await makeReadingSchool(ctx)

  await t.test('on slow 3G at 360x640 a parent opens the newsletter from its email and reads it in under 5 s', async (t) => {
    const context = await browser.newContext({ locale: 'cy-GB', viewport: { width: 360, height: 640 } })
    t.teardown(() => context.close())
    const page = await context.newPage()
    await throttle(context, page)
    const transfer = countTransfer(page)
    const started = Date.now()
    await page.goto(link, { waitUntil: 'commit' })
    await page.locator('article h1', { hasText: 'Newyddion yr wythnos' }).waitFor({ state: 'visible' })
    const readable = Date.now() - started
    t.comment(`slow 3G (400 kbit/s each way, 400 ms RTT), 360x640: newsletter title visible after ${readable} ms`)
    t.ok(readable < NEWSLETTER_BUDGET_MS, `the title shows in under ${NEWSLETTER_BUDGET_MS} ms (took ${readable} ms)`)
    t.equal(transfer.script, 0, 'the reading page loads no script')

    const img = page.locator('article img')
    await page.waitForFunction(
      () => {
        const shown = document.querySelector('article img') as HTMLImageElement | null
        return shown?.complete && shown.naturalWidth > 0
      },
      null,
      { timeout: 60_000 },
    )
    const loaded = Date.now() - started
    const currentSrc = await img.evaluate((el: HTMLImageElement) => el.currentSrc)
    t.match(currentSrc, /\?w=480&r=/, 'a 360 px screen gets the 480 px copy (with the reader’s token)')
    const response = await page.request.get(currentSrc, { headers: { accept: 'image/avif,image/webp,*/*' } })
    t.equal(response.headers()['content-type'], 'image/webp', 'in WebP')
    const bytes = (await response.body()).length
    t.ok(bytes < photo.length / 10, `the photo weighs ${kb(bytes)} instead of ${kb(photo.length)}`)
    t.comment(
      `photo ${kb(photo.length)} as sent, ${kb(bytes)} as shown; page and photo loaded after ${loaded} ms, ${kb(transfer.all)} in all`,
    )
  })

  await t.test('on slow 3G a signed-in parent opens a conversation from its address; the time is reported', async (t) => {
    const { page, context, errors } = await openPhone(t, browser, ctx, parent)
    await throttle(context, page)
    const transfer = countTransfer(page)
    const started = Date.now()
    await page.goto(`${ctx.url}/messages/${conversationId}`, { waitUntil: 'commit' })
    await page.getByText(LAST_MESSAGE).waitFor({ state: 'visible', timeout: 60_000 })
    const readable = Date.now() - started
    t.comment(
      `slow 3G, 360x640: conversation readable after ${readable} ms; ${kb(transfer.script)} of script (${[...transfer.encodings].join(', ')}), ${kb(transfer.all)} in all`,
    )
    t.ok(transfer.script > 0 && transfer.script < 100 * 1024, `the script downloaded is under 100 KB (${kb(transfer.script)})`)
    t.notOk(transfer.encodings.has('none'), 'every script arrived compressed')
    t.same(errors, [], 'no uncaught errors')
  })

  await t.test('the main parent pages fit a 360 px wide screen', async (t) => {
    const { page, errors } = await openPhone(t, browser, ctx, parent)
    const pages: [string, string][] = [
      ['/', 'main h1'],
      ['/messages', `a[href="/messages/${conversationId}"]`],
      [`/messages/${conversationId}`, 'ol.thread li.message'],
      ['/newsletters', `.received-list li[data-id="${newsletterId}"]`],
      ['/notifications', 'main h1'],
      ['/settings/notifications', 'main h1'],
      [`/newsletters/${newsletterId}`, 'article img'],
    ]
    for (const [path, ready] of pages) {
      await page.goto(`${ctx.url}${path}`)
      await page.locator(ready).first().waitFor()
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
      const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)
      t.ok(width <= 360, `${path} is ${width} px wide`)
    }
    t.same(errors, [], 'no uncaught errors')
  })
}
