import t from 'tap'
import { retentionHolds, schoolRetention } from '../../server/db/schema.ts'
import { catalogs } from '../../shared/i18n.ts'
import { axeViolations, settle, watchRequests } from '../helpers/axe.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * The retention screen in a real browser, in Welsh: an admin sees each category's period, gets
 * the server's Welsh refusal for a period out of range, saves a good one, releases a hold; axe
 * finds nothing. Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const { cy } = catalogs

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  t.test('a Welsh-speaking admin sets a period and releases a hold at /admin/retention', async (t) => {
    const ctx = await setup(t, { listen: true, workers: false })
    const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'cy' })
    const { guardian } = await ctx.makeFamily(ctx.school.id, { guardianName: 'Siân Prydderch' })
    await ctx.app.db
      .insert(retentionHolds)
      .values({ schoolId: ctx.school.id, subjectType: 'family', subjectId: guardian.id, reason: 'Ymchwiliad', createdBy: admin.id })
    const browser = await launchChromium(t)
    const { page, errors } = await openPhone(t, browser, ctx, admin)
    watchRequests(page)
    await page.goto(`${ctx.url}/admin/retention`)
    await settle(page)
    t.ok(await page.getByRole('heading', { level: 1, name: cy.retention.title }).isVisible())
    const notifications = page.getByLabel(cy.retention.categories.notifications)
    t.equal(await notifications.inputValue(), '400', 'the default period is shown')
    t.ok(await page.getByText('Siân Prydderch').isVisible(), 'the hold names the family')
    t.same(await axeViolations(page, '/admin/retention'), [], 'no accessibility violations')

    // Out of range: the browser's own check is bypassed to reach the server's answer.
    await page.evaluate(() => {
      for (const input of document.querySelectorAll('input[type="number"]')) input.removeAttribute('min')
    })
    await notifications.fill('3')
    await page.getByRole('button', { name: cy.retention.save }).click()
    await page
      .getByRole('alert')
      .getByText(/hysbysiadau/)
      .waitFor()
    t.equal((await ctx.app.db.select().from(schoolRetention)).length, 0, 'nothing saved')

    await notifications.fill('30')
    await page.getByRole('button', { name: cy.retention.save }).click()
    await page.getByText(cy.retention.saved).waitFor()
    t.same(
      (await ctx.app.db.select().from(schoolRetention)).map((r) => [r.category, r.days]),
      [['notifications', 30]],
    )
    t.ok(await page.getByText(cy.retention.own_period).isVisible(), "the school's own period is marked")

    await page.getByRole('button', { name: new RegExp(`^${cy.retention.release}`) }).click()
    await page.getByText(cy.retention.released).waitFor()
    t.ok(await page.getByText(cy.retention.no_holds).isVisible())
    const [hold] = await ctx.app.db.select().from(retentionHolds)
    t.ok(hold?.releasedAt, 'the hold is released in the database')
    t.same(errors, [], 'no script errors')
  })
}
