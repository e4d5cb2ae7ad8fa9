import type { Page } from 'playwright-core'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'
import { withoutQuietHours } from '../newsletters/fixtures.ts'

/**
 * Newsletters in a real browser: an English-speaking admin writes one in Welsh and English (side
 * by side on a wide screen, Welsh first on a phone), picks a class, sees the audience count,
 * previews and sends it, and watches the progress; a Welsh-speaking parent of that class finds
 * it on the Newsletters page in Welsh and reads it on the server's page; then the admin's reach
 * view counts that family as reached. Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const { cy, en } = catalogs
const nl = { cy: cy.web.newsletters, en: en.web.newsletters }

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const browser = await launchChromium(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { name: 'Mrs Elen Price', language: 'en' })
  const oak = await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class' })
  const ash = await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Onnen', nameEn: 'Ash Class' })
  const { guardian: parent } = await ctx.makeFamily(ctx.school.id, {
    classId: oak.id,
    guardianName: 'Alys Morgan',
    learnerName: 'Nia Morgan',
    language: 'cy',
  })
  // Another class's family, outside the audience.
  await ctx.makeFamily(ctx.school.id, { classId: ash.id, guardianName: 'Tom Evans', language: 'en' })
  await withoutQuietHours(ctx, parent.id)

  const adminView = await openPhone(t, browser, ctx, admin)
  const parentView = await openPhone(t, browser, ctx, parent)
  const A = adminView.page
  const P = parentView.page
  let newsletterId = ''

  const label = (page: Page, text: string) => page.getByLabel(text, { exact: true })
  const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

  await t.test('an admin writes a newsletter in both languages for one class, previews it and sends it now', async (t) => {
    await A.setViewportSize({ width: 1280, height: 900 })
    await A.goto(`${ctx.url}/`)
    await A.getByRole('link', { name: nl.en.title, exact: true }).click()
    await A.getByRole('heading', { level: 1, name: nl.en.title }).waitFor()
    await A.getByText(nl.en.list.empty).waitFor()
    await A.getByRole('link', { name: nl.en.new, exact: true }).click()
    await A.waitForURL(`${ctx.url}/newsletters/new`)

    await label(A, nl.en.compose.title_cy).fill('Newyddion yr wythnos')
    await label(A, nl.en.compose.body_cy).fill('## Trip\n\nBydd y plant yn mynd i **Sain Ffagan** ddydd Gwener.')
    await label(A, nl.en.compose.title_en).fill('News of the week')
    await label(A, nl.en.compose.body_en).fill('## Trip\n\nThe children go to **St Fagans** on Friday.')
    const welsh = await label(A, nl.en.compose.title_cy).boundingBox()
    const english = await label(A, nl.en.compose.title_en).boundingBox()
    t.ok(welsh && english && welsh.x + welsh.width <= english.x && Math.abs(welsh.y - english.y) < 2, 'side by side, Welsh on the left')

    await A.getByRole('radio', { name: nl.en.audience.kind.classes }).check()
    await A.getByRole('checkbox', { name: 'Oak Class', exact: true }).check()
    await A.getByText('Will reach 1 adult (the families of 1 learner).').waitFor()
    await A.getByRole('checkbox', { name: 'Ash Class', exact: true }).check()
    await A.getByText('Will reach 2 adults (the families of 2 learners).').waitFor()
    await A.getByRole('checkbox', { name: 'Ash Class', exact: true }).uncheck()
    await A.getByText('Will reach 1 adult (the families of 1 learner).').waitFor()

    await A.getByRole('button', { name: nl.en.compose.save, exact: true }).click()
    await A.getByText(nl.en.compose.saved).waitFor()
    await A.waitForURL(/\/newsletters\/[0-9a-f-]{36}\/edit$/)
    newsletterId = new URL(A.url()).pathname.split('/')[2] as string
    t.equal(await label(A, nl.en.compose.title_cy).inputValue(), 'Newyddion yr wythnos', 'the form is kept once saved')

    // A photo, uploaded to the saved draft and put into both texts as Markdown.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAABJRU5ErkJggg==', 'base64')
    await label(A, nl.en.files.add).setInputFiles({ name: 'castell.png', mimeType: 'image/png', buffer: png })
    await A.locator('.uploads li').filter({ hasText: 'castell.png' }).getByRole('button', { name: nl.en.files.insert }).click()
    t.match(
      await label(A, nl.en.compose.body_cy).inputValue(),
      new RegExp(`!\\[castell\\.png\\]\\(/newsletters/${newsletterId}/files/[0-9a-f-]{36}\\)`),
      'the image is in the Welsh text',
    )
    t.match(await label(A, nl.en.compose.body_en).inputValue(), /!\[castell\.png\]/, 'and in the English text')

    await A.getByRole('button', { name: nl.en.preview.open, exact: true }).click()
    const panel = A.getByRole('tabpanel')
    await panel.getByText('Sain Ffagan').waitFor()
    t.equal(await panel.getByText('St Fagans').count(), 0, 'the Welsh tab shows Welsh only')
    await A.getByRole('tab', { name: 'English', exact: true }).click()
    await panel.getByText('St Fagans').waitFor()
    t.equal(await panel.locator('h2').first().innerText(), 'Trip', 'the Markdown is rendered')
    t.equal(await panel.locator(`img[src^="/newsletters/${newsletterId}/files/"]`).count(), 1, 'the image is in the preview')

    // On a phone the columns stack, Welsh first.
    await A.setViewportSize({ width: 360, height: 640 })
    const welshPhone = await label(A, nl.en.compose.title_cy).boundingBox()
    const englishPhone = await label(A, nl.en.compose.title_en).boundingBox()
    t.ok(welshPhone && englishPhone && welshPhone.y < englishPhone.y, 'stacked on a phone, Welsh above English')
    t.equal(await noOverflow(A), 0, 'the compose page fits a 360px wide screen')

    await A.getByRole('button', { name: nl.en.send.now, exact: true }).click()
    await A.getByText(nl.en.send.confirm).waitFor()
    await A.getByRole('button', { name: nl.en.send.confirm_yes, exact: true }).click()
    await A.getByText(nl.en.send.started).waitFor()
    const progress = A.locator('section.send-progress')
    await progress.getByText('Recipients resolved: 1 of 1').waitFor()
    // The email goes out after the fan-out: polling keeps the numbers moving until it has gone.
    await progress.locator('[data-count="sent"]', { hasText: /^1$/ }).waitFor()
    await A.locator('section.send-progress[data-status="sent"]').waitFor()
    t.equal(await progress.locator('[data-count="pending"]').innerText(), '0', 'nothing left to send')
    t.equal(await progress.locator('[data-count="failed"]').innerText(), '0', 'nothing failed')
    t.equal(await label(A, nl.en.compose.title_cy).isDisabled(), true, 'a sent newsletter can no longer be changed')
    t.same(adminView.errors, [], 'no uncaught errors in the admin page')
  })

  await t.test('a Welsh-speaking parent finds it on the Newsletters page, in Welsh, and reads it', async (t) => {
    await P.goto(`${ctx.url}/`)
    await P.getByRole('link', { name: nl.cy.title, exact: true }).click()
    await P.waitForURL(`${ctx.url}/newsletters`)
    await P.getByRole('heading', { level: 1, name: nl.cy.title }).waitFor()
    await P.getByRole('heading', { level: 2, name: nl.cy.received.title }).waitFor()
    const item = P.locator(`.received-list li[data-id="${newsletterId}"]`)
    await item.waitFor()
    t.equal(await item.locator('.notice-title').innerText(), 'Newyddion yr wythnos', 'the title in Welsh')
    t.notMatch(await item.innerText(), /News of the week/, 'no English title')
    await item.getByText(nl.cy.received.not_opened).waitFor()
    t.equal(await P.getByRole('link', { name: nl.cy.new }).count(), 0, 'parents cannot write newsletters')
    t.equal(await noOverflow(P), 0, 'the page fits a 360px wide screen')

    await item.getByRole('link').click()
    await P.waitForURL(new RegExp(`/newsletters/${newsletterId}(\\?.*)?$`))
    const article = P.locator('article[lang="cy"]')
    await article.waitFor()
    t.equal(await article.locator('h1').innerText(), 'Newyddion yr wythnos', 'the server page shows the Welsh title')
    t.match(await article.innerText(), /Bydd y plant yn mynd i Sain Ffagan ddydd Gwener/, 'and the Welsh text')
    t.equal(await P.locator('article[lang="en"]').count(), 0, 'Welsh only, as the parent chose')

    await P.goto(`${ctx.url}/newsletters`)
    await P.locator(`.received-list li[data-id="${newsletterId}"]`).getByText(nl.cy.received.opened, { exact: true }).waitFor()
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
  })

  await t.test("the admin's reach view counts the family as reached", async (t) => {
    await A.setViewportSize({ width: 1280, height: 900 })
    await A.getByRole('link', { name: nl.en.reach.open, exact: true }).click()
    await A.waitForURL(`${ctx.url}/newsletters/${newsletterId}/reach`)
    await A.getByRole('heading', { level: 1, name: nl.en.reach.title }).waitFor()
    const bar = A.locator(`.reach-bar[data-class-id="${oak.id}"]`)
    await bar.waitFor()
    t.match(await bar.innerText(), /Oak Class/, 'the bar names the class')
    t.match(await bar.locator('.reach-bar-figure').innerText(), /^1 of 1 \(100%\)$/, 'the class bar shows 1 of 1')
    t.equal(await A.locator(`.reach-bar[data-class-id="${ash.id}"]`).count(), 0, 'a class outside the audience has no bar')
    await A.getByText('1 of 1 family reached within 24 hours (100%)').waitFor()
    const row = A.getByRole('table', { name: nl.en.reach.table_caption }).getByRole('row', { name: /Oak Class/ })
    t.same(await row.getByRole('cell').allInnerTexts(), ['1', '1', '100%'], 'the data table has the same figures')

    await A.getByText(nl.en.reach.everyone_reached).waitFor()
    t.equal(await A.locator('table.not-reached').count(), 0, 'nobody is listed as not reached')
    await A.getByRole('checkbox', { name: nl.en.reach.show_all }).check()
    const parentRow = A.locator(`table.all-recipients tr[data-user-id="${parent.id}"]`)
    await parentRow.waitFor()
    t.match(await parentRow.innerText(), /Alys Morgan/, 'the parent is among all recipients')
    t.match(await parentRow.innerText(), /Nia Morgan/, 'with their learner')
    t.match(await parentRow.innerText(), new RegExp(nl.en.reach.opened_app), 'opened in the app')
    t.equal(await parentRow.locator('[data-channel="email"]').getAttribute('data-state'), 'sent', 'the email was sent')

    // Recording a contact refreshes the table.
    await parentRow.getByRole('button', { name: 'Record contact: Alys Morgan' }).click()
    await parentRow.getByLabel(nl.en.reach.contact_method).selectOption('phone')
    await parentRow.getByLabel(nl.en.reach.contact_note).fill('Spoke to Alys at pick-up')
    await parentRow.getByRole('button', { name: nl.en.reach.contact_save, exact: true }).click()
    await A.getByText(nl.en.reach.contact_recorded).waitFor()
    await parentRow.getByText('Spoke to Alys at pick-up').waitFor()
    t.match(await parentRow.locator('.contacted').innerText(), /Contacted by Mrs Elen Price/, 'who made the contact')
    t.same(adminView.errors, [], 'no uncaught errors in the admin page')
  })

  await t.test('a newsletter in one language, scheduled for later, can be cancelled before it goes', async (t) => {
    await A.goto(`${ctx.url}/newsletters/new`)
    await label(A, nl.en.compose.title_cy).fill('Cyngerdd y Nadolig')
    await label(A, nl.en.compose.body_cy).fill('Dewch i’r cyngerdd.')
    await A.getByRole('checkbox', { name: nl.en.compose.single_language }).check()
    await label(A, nl.en.compose.single_language_which).selectOption('cy')
    await label(A, nl.en.compose.single_language_reason).fill('Welsh-medium event')
    await A.getByText('Will reach 2 adults (the families of 2 learners).').waitFor()
    await label(A, nl.en.send.schedule_at).fill('2099-01-15T09:00')
    await A.getByRole('button', { name: nl.en.send.schedule, exact: true }).click()
    await A.getByText(nl.en.send.scheduled).waitFor()
    await A.locator('.status-badge[data-status="scheduled"]').waitFor()
    t.match(await A.locator('.send-controls .status-line').innerText(), /2099/, 'the time it will go is shown')
    await A.getByRole('button', { name: nl.en.send.cancel, exact: true }).click()
    await A.getByText(nl.en.send.cancelled).waitFor()
    await A.locator('.status-badge[data-status="cancelled"]').waitFor()
    t.equal(await label(A, nl.en.compose.title_cy).isDisabled(), true, 'a cancelled newsletter can no longer be changed')
    t.same(adminView.errors, [], 'no uncaught errors in the admin page')
  })
}
