import type { Page } from 'playwright-core'
import t from 'tap'
import { catalogs, type LanguageChoice } from '../../shared/i18n.ts'
import { axeViolations, openScreen, settle, watchRequests } from '../helpers/axe.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'
import { makeAccessibleSchool } from './accessibility-school.ts'

// Every screen, at three widths and in both languages, through axe: on a loaded two-CPU machine this
// file has taken 86 to 120 s, so it gets more than tap's default 120 s for a file.
t.setTimeout(300_000)

/**
 * WCAG 2.2 AA, checked by axe-core in headless Chromium over every screen of the web app (the
 * deep links of server/plugins/web.plugin.ts, the home page, the sign-in page signed out) and
 * the server's newsletter and unsubscribe pages, each seen by someone who has content on it: in
 * Welsh and in both on a 360px phone, in English on a 1280px screen. On every screen, too: the
 * document's language is right, every catalog sentence sits in an element of its own language
 * (with both, the English inside lang="en"), families are told they may write in Welsh, and
 * nothing scrolls sideways. Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
/** Who looks: signed out, or a role; `forum` is the same parent as `parent`, in a second tab. */
type Viewer = 'out' | 'parent' | 'forum' | 'teacher' | 'feo' | 'admin' | 'dsl'

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const s = await makeAccessibleSchool(ctx)
  const browser = await launchChromium(t)
  const forum = `/forum/${s.forumId}`
  const screens: [Viewer, string][] = [
    ['out', '/'],
    ['out', '/signin'],
    ['out', '/signin/verify'],
    ['out', '/invitation'],
    ['out', '/setup'],
    ['out', s.unsubscribePath],
    ['parent', '/'],
    ['parent', '/messages'],
    ['parent', `/messages/${s.conversationId}`],
    ['parent', '/notifications'],
    ['parent', '/settings'],
    ['parent', '/settings/notifications'],
    ['forum', '/newsletters'],
    ['forum', `/newsletters/${s.newsletterId}`],
    ['forum', '/forum'],
    ['forum', forum],
    ['forum', `${forum}/items/${s.itemId}`],
    ['forum', `${forum}/meetings/${s.meetingId}`],
    ['forum', '/forum-record'],
    ['teacher', '/'],
    ['teacher', '/messages'],
    ['teacher', `/messages/${s.conversationId}`],
    ['feo', '/'],
    ['feo', '/newsletters'],
    ['feo', '/newsletters/new'],
    ['feo', `/newsletters/${s.draftId}/edit`],
    ['feo', `/newsletters/${s.newsletterId}/reach`],
    ['feo', forum],
    ['feo', `${forum}/items/${s.itemId}`],
    ['feo', `${forum}/meetings/${s.meetingId}`],
    ['feo', '/engagement'],
    ['feo', `/engagement/families/${s.familyId}`],
    ['admin', '/admin'],
    ['admin', '/admin/deliveries'],
    ['dsl', '/safeguarding'],
  ]

  const user = {
    parent: s.people.welsh,
    forum: s.people.welsh,
    teacher: s.people.teacher,
    feo: s.people.feo,
    admin: s.people.admin,
    dsl: s.people.dsl,
  }
  const pages = {} as Record<Viewer, Page>
  for (const viewer of Object.keys(user) as (keyof typeof user)[]) pages[viewer] = (await openPhone(t, browser, ctx, user[viewer])).page
  const signedOut = await browser.newContext({ locale: 'en-GB' })
  t.teardown(() => signedOut.close())
  pages.out = await signedOut.newPage()
  for (const page of Object.values(pages)) watchRequests(page)

  /** Catalog sentences of one language that the other language never uses: text that must carry its own lang. */
  const onlyIn = (lng: 'cy' | 'en') => {
    const strings = (tree: unknown): string[] =>
      typeof tree === 'string' ? [tree] : tree && typeof tree === 'object' ? Object.values(tree).flatMap(strings) : []
    const other = new Set(strings(catalogs[lng === 'cy' ? 'en' : 'cy']))
    return strings(catalogs[lng]).filter((text) => text.length > 3 && !text.includes('{{') && !other.has(text))
  }
  const sentences = { cy: onlyIn('cy'), en: onlyIn('en') }

  /**
   * Text nodes that are exactly a catalog sentence of one language: how many of each language,
   * and those that sit in an element of another lang.
   */
  const languageOfText = (page: Page) =>
    page.evaluate((sentences) => {
      const wrong: string[] = []
      const seen = { cy: 0, en: 0 }
      const known = new Map([...sentences.cy.map((s) => [s, 'cy'] as const), ...sentences.en.map((s) => [s, 'en'] as const)])
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? ''
        const lng = known.get(text)
        if (!lng) continue
        seen[lng]++
        const marked = node.parentElement?.closest('[lang]')?.getAttribute('lang')
        if (marked !== lng) wrong.push(`"${text}" is ${lng} inside lang="${marked}"`)
      }
      return { wrong, seen }
    }, sentences)

  const welcome = { cy: catalogs.cy.web.welsh_welcome, en: catalogs.en.web.welsh_welcome }
  /** The server's newsletter page, whose language a signed-in reader chooses in its address. */
  const readingPage = (path: string) => path.startsWith(`/newsletters/${s.newsletterId}`) && !path.includes('/reach')

  for (const [width, languages] of [
    [360, ['cy', 'both']],
    [1280, ['en']],
  ] as const) {
    await t.test(`every screen at ${width}px has no WCAG 2.2 AA violation, in ${languages.join(', ')}`, async (t) => {
      const found: string[] = []
      for (const page of Object.values(pages)) await page.setViewportSize({ width, height: width < 500 ? 640 : 900 })
      for (const language of languages as readonly LanguageChoice[]) {
        await s.speak(language)
        await pages.out.goto(`${ctx.url}/signin`)
        await pages.out.evaluate((choice) => localStorage.setItem('cyswllt.language', choice), language)
        // The first screen of each tab loads the app again, so it reads the person's new language.
        const first = new Set(Object.keys(pages))
        // Each viewer in a browser tab of their own, side by side; each tab goes through its screens in turn.
        const check = async (viewer: Viewer, path: string) => {
          const page = pages[viewer]
          const where = `${path} as ${viewer}, ${language}, ${width}px`
          await openScreen(page, `${ctx.url}${readingPage(path) ? `${path}?lang=${language}` : path}`, {
            reload: first.has(viewer) || viewer === 'out',
          })
          first.delete(viewer)
          const settled = await settle(page).then(
            () => null,
            (error: Error) => error.message.split('\n')[0],
          )
          if (settled) found.push(`not ready: ${settled} on ${where}`)
          found.push(...(await axeViolations(page, where)))
          const lang = await page.evaluate(() => document.documentElement.lang)
          if (lang !== (language === 'en' ? 'en' : 'cy')) found.push(`<html lang="${lang}"> on ${where}`)
          const text = await languageOfText(page)
          found.push(...text.wrong.map((wrong) => `${wrong} on ${where}`))
          // With both, the English is there, and all of it is marked lang="en" (counted above).
          if (language === 'both' && text.seen.en === 0) found.push(`no English sentence found on ${where}`)
          const body = await page.locator('body').innerText()
          for (const lng of language === 'both' ? (['cy', 'en'] as const) : [language])
            if (!body.includes(welcome[lng])) found.push(`no ${lng} welcome to write in Welsh on ${where}`)
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
          if (overflow > 0) found.push(`${overflow}px of horizontal scroll on ${where}`)
        }
        await Promise.all(
          (Object.keys(pages) as Viewer[]).map(async (viewer) => {
            for (const [who, path] of screens) if (who === viewer) await check(viewer, path)
          }),
        )
      }
      t.same(found, [], `no violations on ${screens.length} screens`)
    })
  }
}
