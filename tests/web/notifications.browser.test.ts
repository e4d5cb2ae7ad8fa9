import type { Page } from 'playwright-core'
import t from 'tap'
import { deliveries, notifications } from '../../server/db/schema.ts'
import { catalogs, createI18n } from '../../shared/i18n.ts'
import { browserMissing, launchChromium } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * The notification screens in a real browser: settings saved in Welsh, a test notification
 * raising the header badge over the socket and listed in Welsh, and the admins' failed
 * deliveries page (refused to parents). Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const { cy, en } = catalogs

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  // setup gives this file a database of its own, so no other file's relay takes its notifications.
  const ctx = await setup(t, { listen: true })
  const i18n = await createI18n()
  const badgeLabel = (lng: 'cy' | 'en', count: number) => i18n.t('web.notifications.badge_label', { lng, count })

  const browser = await launchChromium(t)

  /** A browser of its own for one person, signed in with a session cookie made by the factory. */
  async function browse(scope: { teardown(fn: () => unknown): void }, user: { id: string }, schoolId = ctx.school.id) {
    const session = await ctx.signIn(user, schoolId)
    // 360px wide: the screens must work on a small phone.
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 800 } })
    scope.teardown(() => context.close())
    const token = session.cookie.slice(session.cookie.indexOf('=') + 1)
    await context.addCookies([{ name: 'cyswllt_session', value: token, url: ctx.url, httpOnly: true, sameSite: 'Lax' }])
    const page: Page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    return { page, session, errors }
  }

  await t.test('a Welsh-speaking parent turns newsletter emails off in Welsh and the choice is saved', async (t) => {
    const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'cy' })
    const { page, session, errors } = await browse(t, guardian)
    await page.goto(`${ctx.url}/settings/notifications`)
    await page.getByRole('heading', { level: 1, name: cy.web.settings.title }).waitFor()
    t.equal(await page.locator('html').getAttribute('lang'), 'cy')

    const newsletterEmail = page.getByRole('checkbox', {
      name: `${cy.notification.categories.newsletters}: ${cy.web.notifications.channels.email}`,
      exact: true,
    })
    await newsletterEmail.waitFor()
    t.ok(await newsletterEmail.isChecked(), 'every channel starts on')
    t.ok(await page.getByRole('group', { name: cy.web.settings.channels }).isVisible(), 'the category table is a labelled group')
    t.ok(await page.getByText(cy.web.settings.in_app_note).isVisible(), 'in-app is always on, and the page says so')
    t.equal(
      await page.getByLabel(cy.web.settings.quiet_start, { exact: true }).inputValue(),
      '21:00',
      "parents' quiet hours start at 21:00",
    )
    t.equal(await page.getByLabel(cy.web.settings.quiet_end, { exact: true }).inputValue(), '07:00')
    t.equal(await page.getByLabel(cy.web.settings.time_zone, { exact: true }).inputValue(), 'Europe/London')
    t.equal(await page.getByText(en.web.settings.title).count(), 0, 'no English on the page')

    // A time zone the server does not know: its localised message is shown, nothing is saved.
    const timeZone = page.getByLabel(cy.web.settings.time_zone, { exact: true })
    await timeZone.fill('Mars/Olympus_Mons')
    await newsletterEmail.uncheck()
    const save = page.getByRole('button', { name: cy.web.settings.save, exact: true })
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/me/preferences') && r.request().method() === 'PUT')
    await save.click()
    t.equal((await refused).status(), 400)
    const message = cy.errors.notifications.time_zone.replace('{{value}}', 'Mars/Olympus_Mons')
    await page.getByRole('alert').filter({ hasText: message }).waitFor()

    await timeZone.fill('Europe/London')
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/me/preferences') && r.request().method() === 'PUT')
    await save.click()
    t.equal((await saved).status(), 200)
    await page.getByRole('status').filter({ hasText: cy.web.settings.saved }).waitFor()
    t.equal(await page.getByRole('alert').count(), 0, 'the earlier error is gone')

    const stored = await ctx.app.inject({ method: 'GET', url: '/api/me/preferences', headers: session.get })
    t.equal(stored.statusCode, 200)
    const preferences = stored.json()
    t.equal(preferences.channels.newsletters.email, false, 'newsletter emails are off')
    t.equal(preferences.channels.newsletters.push, true, 'newsletter push is untouched')
    t.equal(preferences.channels.messages.email, true, 'other categories are untouched')
    t.equal(preferences.language, 'cy')
    t.same(preferences.quietHours, { start: '21:00', end: '07:00' })
    t.same(errors, [], 'no uncaught errors in the page')
  })

  await t.test('a test notification raises the badge live, is listed in Welsh, and reading it clears the badge', async (t) => {
    const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'cy' })
    const { page, session, errors } = await browse(t, guardian)
    await page.goto(`${ctx.url}/settings/notifications`)
    // The bell says when its socket is connected: from then on, news can only come live.
    const bell = page.locator('header a.bell[data-live="true"]')
    await bell.waitFor()
    t.equal(await bell.getAttribute('aria-label'), badgeLabel('cy', 0))

    let unreadFetches = 0
    page.on('request', (request) => {
      if (request.url().endsWith('/api/me/notifications/unread')) unreadFetches++
    })
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/me/notifications/test'))
    await page.getByRole('button', { name: cy.web.settings.test, exact: true }).click()
    t.equal((await sent).status(), 202)
    await page.getByRole('status').filter({ hasText: cy.web.settings.test_sent }).waitFor()
    await page.getByRole('link', { name: badgeLabel('cy', 1), exact: true }).waitFor()
    t.equal(unreadFetches, 0, 'the new count came over the socket')
    t.equal((await bell.locator('.bell-count').innerText()).trim(), '1')

    await bell.click()
    await page.waitForURL(`${ctx.url}/notifications`)
    await page.getByRole('heading', { level: 1, name: cy.web.notifications.title }).waitFor()
    const item = page.getByRole('listitem').filter({ hasText: cy.notification.kinds.test.title })
    await item.waitFor()
    t.ok(await item.getByText(cy.web.notifications.unread, { exact: true }).isVisible(), 'unread is marked in words')
    const body = i18n.t('notification.kinds.test.body', { lng: 'cy', school: ctx.school.nameCy })
    t.ok(await item.getByText(body).isVisible(), 'the body is in Welsh, naming the school in Welsh')
    t.equal(await page.getByText(en.notification.kinds.test.title).count(), 0, 'no English text')
    t.equal(await item.locator('[lang="cy"]').count(), 1)

    const read = page.waitForResponse((r) => /\/api\/me\/notifications\/[^/]+\/read$/.test(r.url()))
    await item.getByRole('link').click()
    t.equal((await read).status(), 200)
    await page.getByRole('link', { name: badgeLabel('cy', 0), exact: true }).waitFor()
    await item.getByText(cy.web.notifications.unread, { exact: true }).waitFor({ state: 'detached' })
    t.equal(await page.locator('header .bell-count').count(), 0, 'no count on the bell')
    const unread = await ctx.app.inject({ method: 'GET', url: '/api/me/notifications/unread', headers: session.get })
    t.same(unread.json(), { unread: 0 }, 'the server agrees')
    t.same(errors, [], 'no uncaught errors in the page')
  })

  await t.test('admins see failed deliveries and can retry them; a parent is refused', async (t) => {
    const school = await ctx.makeSchool()
    const admin = await ctx.makeUser(school.id, 'admin', { language: 'en' })
    const { page, errors } = await browse(t, admin, school.id)
    await page.goto(`${ctx.url}/admin`)
    await page.getByRole('link', { name: en.web.deliveries.title }).click()
    await page.waitForURL(`${ctx.url}/admin/deliveries`)
    await page.getByRole('heading', { level: 1, name: en.web.deliveries.title }).waitFor()
    await page.getByText(en.web.deliveries.empty).waitFor()
    t.equal(
      await page.getByRole('link', { name: en.web.deliveries.queues }).getAttribute('href'),
      '/admin/queues',
      'the queue board is linked',
    )

    // One email that failed for good: it is listed with its reason in English, and retried.
    const { guardian } = await ctx.makeFamily(school.id, { language: 'cy', guardianName: 'Elin Morgan' })
    const [notification] = await ctx.app.db
      .insert(notifications)
      .values({ schoolId: school.id, userId: guardian.id, category: 'messages', kind: 'test', path: '/notifications' })
      .returning()
    if (!notification) throw new Error('no notification')
    await ctx.app.db.insert(deliveries).values({
      schoolId: school.id,
      notificationId: notification.id,
      userId: guardian.id,
      channel: 'email',
      status: 'failed',
      reason: 'bad_address',
      attempts: 3,
    })
    await page.reload()
    const row = page.getByRole('row').filter({ hasText: 'Elin Morgan' })
    await row.waitFor()
    t.match(await row.innerText(), en.notification.reasons.bad_address, 'the reason is in English')
    t.match(await row.innerText(), en.web.notifications.channels.email)
    const retried = page.waitForResponse((r) => r.url().endsWith('/retry'))
    await row.getByRole('button', { name: `${i18n.t('web.deliveries.retry', { lng: 'en' })}: Elin Morgan` }).click()
    t.equal((await retried).status(), 202)
    await page
      .getByRole('status')
      .filter({ hasText: i18n.t('web.deliveries.retried', { lng: 'en', name: 'Elin Morgan' }) })
      .waitFor()
    await page.getByText(en.web.deliveries.empty).waitFor()

    const parent = await ctx.makeFamily(school.id, { language: 'cy' })
    const { page: parentPage, errors: parentErrors } = await browse(t, parent.guardian, school.id)
    const refused = parentPage.waitForResponse((r) => r.url().endsWith('/deliveries/failed'))
    await parentPage.goto(`${ctx.url}/admin/deliveries`)
    t.equal((await refused).status(), 403, 'the API refuses a parent')
    await parentPage.getByRole('alert').filter({ hasText: cy.errors.forbidden }).waitFor()
    t.equal(await parentPage.getByRole('table').count(), 0, 'no table for a parent')
    t.same([...errors, ...parentErrors], [], 'no uncaught errors in the pages')
  })
}
