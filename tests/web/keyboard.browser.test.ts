import type { Page } from 'playwright-core'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import { openScreen, settle, watchRequests } from '../helpers/axe.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'
import { makeAccessibleSchool } from './accessibility-school.ts'

/**
 * The web app by keyboard alone (WCAG 2.1.1, 2.4.1, 2.4.7): a Welsh-speaking parent signs in,
 * opens their messages and sends one with Tab and Enter only, seeing where focus is at every
 * step; and on the main screens every control is reached by Tab and shows a focus ring.
 * Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const { cy } = catalogs

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const s = await makeAccessibleSchool(ctx)
  await s.speak('cy')
  const browser = await launchChromium(t)

  /** The focused element: a short description, and whether a focus ring shows (outline or shadow). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el || el === document.body) return { name: 'body', tag: 'body', ring: true }
      el.dataset.reached = 'true'
      const style = getComputedStyle(el)
      const ring = (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none'
      const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''
      const kind = el instanceof HTMLInputElement ? `[type=${el.type}]` : ''
      return { name: `${el.tagName.toLowerCase()}${kind}${el.id ? `#${el.id}` : ''} "${label}"`, tag: el.tagName.toLowerCase(), ring }
    })
  const noRing: string[] = []
  /** Presses Tab until the focused element matches, at most `max` times; every stop must show its focus. */
  const tabTo = async (page: Page, selector: string, max = 40) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab')
      const now = await focused(page)
      if (!now.ring) noRing.push(`${now.name} on ${new URL(page.url()).pathname}`)
      if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, selector)) return
    }
    throw new Error(`${selector} not reached by Tab on ${page.url()}`)
  }

  await t.test('a parent signs in, opens a conversation and sends a message with Tab and Enter only', async (t) => {
    const context = await browser.newContext({ locale: 'cy-GB', viewport: { width: 360, height: 640 } })
    t.teardown(() => context.close())
    const page = await context.newPage()
    await page.goto(`${ctx.url}/`)
    await page.getByRole('heading', { level: 1 }).waitFor()

    await page.keyboard.press('Tab')
    const skip = await focused(page)
    t.equal(skip.name, `a "${cy.web.skip_to_main}"`, 'the first Tab stop is the skip link')
    t.ok(await page.locator('.skip-link').isVisible(), 'which shows when it has focus')
    await page.keyboard.press('Enter')
    await tabTo(page, 'input[type="email"]', 5)
    t.pass('the skip link leads straight to the sign-in form')
    await page.keyboard.type(s.people.welsh.email as string)
    await page.keyboard.press('Enter')
    await page.getByText(cy.web.sign_in.sent).waitFor()

    // Earlier mail (the newsletter, forum notices) may come first: the sign-in link is in the one that has it.
    let link: string | undefined
    while (!link) {
      const mail = await ctx.mail.next(s.people.welsh.email as string, 20_000)
      link = mail.text.match(/https?:\/\/\S+\/signin\/verify\?token=[^\s"<>]+/)?.[0]
    }
    await page.goto(link) // as when the link is opened from the email
    await page.waitForURL(`${ctx.url}/`)
    await page.getByRole('heading', { level: 1 }).waitFor()

    await tabTo(page, 'main a[href="/messages"]')
    await page.keyboard.press('Enter')
    await page.waitForURL(`${ctx.url}/messages`)
    await tabTo(page, `a[href="/messages/${s.conversationId}"]`)
    await page.keyboard.press('Enter')
    await page.waitForURL(`${ctx.url}/messages/${s.conversationId}`)
    await page.locator('ol.thread li.message').first().waitFor()

    const text = 'Diolch! Fe ddaw Osian â phecyn bwyd.'
    await tabTo(page, 'textarea')
    t.equal(
      await page.evaluate(() => {
        const box = document.activeElement as HTMLTextAreaElement | null
        return box?.getAttribute('aria-label') ?? box?.labels?.[0]?.textContent
      }),
      cy.web.messaging.thread.compose_label,
      'the send box is named',
    )
    await page.keyboard.type(text)
    await tabTo(page, 'form.compose button[type="submit"]', 10)
    await page.keyboard.press('Enter')
    // Stored, not still in the outbox (a pending copy shows at once).
    await page.locator('ol.thread li.message.mine:not(.pending)').filter({ hasText: text }).waitFor()
    const sent = await ctx.app.inject({
      method: 'GET',
      url: `/api/schools/${ctx.school.id}/conversations/${s.conversationId}/messages`,
      headers: (await ctx.signIn(s.people.teacher, ctx.school.id)).get,
    })
    t.match(sent.body, text, 'the message reached the server')
    t.same(noRing, [], 'every Tab stop showed where focus was')
  })

  await t.test('on the main screens every control is reached by Tab and shows a focus ring', async (t) => {
    const screens: [keyof typeof viewers, string][] = [
      ['parent', '/'],
      ['parent', `/messages/${s.conversationId}`],
      ['parent', '/settings/notifications'],
      ['parent', `/forum/${s.forumId}/items/${s.itemId}`],
      ['feo', '/newsletters/new'],
      ['feo', '/engagement'],
      ['feo', `/forum/${s.forumId}/meetings/${s.meetingId}`],
    ]
    const viewers = {
      parent: (await openPhone(t, browser, ctx, s.people.welsh)).page,
      feo: (await openPhone(t, browser, ctx, s.people.feo)).page,
    }
    for (const page of Object.values(viewers)) watchRequests(page)
    const missed: string[] = []
    for (const [who, path] of screens) {
      const page = viewers[who]
      await openScreen(page, `${ctx.url}${path}`, { reload: true })
      await settle(page)
      // From the top of the page, Tab through to the end (focus leaves the page or comes round again).
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press('Tab')
        const now = await focused(page)
        if (!now.ring) missed.push(`no focus ring on ${now.name} on ${path}`)
        if (now.tag === 'body' || (i > 0 && (await page.evaluate(() => document.activeElement?.classList.contains('skip-link'))))) break
      }
      const unreached = await page.evaluate(() => {
        const controls = document.querySelectorAll<HTMLElement>(
          'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex="0"]',
        )
        const reachedRadio = new Set(
          [...document.querySelectorAll<HTMLInputElement>('input[type="radio"][data-reached]')].map((radio) => radio.name),
        )
        return [...controls]
          .filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0 && !el.closest('.visually-hidden, [inert]'))
          .filter((el) => !el.dataset.reached && !(el instanceof HTMLInputElement && el.type === 'radio' && reachedRadio.has(el.name)))
          .map((el) => `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}"`)
      })
      missed.push(...unreached.map((name) => `${name} not reached by Tab on ${path}`))
    }
    t.same(missed, [], `every control of ${screens.length} screens`)
  })
}
