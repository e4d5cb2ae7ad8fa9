import type { Page } from 'playwright-core'
import t from 'tap'
import { openScreen, settle, watchRequests } from '../helpers/axe.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'
import { makeAccessibleSchool } from './accessibility-school.ts'

/**
 * Text at 200% (WCAG 1.4.4): with the text size doubled, the main screens, in both languages (the longest
 * text), on a 360px phone and a 1280px screen, have no horizontal scroll, no text cut off by a
 * box too small for it, and text that really is twice the size.
 * Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const s = await makeAccessibleSchool(ctx)
  await s.speak('both')
  const browser = await launchChromium(t)
  const forum = `/forum/${s.forumId}`
  const screens = {
    parent: ['/', '/messages', `/messages/${s.conversationId}`, '/newsletters', `/newsletters/${s.newsletterId}`, forum],
    forum: [`${forum}/items/${s.itemId}`, `${forum}/meetings/${s.meetingId}`, '/settings/notifications', '/notifications'],
    feo: ['/engagement', `/engagement/families/${s.familyId}`, '/newsletters/new', `/newsletters/${s.newsletterId}/reach`],
  }
  const pages: Record<keyof typeof screens, Page> = {
    parent: (await openPhone(t, browser, ctx, s.people.welsh)).page,
    forum: (await openPhone(t, browser, ctx, s.people.welsh)).page,
    feo: (await openPhone(t, browser, ctx, s.people.feo)).page,
  }
  const signedOut = await browser.newContext({ locale: 'cy-GB' })
  t.teardown(() => signedOut.close())
  const out = await signedOut.newPage()
  for (const page of [...Object.values(pages), out]) watchRequests(page)

  /**
   * Text at 200%: the root font size doubled on every document the tab opens, as a browser's
   * text size setting does (every size in the app's stylesheet is in rem or em, so it follows).
   */
  const doubleText = async (page: Page) => {
    const double = () => {
      const apply = () => {
        document.documentElement.style.fontSize = '200%'
      }
      if (document.documentElement) apply()
      else document.addEventListener('DOMContentLoaded', apply)
    }
    await page.addInitScript(double)
    await page.evaluate(double)
  }

  /** What does not fit: the page scrolling sideways, text cut off by its box or off the screen. */
  const lost = (page: Page) =>
    page.evaluate(() => {
      const found: string[] = []
      const root = document.documentElement
      if (root.scrollWidth > root.clientWidth) found.push(`${root.scrollWidth - root.clientWidth}px of horizontal scroll`)
      const name = (el: Element) =>
        `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`
      const scrollsSideways = (el: Element | null): boolean => {
        for (let node = el; node && node !== document.body; node = node.parentElement) {
          if (/auto|scroll/.test(getComputedStyle(node).overflowX)) return true
        }
        return false
      }
      for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el)
        if (el.closest('.visually-hidden, [hidden], .skip-link') || style.display === 'none') continue
        const clips = /hidden|clip/.test(style.overflowX + style.overflowY)
        // An ellipsis is a chosen preview (a message's first line), shown in full when opened; a
        // form control scrolls its own value, as it does at any size.
        const control = el.matches('input, textarea, select')
        if (clips && style.textOverflow !== 'ellipsis' && !control) {
          if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
            found.push(`${name(el)} cuts off its content (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`)
        }
        const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())
        if (!hasText || scrollsSideways(el)) continue
        const box = el.getBoundingClientRect()
        if (box.width > 0 && (box.right > root.clientWidth + 1 || box.left < -1))
          found.push(`${name(el)} "${el.textContent?.trim().slice(0, 30)}" is off the screen`)
      }
      return found
    })

  /** The size of the main text, in px; `normal` first undoes doubleText on this document. */
  const mainFontSize = (page: Page, normal: boolean) =>
    page.evaluate((normal) => {
      if (normal) document.documentElement.style.fontSize = ''
      return Number.parseFloat(getComputedStyle(document.querySelector('main p, main li, main label') ?? document.body).fontSize)
    }, normal)

  for (const width of [360, 1280]) {
    await t.test(`at ${width}px with text at 200%, the main screens lose nothing and do not scroll sideways`, async (t) => {
      const found: string[] = []
      const check = async (page: Page, path: string, who: string, reload: boolean) => {
        await openScreen(page, `${ctx.url}${path}`, { reload })
        await settle(page).catch((error: Error) => found.push(`not ready: ${error.message.split('\n')[0]} on ${path}`))
        found.push(...(await lost(page)).map((what) => `${what} on ${path} as ${who}`))
      }
      await Promise.all(
        Object.entries(pages).map(async ([who, page]) => {
          await page.setViewportSize({ width, height: width < 500 ? 640 : 900 })
          await page.goto(`${ctx.url}/`)
          await settle(page)
          // The tab may have text doubled already (the pass before): measure without it.
          const normal = await mainFontSize(page, true)
          await doubleText(page)
          let first = true
          for (const path of screens[who as keyof typeof screens]) {
            await check(page, path, who, first)
            first = false
          }
          await page.goto(`${ctx.url}/`)
          await settle(page)
          const doubled = await mainFontSize(page, false)
          if (doubled < normal * 1.9) found.push(`text went from ${normal}px to ${doubled}px only, as ${who}`)
        }),
      )
      await out.setViewportSize({ width, height: 640 })
      await doubleText(out)
      await check(out, '/', 'signed out', true)
      t.same(found, [], 'everything fits')
    })
  }
}
