import t from 'tap'
import { catalogs, type LanguageChoice } from '../../shared/i18n.ts'
import { engagementWriters } from '../engagement/fixtures.ts'
import { browserMissing, launchChromium } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * Welsh first (Welsh Language Standards): a first visit whose browser states no language, or
 * none of ours, shows Welsh and English, Welsh first; the language switch names each language in
 * itself whatever the page's language; the newsletter page does the same, and every page says
 * that families are welcome to write in Welsh (the accessibility test checks that on each screen).
 * Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const { cy, en } = catalogs
const SWITCH = ['Cymraeg', 'English', `${cy.language.both} / ${en.language.both}`]

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true, workers: false })
  const browser = await launchChromium(t)

  await t.test('a first visit from a browser that states no language shows both, Welsh first', async (t) => {
    for (const [label, locale, languages] of [
      ['no language at all', undefined, []],
      ['French only', 'fr-FR', ['fr-FR', 'fr']],
    ] as const) {
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 640 } })
      t.teardown(() => context.close())
      const page = await context.newPage()
      await page.addInitScript((languages) => {
        Object.defineProperty(navigator, 'languages', { get: () => languages })
        Object.defineProperty(navigator, 'language', { get: () => languages[0] ?? '' })
      }, languages)
      await page.goto(`${ctx.url}/`)
      const heading = page.getByRole('heading', { level: 1 })
      await heading.waitFor()
      t.equal(await page.locator('html').getAttribute('lang'), 'cy', `${label}: the page is Welsh first`)
      t.same(
        await heading.locator('[lang]').evaluateAll((parts) => parts.map((part) => [part.getAttribute('lang'), part.textContent])),
        [
          ['cy', cy.web.sign_in.title],
          ['en', en.web.sign_in.title],
        ],
        `${label}: the heading in Welsh, then in English marked lang="en"`,
      )
      for (const lng of ['cy', 'en'] as const)
        t.ok(await page.getByText(catalogs[lng].web.welsh_welcome, { exact: true }).isVisible(), `${label}: the welcome, in ${lng}`)
      const both = page.getByRole('button', { name: SWITCH[2], exact: true })
      t.equal(await both.getAttribute('aria-pressed'), 'true', `${label}: "both" is the choice shown`)
    }
  })

  await t.test('the language switch names each language in itself, in every language of the page', async (t) => {
    const context = await browser.newContext({ locale: 'en-GB' })
    t.teardown(() => context.close())
    const page = await context.newPage()
    await page.goto(`${ctx.url}/signin`)
    for (const choice of ['cy', 'en', 'both'] as LanguageChoice[]) {
      await page.evaluate((choice) => localStorage.setItem('cyswllt.language', choice), choice)
      await page.reload()
      const group = page.getByRole('group', { name: choice === 'en' ? en.web.language_switch : cy.web.language_switch })
      await group.waitFor()
      t.same(await group.getByRole('button').allInnerTexts(), SWITCH, `named in themselves on a page in ${choice}`)
      t.same(
        await group.locator('button [lang]').evaluateAll((parts) => parts.map((part) => part.getAttribute('lang'))),
        ['cy', 'en', 'cy', 'en'],
        `each name marked with its language on a page in ${choice}`,
      )
    }
  })

  await t.test("the newsletter page names each language in itself and welcomes Welsh, in the reader's language", async (t) => {
    const teacher = await ctx.makeUser(ctx.school.id, 'teacher', { language: 'en' })
    const session = await ctx.signIn(teacher, ctx.school.id)
    const newsletter = await engagementWriters(ctx).sentNewsletter(new Date(), 'Taith')
    const page = await ctx.app.inject({ method: 'GET', url: `/newsletters/${newsletter.id}`, headers: session.get })
    t.equal(page.statusCode, 200)
    t.match(page.body, '<html lang="en">', 'an English reader gets the English page')
    t.match(page.body, '<span lang="cy">Cymraeg</span>', 'Cymraeg named in Welsh')
    t.match(page.body, `<span lang="cy">${cy.language.both}</span> / <span lang="en">${en.language.both}</span>`, 'both, each in itself')
    t.match(page.body, en.web.welsh_welcome, 'with the welcome to write in Welsh')
    const both = await ctx.app.inject({ method: 'GET', url: `/newsletters/${newsletter.id}?lang=both`, headers: session.get })
    t.match(both.body, '<html lang="cy">', 'with both, the page is Welsh first')
    t.match(both.body, '<article lang="en">', 'and the English article is marked')
  })
}
