import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import { axeViolations } from '../helpers/axe.ts'
import { browserMissing, CHROMIUM, launchChromium } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * The installable app: the web app manifest in Welsh and in English (the fields a phone needs,
 * icons that exist at the sizes they claim), linked in the page's language, and accepted by
 * Chromium as installable; and the push prompt, which never shows on a page load, shows once
 * after the first sign-in on a device, and stays away once dismissed there. Needs web/dist
 * (npm run build:web) and /usr/bin/chromium.
 */
const { cy, en } = catalogs

/** A PNG's width and height, read from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const browser = await launchChromium(t)
  const newContext = async (scope: { teardown(fn: () => unknown): void }, locale: string) => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 640 } })
    scope.teardown(() => context.close())
    return context
  }

  await t.test('the manifest is served in Welsh and in English, with icons that exist', async (t) => {
    const ids = new Set<string>()
    for (const [lang, text] of [
      ['cy', cy.web],
      ['en', en.web],
    ] as const) {
      const response = await ctx.app.inject({ method: 'GET', url: `/manifest-${lang}.webmanifest` })
      t.equal(response.statusCode, 200, `manifest-${lang}`)
      t.match(response.headers['content-type'], /^application\/manifest\+json/)
      const manifest = response.json()
      t.match(
        manifest,
        {
          lang,
          dir: 'ltr',
          name: text.install.name,
          short_name: text.app_name,
          description: text.install.description,
          start_url: '/',
          scope: '/',
          display: 'standalone',
          theme_color: /^#[0-9a-f]{6}$/,
          background_color: /^#[0-9a-f]{6}$/,
        },
        `the ${lang} manifest's fields, in its language`,
      )
      t.same(
        manifest.shortcuts.map((s: { name: string }) => s.name),
        [text.messaging.title, text.newsletters.title],
        'shortcuts named in the language',
      )
      ids.add(manifest.id)
      const purposes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`).sort()
      t.same(purposes, ['192x192 any', '192x192 maskable', '512x512 any', '512x512 maskable'])
      for (const icon of manifest.icons as { src: string; sizes: string; type: string }[]) {
        const file = await ctx.app.inject({ method: 'GET', url: icon.src })
        t.equal(file.statusCode, 200, `${icon.src} exists`)
        t.equal(file.headers['content-type'], icon.type)
        const [width, height] = icon.sizes.split('x').map(Number)
        t.same(pngSize(file.rawPayload), { width, height }, `${icon.src} is a ${icon.sizes} PNG`)
      }
    }
    t.same([...ids], ['/'], 'both languages describe one app (the same id)')
    t.not(cy.web.install.description, en.web.install.description, 'the Welsh description is Welsh')
    const worker = await ctx.app.inject({ method: 'GET', url: '/sw-assets.js' })
    t.equal(worker.statusCode, 200, "the service worker's offline list is served")
    const listed = JSON.parse(/self\.CYSWLLT_SHELL = (.*)/.exec(worker.body)?.[1] ?? '{}') as { files: string[] }
    for (const file of listed.files) {
      const answer = await ctx.app.inject({ method: 'GET', url: file })
      t.equal(answer.statusCode, 200, `${file}, kept for offline use, exists`)
    }
  })

  await t.test('the page links the manifest in its language, and Chromium finds the app installable', async (t) => {
    // A profile on disk: Chromium never offers to install from an off-the-record context, and
    // stops checking there, so newContext() could not show that the rest is in place.
    const profile = await mkdtemp(join(tmpdir(), 'cyswllt-pwa-'))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'en-GB',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
    })
    t.teardown(async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    })
    const page = context.pages()[0] ?? (await context.newPage())
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(ctx.url)
    await page.getByLabel(en.web.sign_in.email_label, { exact: true }).waitFor()
    const manifestLink = page.locator('link[rel="manifest"]')
    t.equal(await manifestLink.getAttribute('href'), '/manifest-en.webmanifest', 'English page, English manifest')
    t.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), '#00563f')

    // The service worker registers on load (no permission asked) and takes charge of the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 })
    const cdp = await context.newCDPSession(page)
    const { url, errors: parseErrors } = (await cdp.send('Page.getAppManifest', {})) as { url: string; errors: unknown[] }
    t.ok(url.endsWith('/manifest-en.webmanifest'), 'Chromium reads the English manifest')
    t.same(parseErrors, [], 'with no manifest errors')
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[]
    }
    t.same(installabilityErrors, [], 'installable: manifest, icons, service worker and secure origin are all there')

    await page.getByRole('button', { name: 'Cymraeg', exact: true }).click()
    await page.locator('html[lang="cy"]').waitFor({ state: 'attached' })
    await page.locator('link[rel="manifest"][href="/manifest-cy.webmanifest"]').waitFor({ state: 'attached' })
    t.pass('switching to Welsh links the Welsh manifest')
    t.same(errors, [], 'no uncaught errors in the page')
  })

  await t.test('the push prompt: never on a page load, once after the first sign-in, and gone once dismissed', async (t) => {
    const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'cy', guardianName: 'Nia Rowlands' })
    if (!guardian.email) throw new Error('the family has no email address')
    const email = guardian.email
    const context = await newContext(t, 'cy-GB')
    await context.grantPermissions(['notifications'], { origin: ctx.url })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    const prompt = page.getByRole('region', { name: cy.web.push_prompt.title })
    const home = page.getByRole('heading', { level: 1, name: cy.web.home.title.replace('{{name}}', 'Nia Rowlands') })

    await page.goto(ctx.url)
    await page.getByLabel(cy.web.sign_in.email_label, { exact: true }).waitFor()
    t.equal(await prompt.count(), 0, 'not on the sign-in page')
    t.equal(await page.getByText(cy.web.push_prompt.body).count(), 0)

    // A page load with a session (no sign-in on this device) shows no prompt either.
    await signInWithCookie(context, guardian)
    await page.reload()
    await home.waitFor()
    await page.waitForTimeout(500)
    t.equal(await prompt.count(), 0, 'not on a plain page load of the home page')
    await page.getByRole('button', { name: cy.web.home.sign_out, exact: true }).click()
    await page.getByLabel(cy.web.sign_in.email_label, { exact: true }).waitFor()

    await signInByEmail(page, email)
    await home.waitFor()
    await prompt.waitFor()
    t.ok(await prompt.getByText(cy.web.push_prompt.body).isVisible(), 'it says what notifications are for, in Welsh')
    t.ok(await prompt.getByRole('button', { name: cy.web.push_prompt.turn_on, exact: true }).isVisible(), 'a button turns them on')
    t.equal(await prompt.getByText(en.web.push_prompt.body).count(), 0, 'no English for a Welsh speaker')
    t.same(await axeViolations(page, 'home with the push prompt'), [], 'no WCAG 2.2 AA violation with the prompt shown')

    await prompt.getByRole('button', { name: cy.web.push_prompt.dismiss, exact: true }).click()
    await prompt.waitFor({ state: 'detached' })
    await page.reload()
    await home.waitFor()
    await page.waitForTimeout(500)
    t.equal(await prompt.count(), 0, 'dismissed: not after a reload')

    await page.getByRole('button', { name: cy.web.home.sign_out, exact: true }).click()
    await signInByEmail(page, email)
    await home.waitFor()
    await page.waitForTimeout(500)
    t.equal(await prompt.count(), 0, 'dismissed on this device: not after the next sign-in either')
    t.same(errors, [], 'no uncaught errors in the page')
  })

  /** Signs in on the page through the emailed link, as a person does. */
  async function signInByEmail(page: Page, email: string) {
    const asked = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { email } })
    if (asked.statusCode !== 202) throw new Error(`magic link: ${asked.statusCode}`)
    const mail = await ctx.mail.next(email)
    const link = mail.text.match(/https?:\/\/\S+\/signin\/verify\?token=[^\s"<>]+/)?.[0]
    if (!link) throw new Error('no sign-in link in the email')
    await page.goto(link)
  }

  async function signInWithCookie(context: BrowserContext, user: { id: string }) {
    const session = await ctx.signIn(user, ctx.school.id)
    const token = session.cookie.slice(session.cookie.indexOf('=') + 1)
    await context.addCookies([{ name: 'cyswllt_session', value: token, url: ctx.url, httpOnly: true, sameSite: 'Lax' }])
  }
}
