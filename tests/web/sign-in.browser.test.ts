import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import { browserMissing, launchChromium } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * A parent signs in in a real browser: asks for a link, opens it from the email, sees home in
 * English (their saved language), switches to Welsh, and the choice is saved to their profile.
 * Needs web/dist (npm run build:web) and Debian's chromium at /usr/bin/chromium.
 */

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const { guardian, learner } = await ctx.makeFamily(ctx.school.id, {
    language: 'en',
    guardianName: 'Siân Prydderch',
    learnerName: 'Gruffudd Prydderch',
  })
  if (!guardian.email) throw new Error('the family has no email address')
  const email = guardian.email
  const englishTitle = catalogs.en.web.home.title.replace('{{name}}', guardian.name)
  const welshTitle = catalogs.cy.web.home.title.replace('{{name}}', guardian.name)

  const browser = await launchChromium(t)
  const context = await browser.newContext({ locale: 'en-GB' })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))

  await t.test('signed out, the sign-in page follows the browser language', async (t) => {
    await page.goto(ctx.url)
    const input = page.getByLabel(catalogs.en.web.sign_in.email_label, { exact: true })
    await input.waitFor()
    t.equal(await input.getAttribute('type'), 'email')
    t.equal(await page.locator('html').getAttribute('lang'), 'en')
    t.ok(await page.getByText(catalogs.en.web.welsh_welcome).isVisible(), 'the Welsh welcome is shown')
    const switchButtons = page.getByRole('group', { name: catalogs.en.web.language_switch }).getByRole('button')
    t.same(await switchButtons.allInnerTexts(), ['Cymraeg', 'English', 'Cymraeg a Saesneg / Cymraeg and English'])
  })

  await t.test('a link arrives by email and opens the home page in English', async (t) => {
    const input = page.getByLabel(catalogs.en.web.sign_in.email_label, { exact: true })
    await input.fill(email)
    const requested = page.waitForResponse((r) => r.url().endsWith('/api/auth/magic-link') && r.request().method() === 'POST')
    await page.getByRole('button', { name: catalogs.en.web.sign_in.submit }).click()
    t.equal((await requested).status(), 202)
    await page.getByText(catalogs.en.web.sign_in.sent).waitFor()

    const mail = await ctx.mail.next(email)
    const link = mail.text.match(/https?:\/\/\S+\/signin\/verify\?token=[^\s"<>]+/)?.[0]
    if (!link) throw new Error(`no sign-in link in the email:\n${mail.text}`)
    t.ok(link.startsWith(`${ctx.url}/signin/verify?token=`), 'the link points at this app')

    await page.goto(link)
    const heading = page.getByRole('heading', { level: 1 })
    await page.waitForURL(`${ctx.url}/`)
    await heading.filter({ hasText: englishTitle }).waitFor()
    t.equal((await heading.innerText()).trim(), englishTitle)
    t.ok(await page.getByText(learner.name, { exact: true }).isVisible(), "the learner's name is shown")
    t.ok(await page.getByText(ctx.school.nameEn, { exact: true }).isVisible(), 'the school is named in English')
    t.equal(await page.getByText(ctx.school.nameCy).count(), 0, 'the Welsh school name is not shown')
    t.ok(await page.getByText(catalogs.en.roles.parent, { exact: true }).isVisible(), 'the role is shown in English')
    t.equal(await page.locator('html').getAttribute('lang'), 'en')
    t.equal(await page.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed'), 'true')
    t.equal(await page.getByRole('link', { name: catalogs.en.web.admin.title }).count(), 0, 'a parent has no admin link')
  })

  await t.test('choosing Cymraeg switches the page and saves the choice to the profile', async (t) => {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH', { timeout: 10_000 })
    await page.getByRole('button', { name: 'Cymraeg', exact: true }).click()
    const response = await saved
    t.equal(response.status(), 200)
    t.same(response.request().postDataJSON(), { language: 'cy' })
    t.equal((await response.json()).language, 'cy')

    const heading = page.getByRole('heading', { level: 1 })
    await heading.filter({ hasText: welshTitle }).waitFor()
    t.equal((await heading.innerText()).trim(), welshTitle)
    t.equal(await page.locator('html').getAttribute('lang'), 'cy')
    t.equal(await page.getByRole('button', { name: 'Cymraeg', exact: true }).getAttribute('aria-pressed'), 'true')
    t.ok(await page.getByText(ctx.school.nameCy, { exact: true }).isVisible(), 'the school is named in Welsh')
    t.ok(await page.getByText(catalogs.cy.web.welsh_welcome).isVisible(), 'the Welsh welcome is in Welsh')

    // Forget this device's copy, so only the profile can bring Welsh back after a reload.
    await page.evaluate(() => localStorage.clear())
    await page.reload()
    await heading.filter({ hasText: welshTitle }).waitFor()
    t.equal((await heading.innerText()).trim(), welshTitle, 'Welsh persists after a reload')
    t.equal(await page.locator('html').getAttribute('lang'), 'cy')
    t.ok(await page.getByText(learner.name, { exact: true }).isVisible())
  })

  t.same(pageErrors, [], 'no uncaught errors in the page')
}
