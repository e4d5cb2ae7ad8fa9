import type { Locator, Page } from 'playwright-core'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'
import type { ReceivedMail } from '../helpers/smtp.ts'
import { withoutQuietHours } from '../newsletters/fixtures.ts'

/**
 * The family forum in a real browser, the whole loop: an English-speaking FEO creates a forum
 * and adds a chair; a Welsh-speaking member proposes an item in Welsh and an English-speaking
 * member proposes one anonymously; a third member (both languages) supports the first and
 * comments on it, live on the proposer's screen; the FEO accepts it, adds its English, declines
 * the other with reasons in both languages, creates a meeting, builds the agenda from the
 * suggestions (a standing item moved by keyboard, too long refused by the server), publishes
 * it (an email with an iCalendar invitation arrives), sees who is coming, writes the minutes
 * and actions, shares and approves them; then a Welsh-speaking parent who is not a member
 * reads the outcome on "You said, we did", in Welsh, with no author named.
 * Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const { cy, en } = catalogs
const fo = { cy: cy.web.forum, en: en.web.forum }

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const browser = await launchChromium(t)
  const school = ctx.school.id
  const oak = await ctx.makeClassGroup(school, { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class' })
  const feo = await ctx.makeUser(school, 'feo', { name: 'Ffion Hughes', language: 'en' })
  const family = async (name: string, language: 'cy' | 'en' | 'both') =>
    (await ctx.makeFamily(school, { classId: oak.id, guardianName: name, language })).guardian
  const gwen = await family('Gwen Rhiant', 'cy')
  const emma = await family('Emma Parent', 'en')
  const bryn = await family('Bryn Both', 'both')
  const owain = await family('Owain Outside', 'cy')
  for (const u of [feo, gwen, emma, bryn, owain]) await withoutQuietHours(ctx, u.id)

  const feoView = await openPhone(t, browser, ctx, feo)
  const gwenView = await openPhone(t, browser, ctx, gwen)
  const emmaView = await openPhone(t, browser, ctx, emma)
  const brynView = await openPhone(t, browser, ctx, bryn)
  const F = feoView.page
  const G = gwenView.page
  const E = emmaView.page
  const B = brynView.page

  const label = (scope: Page | Locator, text: string) => scope.getByLabel(text, { exact: true })
  const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' })
  const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  const plural = (text: string, count: number) => text.replace('{{count}}', String(count))
  /** A date-time-local value in this machine's zone (the browser's too). */
  const localInput = (date: Date) => {
    const p = (n: number) => String(n).padStart(2, '0')
    return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`
  }
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86400_000).toISOString().slice(0, 10)
  /** The next mail to this address that passes the test (earlier ones, other notifications, are skipped). */
  async function mailMatching(to: string, test: (mail: ReceivedMail) => boolean): Promise<ReceivedMail> {
    const deadline = Date.now() + 30_000
    for (;;) {
      const mail = await ctx.mail.next(to, Math.max(1, deadline - Date.now()))
      if (test(mail)) return mail
    }
  }

  let forumId = ''
  let crossingId = ''
  let clubId = ''
  let meetingId = ''
  const crossingCy = 'Croesfan ddiogel wrth giât yr ysgol'
  const crossingEn = 'A safe crossing at the school gate'
  const clubEn = 'A homework club after school'

  await t.test('an FEO creates a forum from the navigation and adds a chair who represents a class', async (t) => {
    await F.setViewportSize({ width: 1280, height: 900 })
    await F.goto(`${ctx.url}/`)
    await F.getByRole('link', { name: fo.en.title, exact: true }).click()
    await F.waitForURL(`${ctx.url}/forum`)
    await F.getByRole('heading', { level: 1, name: fo.en.title }).waitFor()
    await F.getByText(fo.en.list.empty).waitFor()
    await label(F, fo.en.create.name_cy).fill('Fforwm Teuluoedd')
    await label(F, fo.en.create.name_en).fill('Family Forum')
    await label(F, fo.en.create.description_cy).fill('Llais teuluoedd yr ysgol.')
    await label(F, fo.en.create.description_en).fill('The voice of the school’s families.')
    await label(F, fo.en.create.open_item_limit).fill('2')
    await button(F, fo.en.create.submit).click()
    await F.waitForURL(/\/forum\/[0-9a-f-]{36}$/)
    forumId = new URL(F.url()).pathname.split('/')[2] as string
    await F.getByRole('heading', { level: 1, name: 'Family Forum' }).waitFor()
    await F.getByText('The voice of the school’s families.').waitFor()

    await label(F, fo.en.members.person).selectOption({ label: 'Gwen Rhiant' })
    await label(F, fo.en.members.role).selectOption('chair')
    await label(F, fo.en.members.represents_class).selectOption({ label: 'Oak Class' })
    await button(F, fo.en.members.add).click()
    await F.getByText(fo.en.members.added).waitFor()
    const row = F.locator(`.member[data-user-id="${gwen.id}"]`)
    await row.waitFor()
    t.match(await row.innerText(), /Chair/, 'Gwen is the chair')
    t.match(await row.innerText(), /Represents Oak Class/, 'representing Oak Class')

    // The other two members by API: adding people is not the point of the rest.
    const session = await ctx.signIn(feo, school)
    for (const user of [emma, bryn]) {
      const res = await ctx.app.inject({
        method: 'PUT',
        url: `/api/schools/${school}/forums/${forumId}/members/${user.id}`,
        headers: session.write,
        payload: { role: 'member', representsClassId: null, representsYear: null },
      })
      t.equal(res.statusCode, 200, 'member added')
    }
    t.same(feoView.errors, [], 'no uncaught errors in the FEO page')
  })

  await t.test('two members propose items: one in Welsh, one in English anonymously', async (t) => {
    await G.goto(`${ctx.url}/forum/${forumId}`)
    t.equal(await G.getByRole('radio', { name: 'Cymraeg' }).isChecked(), true, 'a Welsh speaker starts writing in Welsh')
    await label(G, fo.cy.propose.item_title).fill(crossingCy)
    await label(G, fo.cy.propose.description).fill('Mae’r ceir yn gyrru’n rhy gyflym wrth y giât yn y bore.')
    await button(G, fo.cy.propose.submit).click()
    await G.getByText(fo.cy.propose.done).waitFor()
    const mine = G.locator('.forum-item').filter({ hasText: crossingCy })
    await mine.getByText(fo.cy.item.by_you, { exact: true }).waitFor()
    crossingId = (await mine.getAttribute('data-item-id')) as string
    t.equal(await noOverflow(G), 0, 'the forum page fits a 360px wide screen')

    await E.goto(`${ctx.url}/forum/${forumId}`)
    t.equal(await E.getByRole('radio', { name: 'English' }).isChecked(), true, 'an English speaker starts writing in English')
    await label(E, fo.en.propose.item_title).fill(clubEn)
    await label(E, fo.en.propose.description).fill('Somewhere quiet to do homework until 5pm.')
    await E.getByRole('checkbox', { name: fo.en.propose.anonymous }).check()
    await E.getByText(fo.en.propose.anonymous_help).waitFor()
    await button(E, fo.en.propose.submit).click()
    await E.getByText(fo.en.propose.done).waitFor()
    const club = E.locator('.forum-item').filter({ hasText: clubEn })
    await club.getByText(fo.en.item.by_you_anonymous, { exact: true }).waitFor()
    clubId = (await club.getAttribute('data-item-id')) as string

    await G.reload()
    const seen = G.locator(`.forum-item[data-item-id="${clubId}"]`)
    await seen.getByText(fo.cy.item.by_a_family, { exact: true }).waitFor()
    t.notMatch(await G.locator('.item-list').innerText(), /Emma/, 'other members do not see who proposed it anonymously')
    t.same([gwenView.errors, emmaView.errors], [[], []], 'no uncaught errors in the members’ pages')
  })

  await t.test('a third member supports the Welsh item and comments; the proposer sees the comment live', async (t) => {
    await G.goto(`${ctx.url}/forum/${forumId}/items/${crossingId}`)
    await G.getByRole('heading', { level: 1, name: crossingCy }).waitFor()

    await B.goto(`${ctx.url}/forum/${forumId}`)
    await B.getByRole('link', { name: crossingCy }).click()
    await B.waitForURL(`${ctx.url}/forum/${forumId}/items/${crossingId}`)
    const welsh = B.locator('.item-text[data-language="cy"]')
    await welsh.getByText(fo.en.text.original).waitFor()
    await B.locator('.item-text[data-language="en"]').getByText(fo.en.text.not_translated_en).waitFor()
    await button(B, new RegExp(fo.en.support.give)).click()
    await B.locator('.support .support-count[data-supports="1"]').waitFor()
    t.match(await B.locator('.support .support-count').innerText(), /1 cefnogwr \/ 1 supporter/, 'the count in both languages')
    await B.getByRole('button', { name: new RegExp(fo.en.support.withdraw) }).waitFor()

    await label(B, `${fo.cy.comments.label} / ${fo.en.comments.label}`).fill('Cytuno’n llwyr: mae angen hebryngwr croesi.')
    await button(B, new RegExp(fo.en.comments.send)).click()
    await B.locator('.forum-comments .message.mine').getByText('Cytuno’n llwyr: mae angen hebryngwr croesi.').waitFor()
    // Live over the socket on the proposer's open page, without a reload.
    const live = G.locator('.forum-comments .message').filter({ hasText: 'Cytuno’n llwyr' })
    await live.waitFor()
    t.match(await live.innerText(), /Bryn Both/, 'with who wrote it')
    await G.locator('.support-count[data-supports="1"]').waitFor()
    t.same(brynView.errors, [], 'no uncaught errors in the supporter’s page')
  })

  await t.test('the FEO accepts the supported item, adds its English, and declines the other with reasons', async (t) => {
    await F.goto(`${ctx.url}/forum/${forumId}/items/${crossingId}`)
    await F.getByText('Proposed by Gwen Rhiant', { exact: true }).waitFor()
    await F.locator('.support-count[data-supports="1"]').waitFor()
    await button(F, fo.en.facilitate.accepted).click()
    await F.getByText(fo.en.facilitate.done_accepted).waitFor()
    await F.locator('.status-line .status-badge[data-status="accepted"]').waitFor()
    // The proposer's open page follows (forum.item.updated), in Welsh.
    await G.locator('.status-line .status-badge[data-status="accepted"]').getByText(fo.cy.status.accepted).waitFor()

    await button(F, fo.en.text.add_en).click()
    await label(F, fo.en.text.title_en).fill(crossingEn)
    await label(F, fo.en.text.description_en).fill('Cars drive too fast by the gate in the morning.')
    await button(F, fo.en.text.save).click()
    await F.getByText(fo.en.text.saved).waitFor()
    await F.locator('.item-text[data-language="en"] .item-title').getByText(crossingEn).waitFor()
    await F.locator('.item-history li[data-kind="text"]').waitFor()

    await F.goto(`${ctx.url}/forum/${forumId}/items/${clubId}`)
    await F.getByText('Proposed by Emma Parent (anonymous: others see “a family”)', { exact: true }).waitFor()
    await button(F, fo.en.facilitate.declined).click()
    await F.getByText(fo.en.facilitate.decline_help).waitFor()
    t.equal(await button(F, fo.en.facilitate.decline_confirm).isDisabled(), true, 'no decline without both reasons')
    await label(F, fo.en.facilitate.reason_cy).fill('Mae’r clwb gwaith cartref yn rhedeg eisoes ar ddydd Mercher.')
    await label(F, fo.en.facilitate.reason_en).fill('The homework club already runs on Wednesdays.')
    await button(F, fo.en.facilitate.decline_confirm).click()
    await F.getByText(fo.en.facilitate.done_declined).waitFor()
    await F.locator('.decline-reason').getByText('The homework club already runs on Wednesdays.').waitFor()
    t.same(feoView.errors, [], 'no uncaught errors in the FEO page')
  })

  await t.test('the FEO creates a meeting, builds the agenda from the suggestions and publishes it', async (t) => {
    await F.goto(`${ctx.url}/forum/${forumId}`)
    const starts = new Date(Date.now() + 7 * 86400_000)
    starts.setHours(18, 30, 0, 0)
    await label(F, fo.en.meetings.starts_at).fill(localInput(starts))
    await label(F, fo.en.meetings.duration).fill('30')
    await label(F, fo.en.meetings.place).fill('Neuadd yr ysgol / School hall')
    await button(F, fo.en.meetings.create).click()
    await F.waitForURL(/\/meetings\/[0-9a-f-]{36}$/)
    meetingId = new URL(F.url()).pathname.split('/')[4] as string

    // The suggested agenda is the starting point: the accepted item, with its support.
    const itemLine = F.locator(`.agenda-line[data-item-id="${crossingId}"]`)
    await itemLine.waitFor()
    t.match(await itemLine.innerText(), /1 supporter/, 'with its support')
    await label(F, fo.en.agenda.standing_title_cy).fill('Ymddiheuriadau')
    await label(F, fo.en.agenda.standing_title_en).fill('Apologies')
    await label(F, fo.en.agenda.minutes).fill('5')
    await button(F, fo.en.agenda.standing_add).click()
    const titles = () => F.locator('.agenda-line .agenda-line-title').allInnerTexts()
    t.same(await titles(), [`1. ${crossingEn}`, '2. Apologies'], 'the standing item goes last')

    // By keyboard: the standing item moves up, and focus stays on it.
    await F.getByRole('button', { name: 'Move up: Apologies' }).focus()
    await F.keyboard.press('Enter')
    t.same(await titles(), ['1. Apologies', `2. ${crossingEn}`], 'moved up')
    await F.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move down: Apologies')
    t.pass('focus follows the moved line (on "down" once it is first)')

    await label(F, `Minutes: ${crossingEn}`).fill('40')
    await F.getByText('Total: 45 of 30 minutes.').waitFor()
    await F.getByText(plural(fo.en.agenda.too_long_other, 15)).waitFor()
    await button(F, fo.en.agenda.save).click()
    await F.locator('.agenda-builder .alert').getByText('The agenda runs 45 minutes but the meeting lasts 30.', { exact: false }).waitFor()
    await label(F, `Minutes: ${crossingEn}`).fill('20')
    await F.getByText('Total: 25 of 30 minutes.').waitFor()
    await button(F, fo.en.agenda.publish).click()
    await F.getByText(fo.en.agenda.published).waitFor()
    await F.locator('[data-meeting-status="published"]').waitFor()

    const mail = await mailMatching(gwen.email as string, (m) => m.attachments.some((a) => a.contentType.startsWith('text/calendar')))
    const calendar = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content ?? ''
    t.match(calendar, /BEGIN:VCALENDAR/, 'the email carries an iCalendar invitation')
    t.match(calendar, /Neuadd yr ysgol/, 'with the place')

    await F.setViewportSize({ width: 360, height: 640 })
    t.equal(await noOverflow(F), 0, 'the agenda builder fits a 360px wide screen')
    await F.setViewportSize({ width: 1280, height: 900 })
    t.same(feoView.errors, [], 'no uncaught errors in the FEO page')
  })

  await t.test('a member says she will come, in Welsh; the FEO sees the count', async (t) => {
    await G.goto(`${ctx.url}/forum/${forumId}/meetings/${meetingId}`)
    await G.getByRole('heading', { level: 2, name: fo.cy.attendance.title }).waitFor()
    t.match(await G.locator('.agenda-list').innerText(), new RegExp(crossingCy), 'the agenda in Welsh')
    await G.getByRole('radio', { name: fo.cy.attendance.coming }).check()
    await G.getByRole('radio', { name: fo.cy.attendance.language.cy, exact: true }).check()
    await button(G, fo.cy.attendance.save).click()
    await G.getByText(fo.cy.attendance.saved_coming).waitFor()

    await F.reload()
    await F.locator('[data-count="coming"]', { hasText: /^1$/ }).waitFor()
    t.equal(await F.locator('[data-count="welsh"]').innerText(), '1', 'one asked for Welsh')
    t.equal(await F.locator('[data-count="interpretation"]').innerText(), '0', 'nobody asked for interpretation')
    t.same(gwenView.errors, [], 'no uncaught errors in the member’s page')
  })

  await t.test('the FEO writes the minutes and actions, shares the draft and approves it', async (t) => {
    const entry = F.locator('.minutes-entry').filter({ hasText: crossingEn })
    await entry.waitFor()
    t.equal(await entry.getByRole('checkbox', { name: fo.en.minutes.reached }).isChecked(), true, 'reached, unless unticked')
    await label(entry, fo.en.minutes.minutes_cy).fill('Trafododd y fforwm y traffig wrth y giât.')
    await label(entry, fo.en.minutes.minutes_en).fill('The forum discussed the traffic at the gate.')
    await label(entry, fo.en.minutes.decision_cy).fill('Bydd yr ysgol yn gofyn i’r cyngor am hebryngwr croesi.')
    await label(entry, fo.en.minutes.decision_en).fill('The school will ask the council for a crossing patrol.')
    await button(F, fo.en.minutes.save).click()
    await F.getByText(fo.en.minutes.saved).waitFor()

    const addAction = async (cyText: string, enText: string, owner: string, due: string) => {
      await label(entry, fo.en.actions.description_cy).fill(cyText)
      await label(entry, fo.en.actions.description_en).fill(enText)
      await label(entry, fo.en.actions.owner_label).fill(owner)
      await label(entry, fo.en.actions.due_label).fill(due)
      await entry.getByRole('button', { name: fo.en.actions.add, exact: true }).click()
      await entry.locator('.forum-action').filter({ hasText: enText }).waitFor()
    }
    await addAction('Ysgrifennu at y cyngor', 'Write to the council', 'Mrs Price, pennaeth', day(14))
    await addAction('Rhoi arwydd araf wrth y giât', 'Put a slow sign by the gate', 'Mr Evans, gofalwr', day(-2))
    t.equal(await entry.locator('.forum-action .overdue').count(), 1, 'the action past its date says it is overdue')

    await button(F, fo.en.minutes.share).click()
    await F.getByText(fo.en.minutes.shared).waitFor()
    await F.locator('[data-minutes-status="shared"]').waitFor()
    await button(F, fo.en.minutes.approve).click()
    await F.getByText(fo.en.minutes.approve_confirm).waitFor()
    await button(F, fo.en.minutes.approve_yes).click()
    await F.getByText(fo.en.minutes.approved).waitFor()
    await F.locator('[data-minutes-status="approved"]').waitFor()
    t.equal(await F.locator('.minutes-entry textarea').count(), 0, 'approved minutes are read-only')
    const locked = F.locator('.minutes-entry').filter({ hasText: crossingEn })
    await locked.getByText('The school will ask the council for a crossing patrol.').waitFor()
    t.equal(await locked.getByLabel(fo.en.actions.status_label).count(), 2, 'actions can still be reported on')

    await F.goto(`${ctx.url}/forum/${forumId}/items/${crossingId}`)
    await F.locator('.status-line .status-badge[data-status="discussed"]').waitFor()
    t.same(feoView.errors, [], 'no uncaught errors in the FEO page')
  })

  await t.test('a parent who is not a member reads the outcome on "You said, we did", in Welsh', async (t) => {
    const { page: O, errors } = await openPhone(t, browser, ctx, owain)
    await O.goto(`${ctx.url}/`)
    await O.getByRole('link', { name: fo.cy.title, exact: true }).click()
    await O.getByText(fo.cy.list.empty).waitFor()
    await O.getByRole('link', { name: fo.cy.record.title, exact: true }).click()
    await O.waitForURL(`${ctx.url}/forum-record`)
    await O.getByRole('heading', { level: 1, name: fo.cy.record.title }).waitFor()
    await O.getByRole('heading', { level: 2, name: 'Fforwm Teuluoedd' }).waitFor()

    const item = O.locator(`.record-item[data-item-id="${crossingId}"]`)
    await item.waitFor()
    t.equal(await item.locator('.record-title').innerText(), crossingCy, 'the title in Welsh')
    t.equal(await item.locator('.status-badge').innerText(), fo.cy.status.discussed, 'discussed')
    const text = await item.innerText()
    t.match(text, /Bydd yr ysgol yn gofyn i’r cyngor am hebryngwr croesi\./, 'the decision in Welsh')
    t.notMatch(text, /crossing patrol/, 'and not in English')
    t.match(text, /Ysgrifennu at y cyngor/, 'the actions')
    t.match(text, /Mrs Price, pennaeth/, 'with who will do them')
    const overdue = item.locator('.forum-action').filter({ hasText: 'Rhoi arwydd araf wrth y giât' })
    t.match(await overdue.innerText(), new RegExp(fo.cy.actions.overdue), 'the overdue action says so in words')
    t.notMatch(
      await item.locator('.forum-action').filter({ hasText: 'Ysgrifennu at y cyngor' }).innerText(),
      new RegExp(fo.cy.actions.overdue),
      'the other is not overdue',
    )
    t.match(text, new RegExp(plural(fo.cy.record.overdue_count_one, 1)), 'the item counts its overdue actions')

    const declined = O.locator(`.record-item[data-item-id="${clubId}"]`)
    t.equal(await declined.locator('.status-badge').innerText(), fo.cy.status.declined, 'the declined item is there')
    t.match(await declined.innerText(), /Mae’r clwb gwaith cartref yn rhedeg eisoes ar ddydd Mercher\./, 'with the reason in Welsh')

    const page = await O.locator('main').innerText()
    for (const name of ['Gwen Rhiant', 'Emma Parent', 'Bryn Both']) t.notMatch(page, new RegExp(name), `${name} is never named`)
    t.equal(await noOverflow(O), 0, 'the record fits a 360px wide screen')
    t.same(errors, [], 'no uncaught errors in the parent’s page')
  })
}
