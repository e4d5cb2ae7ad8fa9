import type { Page } from 'playwright-core'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import { ago, DAY, engagementWriters, familyIdOf } from '../engagement/fixtures.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * The FEO's engagement workspace in a real browser, in Welsh, on a 360px wide phone: three
 * families, one reached by a newsletter email, one that wrote to a teacher, and one that nothing
 * has reached (no delivery, no opening, no message). The FEO opens the workspace from the
 * navigation, finds that family under "not reached", logs a phone call from the list, and the
 * family leaves the list (and stays off it after a reload); then adds it to their caseload from
 * "all families" and finds it under "my caseload"; its page shows the call in the log.
 * Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const eng = catalogs.cy.web.engagement
const engEn = catalogs.en.web.engagement

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true, workers: false })
  const browser = await launchChromium(t)
  const school = ctx.school.id
  const w = engagementWriters(ctx)
  const oak = await ctx.makeClassGroup(school, { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class', yearGroup: 2 })
  const feo = await ctx.makeUser(school, 'feo', { name: 'Ffion Swyddog', language: 'cy' })
  const teacher = await ctx.makeUser(school, 'teacher', { name: 'Tomos Athro', language: 'cy' })
  const family = (guardianName: string, learnerName: string, language: 'cy' | 'en') =>
    ctx.makeFamily(school, { classId: oak.id, guardianName, learnerName, language })
  const reader = await family('Elin Darllen', 'Osian', 'cy')
  const writer = await family('Mark Neges', 'Ruby', 'en')
  const quiet = await family('Gwyn Tawel', 'Nia', 'cy')

  // Elin: a newsletter emailed two days ago and opened yesterday. Mark: wrote to the teacher
  // yesterday. Gwyn: nothing at all, ever.
  const newsletter = await w.sentNewsletter(ago(2 * DAY), 'Newyddion yr wythnos')
  await w.received(newsletter.id, reader.guardian.id, { emailSentAt: ago(2 * DAY), openedAt: ago(DAY) })
  const conversation = await w.conversation(teacher.id, [writer.guardian.id])
  await conversation.say(writer.guardian.id, 'Hello, is the trip still on Friday?', ago(DAY))

  const quietId = familyIdOf(quiet.guardian.id)
  const { page: F, errors } = await openPhone(t, browser, ctx, feo)
  const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  const notReached = F.locator('section[data-list="not-reached"]')
  const familiesIn = (section: typeof notReached) =>
    section.locator('.family-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-family-id')))
  const weeks = eng.weeks_other.replace('{{count}}', '4')

  await t.test('a Welsh-speaking FEO opens the workspace from the navigation and sees the silent family under "not reached"', async (t) => {
    await F.goto(`${ctx.url}/`)
    await F.getByRole('heading', { level: 2, name: eng.today.title }).waitFor()
    await F.getByText(eng.today.none).waitFor()
    await F.getByRole('link', { name: eng.nav, exact: true }).click()
    await F.waitForURL(`${ctx.url}/engagement`)

    await F.getByRole('heading', { level: 1, name: eng.title }).waitFor()
    await notReached.locator(`.family-card[data-family-id="${quietId}"]`).waitFor()
    t.same(await familiesIn(notReached), [quietId], 'only the family nothing reached is under "not reached"')
    t.equal(await notReached.getAttribute('data-count'), '1', 'the list counts one family')

    const headings = await F.locator('h1, h2').allInnerTexts()
    t.equal(headings[0], eng.title, 'the page heading is Welsh')
    const welsh = [
      `${eng.lists.not_reached.replace('{{weeks}}', weeks)} (${eng.families_count_one.replace('{{count}}', '1')})`,
      eng.lists.no_working_channel,
      eng.lists.awaiting_reply,
      eng.lists.follow_ups_due,
      eng.reply.title,
      eng.charts.title,
    ]
    for (const heading of welsh)
      t.ok(
        headings.some((h) => h.startsWith(heading)),
        `a Welsh heading: ${heading}`,
      )
    for (const english of [engEn.title, engEn.lists.no_working_channel, engEn.lists.awaiting_reply, engEn.reply.title]) {
      t.notOk(
        headings.some((h) => h.includes(english)),
        `no English heading: ${english}`,
      )
    }
    t.equal(await F.evaluate(() => document.documentElement.lang), 'cy', 'the document is marked Welsh')
    // Reply times: Welsh on the left (first), English after.
    t.same(
      await F.locator('.reply-time').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-language'))),
      ['cy', 'en'],
      'reply times in Welsh come first',
    )
    t.equal(await noOverflow(F), 0, 'the workspace fits a 360px wide screen')
    t.same(errors, [], 'no uncaught errors')
  })

  await t.test('the FEO logs a phone call from the list and the family leaves "not reached"', async (t) => {
    const card = notReached.locator(`.family-card[data-family-id="${quietId}"]`)
    await card.locator('summary').click()
    await card.getByRole('button', { name: `${eng.actions.log_contact}: Gwyn Tawel`, exact: true }).click()
    await card.getByLabel(eng.contact_form.kind, { exact: true }).selectOption('phone')
    await card.getByLabel(eng.contact_form.note, { exact: true }).fill('Siarad â Gwyn am y daith; bydd yn darllen y cylchlythyr.')
    t.equal(await noOverflow(F), 0, 'the open form fits a 360px wide screen')
    await card.getByRole('button', { name: eng.contact_form.save, exact: true }).click()

    await F.getByText(eng.actions.contact_logged).waitFor()
    await card.waitFor({ state: 'detached' })
    t.same(await familiesIn(notReached), [], 'nobody is left under "not reached"')
    t.equal(await notReached.getAttribute('data-count'), '0', 'the list counts no family')
    await notReached.getByText(eng.lists.none).waitFor()

    await F.reload()
    await F.getByRole('heading', { level: 1, name: eng.title }).waitFor()
    await notReached.getByText(eng.lists.none).waitFor()
    t.same(await familiesIn(notReached), [], 'still off the list after a reload')
    t.same(errors, [], 'no uncaught errors')
  })

  await t.test('the FEO adds the family to their caseload from "all families" and finds it under "my caseload"', async (t) => {
    const caseload = F.locator('section[data-list="caseload"]')
    await F.getByRole('tab', { name: eng.views.caseload, exact: true }).click()
    await caseload.getByText(eng.caseload_empty).waitFor()
    // The tabs follow the arrow keys (the ARIA tabs pattern).
    await F.keyboard.press('ArrowRight')
    const all = F.locator('section[data-list="families"]')
    await all.locator(`.family-card[data-family-id="${quietId}"]`).waitFor()
    t.equal(await all.getAttribute('data-count'), '3', 'every family of the school')
    const card = all.locator(`.family-card[data-family-id="${quietId}"]`)
    await card.locator('summary').click()
    await card.getByRole('button', { name: `${eng.actions.add_caseload}: Gwyn Tawel`, exact: true }).click()
    await F.getByText(eng.actions.added_caseload).waitFor()
    await card.getByText(eng.family.in_caseload).waitFor()
    await F.getByRole('tab', { name: eng.views.caseload, exact: true }).click()
    await caseload.locator(`.family-card[data-family-id="${quietId}"]`).waitFor()
    t.same(await familiesIn(caseload), [quietId], 'only that family is in the caseload')
    t.same(errors, [], 'no uncaught errors')
  })

  await t.test("the family's page shows the phone call in its contact log", async (t) => {
    await F.goto(`${ctx.url}/engagement/families/${quietId}`)
    await F.getByRole('heading', { level: 1, name: eng.family.title.replace('{{names}}', 'Gwyn Tawel') }).waitFor()
    const log = F.locator('section[aria-labelledby="family-contacts-heading"]')
    await log.getByText(eng.kind.phone).waitFor()
    t.match(await log.innerText(), /Siarad â Gwyn am y daith/, 'with the note')
    t.match(await log.innerText(), /Ffion Swyddog/, 'and who logged it')
    t.equal(await noOverflow(F), 0, "the family's page fits a 360px wide screen")
    t.same(errors, [], 'no uncaught errors')
  })
}
