import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import type { Conversation } from '../../shared/schemas/messaging.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * The messaging tools in a real browser on a 360x640 phone screen: searching one's own
 * conversations, a teacher's announcement classes, closing a conversation, reporting a message
 * to the designated safeguarding lead and the lead's reports page, starting a group with chosen
 * families, and the unsent-messages warning on sign-out. A Welsh-speaking parent, an
 * English-speaking teacher and DSL. Needs web/dist (npm run build:web) and /usr/bin/chromium.
 */
const { cy, en } = catalogs

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const browser = await launchChromium(t)
  const base = `/api/schools/${ctx.school.id}`
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher', { name: 'Ms Elin Hughes', language: 'en' })
  const otherTeacher = await ctx.makeUser(ctx.school.id, 'teacher', { name: 'Mr Owain Price', language: 'en' })
  const dsl = await ctx.makeUser(ctx.school.id, 'dsl', { name: 'Mrs Sian Lloyd', language: 'en' })
  const ownClass = await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Derwen', nameEn: 'Oak Class', teacherId: teacher.id })
  const otherClass = await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Onnen', nameEn: 'Ash Class', teacherId: otherTeacher.id })
  const { guardian: parent } = await ctx.makeFamily(ctx.school.id, {
    classId: ownClass.id,
    guardianName: 'Alys Morgan',
    learnerName: 'Osian Morgan',
    language: 'cy',
  })
  const { guardian: otherParent } = await ctx.makeFamily(ctx.school.id, {
    classId: ownClass.id,
    guardianName: 'Gareth Evans',
    learnerName: 'Nia Evans',
    language: 'en',
  })

  // A family of another teacher's class: never offered to this teacher.
  await ctx.makeFamily(ctx.school.id, { classId: otherClass.id, guardianName: 'Bethan Jones', learnerName: 'Cai Jones', language: 'en' })

  /** Starts a direct conversation over HTTP and sends the given messages in it, one by one. */
  async function talk(from: { id: string }, to: { id: string }, bodies: string[]): Promise<Conversation> {
    const session = await ctx.signIn(from, ctx.school.id)
    const started = await ctx.app.inject({
      method: 'POST',
      url: `${base}/conversations`,
      headers: session.write,
      payload: { kind: 'direct', userId: to.id },
    })
    if (started.statusCode !== 201) throw new Error(`conversation not started: ${started.body}`)
    const conversation = started.json() as Conversation
    for (const body of bodies) {
      const sent = await ctx.app.inject({
        method: 'POST',
        url: `${base}/conversations/${conversation.id}/messages`,
        headers: session.write,
        payload: { clientId: randomUUID(), body },
      })
      if (sent.statusCode !== 201) throw new Error(`message not stored: ${sent.body}`)
    }
    return conversation
  }

  /** Sends one message over HTTP as this person. */
  async function send(from: { id: string }, conversationId: string, body: string) {
    const session = await ctx.signIn(from, ctx.school.id)
    const sent = await ctx.app.inject({
      method: 'POST',
      url: `${base}/conversations/${conversationId}/messages`,
      headers: session.write,
      payload: { clientId: randomUUID(), body },
    })
    if (sent.statusCode !== 201) throw new Error(`message not stored: ${sent.body}`)
    return { message: sent.json().message as { id: string }, session }
  }

  const browse = (user: { id: string }) => openPhone(t, browser, ctx, user)

  const ownMessage = 'Mae llyfr darllen Osian ar goll <i>eto</i>'
  const othersMessage = 'Nia has lost her llyfr darllen too'
  const direct = await talk(parent, teacher, [ownMessage])
  await talk(otherParent, teacher, [othersMessage])

  const parentView = await browse(parent)
  const teacherView = await browse(teacher)
  const P = parentView.page
  const T = teacherView.page

  /** Overflow sideways, in pixels: 0 when the page fits the 360px screen. */
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

  await t.test("a parent searches and finds their own message, as text, and not another family's", async (t) => {
    await P.goto(`${ctx.url}/messages`)
    await P.locator('[data-connection="online"]').waitFor({ state: 'attached' })
    const box = P.getByLabel(cy.web.messaging.search.label, { exact: true })
    await box.fill('d')
    t.ok(await P.getByRole('button', { name: cy.web.messaging.search.submit, exact: true }).isDisabled(), 'one character is too short')
    await box.fill('llyfr darllen')
    await P.getByRole('button', { name: cy.web.messaging.search.submit, exact: true }).click()
    const results = P.locator('li.search-result')
    await results.first().waitFor()
    t.same(await results.locator('.message-body').allInnerTexts(), [ownMessage], 'only their own message, shown as text')
    t.equal(await results.locator('i').count(), 0, 'never as HTML')
    t.notOk(await P.getByText(othersMessage).count(), "another family's message is not found")
    t.equal(await overflow(P), 0, 'the results fit the screen')
    await results.getByRole('link').click()
    await P.waitForURL(`${ctx.url}/messages/${direct.id}`)
    await P.locator('ol.thread li.message .message-body').filter({ hasText: ownMessage }).waitFor()
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
  })

  await t.test("a teacher's announcement form offers only their own class, and the channel is named by it", async (t) => {
    await T.goto(`${ctx.url}/messages`)
    await T.getByRole('button', { name: en.web.messaging.announce.open }).click()
    const select = T.getByLabel(en.web.messaging.announce.class, { exact: true })
    // The placeholder and the one class the server lists (never Ash Class, taught by someone else).
    await T.waitForFunction(() => document.querySelectorAll('#announce-class option').length === 2, null, { polling: 100 })
    t.same(await select.locator('option').allInnerTexts(), [en.web.messaging.announce.choose_class, ownClass.nameEn], 'only Oak Class')
    t.notOk((await select.innerText()).includes(otherClass.nameEn), 'not the class of another teacher')
    await select.selectOption(ownClass.id)
    await T.getByLabel(en.web.messaging.announce.body, { exact: true }).fill('Sports day is on Friday')
    await T.getByRole('button', { name: en.web.messaging.announce.post, exact: true }).click()
    await T.getByRole('heading', { level: 1, name: 'Class announcements: Oak Class' }).waitFor()

    await P.goto(`${ctx.url}/messages`)
    await P.locator('li.conversation').filter({ hasText: "Cyhoeddiadau'r dosbarth: Dosbarth Derwen" }).waitFor()
    t.same(teacherView.errors, [], 'no uncaught errors in the teacher page')
  })

  await t.test("the parent reports a teacher's message; the DSL's page lists it and opens the whole conversation", async (t) => {
    const { message, session } = await send(teacher, direct.id, 'Meet me after school, just us')
    // The teacher corrects it within five minutes: the lead sees the earlier text too.
    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: `${base}/conversations/${direct.id}/messages/${message.id}`,
      headers: session.write,
      payload: { body: 'See you at parents evening' },
    })
    t.equal(edited.statusCode, 200, 'the teacher edited the message')

    await P.goto(`${ctx.url}/messages/${direct.id}`)
    const theirs = P.locator('ol.thread li.message:not(.mine)').filter({ hasText: 'See you at parents evening' })
    await theirs.waitFor()
    t.equal(
      await P.locator('ol.thread li.message.mine').getByRole('button', { name: cy.web.messaging.report.open }).count(),
      0,
      'no report button on their own message',
    )
    await theirs.getByRole('button', { name: cy.web.messaging.report.open }).click()
    await theirs.getByLabel(cy.web.messaging.report.reason, { exact: true }).fill('Roedd y neges gyntaf yn fy mhoeni <b>yn fawr</b>')
    await theirs.getByRole('button', { name: cy.web.messaging.report.send, exact: true }).click()
    await theirs.getByRole('status').getByText(cy.web.messaging.report.sent).waitFor()
    t.equal(await overflow(P), 0, 'the report form fits the screen')

    const leadView = await browse(dsl)
    const L = leadView.page
    await L.goto(`${ctx.url}/`)
    await L.getByRole('link', { name: en.web.safeguarding.title }).click()
    await L.waitForURL(`${ctx.url}/safeguarding`)
    await L.getByText(en.web.safeguarding.audit_note).waitFor()
    const report = L.locator('li.report')
    await report.first().waitFor()
    t.equal(await report.count(), 1, 'one report')
    t.ok(await report.getByText('Reported by Alys Morgan').isVisible(), 'who reported it')
    t.equal(await report.locator('.report-reason').innerText(), 'Roedd y neges gyntaf yn fy mhoeni <b>yn fawr</b>', 'the reason, as text')
    t.equal(await report.locator('b').count(), 0, 'never as HTML')

    await report.getByRole('button', { name: en.web.safeguarding.open }).click()
    const thread = report.locator('ol.thread')
    await thread.locator('li.message.reported').waitFor()
    t.same(
      await thread.locator('li.message > .message-body').allInnerTexts(),
      [ownMessage, 'See you at parents evening'],
      'the whole conversation, in order',
    )
    t.equal(await thread.locator('li.message.reported .message-author').innerText(), 'Ms Elin Hughes', 'the reported message is marked')
    t.equal(
      await thread.locator('li.message.reported .earlier-version .message-body').innerText(),
      'Meet me after school, just us',
      'with the text before the edit',
    )
    t.equal(await overflow(L), 0, 'the reports page fits the screen')

    await report.getByRole('button', { name: en.web.safeguarding.resolve }).click()
    await report.getByText(/^Dealt with /).waitFor()
    const reports = await ctx.app.inject({
      method: 'GET',
      url: `${base}/safeguarding/reports`,
      headers: (await ctx.signIn(dsl, ctx.school.id)).get,
    })
    t.ok(reports.json().reports[0].resolvedAt, 'the server holds the report as dealt with')
    t.same(leadView.errors, [], 'no uncaught errors in the lead page')
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
  })

  await t.test("a teacher closes the conversation; the parent's page shows the closed notice and no send box", async (t) => {
    await P.goto(`${ctx.url}/messages/${direct.id}`)
    await P.getByLabel(cy.web.messaging.thread.compose_label, { exact: true }).waitFor()
    await P.locator('[data-connection="online"]').waitFor({ state: 'attached' })

    await T.goto(`${ctx.url}/messages/${direct.id}`)
    await T.getByRole('button', { name: en.web.messaging.close.open, exact: true }).click()
    await T.getByText(en.web.messaging.close.confirm).waitFor()
    await T.getByRole('button', { name: en.web.messaging.close.yes, exact: true }).click()
    await T.getByText(en.web.messaging.thread.closed).waitFor()
    t.equal(await T.getByLabel(en.web.messaging.thread.compose_label).count(), 0, "the teacher's send box is gone")
    t.equal(await T.getByRole('button', { name: en.web.messaging.close.open }).count(), 0, 'no close button once closed')

    // The parent's open page hears of it live.
    await P.getByText(cy.web.messaging.thread.closed).waitFor()
    await P.getByLabel(cy.web.messaging.thread.compose_label).waitFor({ state: 'detached' })
    t.equal(await P.getByLabel(cy.web.messaging.thread.compose_label).count(), 0, "the parent's send box is gone")
    t.equal(await P.getByRole('button', { name: cy.web.messaging.close.open }).count(), 0, 'families have no close button')
    t.same(teacherView.errors, [], 'no uncaught errors in the teacher page')
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
  })

  await t.test('a teacher starts a group with a chosen family, by learner; only that family joins', async (t) => {
    await T.goto(`${ctx.url}/messages`)
    await T.getByRole('button', { name: en.web.messaging.group.open }).click()
    await T.getByLabel(en.web.messaging.group.name, { exact: true }).fill('Castle trip helpers')
    const choices = T.locator('.group-choices label')
    await choices.first().waitFor()
    t.same(
      await choices.locator('.contact-name').allInnerTexts(),
      ['Nia Evans', 'Osian Morgan'],
      "the learners of the teacher's own class, not Cai Jones of Ash Class",
    )
    t.ok(await choices.filter({ hasText: 'Osian Morgan' }).getByText('(family: Alys Morgan)').isVisible(), 'with their family')
    await T.getByRole('checkbox', { name: /Osian Morgan/ }).check()
    await T.getByText('1 child chosen (up to 200).').waitFor()
    t.equal(await overflow(T), 0, 'the group form fits the screen')
    await T.getByRole('button', { name: en.web.messaging.group.start, exact: true }).click()
    await T.getByRole('heading', { level: 1, name: 'Castle trip helpers' }).waitFor()
    const groupId = new URL(T.url()).pathname.split('/').pop() as string
    await T.getByLabel(en.web.messaging.thread.compose_label, { exact: true }).fill('Can anyone help on Friday?')
    await T.getByRole('button', { name: en.web.messaging.thread.send, exact: true }).click()

    await P.goto(`${ctx.url}/messages`)
    await P.locator(`li.conversation[data-id="${groupId}"]`).filter({ hasText: 'Can anyone help on Friday?' }).waitFor()
    const others = await ctx.app.inject({
      method: 'GET',
      url: `${base}/conversations`,
      headers: (await ctx.signIn(otherParent, ctx.school.id)).get,
    })
    t.notOk(
      (others.json().conversations as Conversation[]).some((c) => c.id === groupId),
      'a family not chosen is not in the group',
    )
    t.same(teacherView.errors, [], 'no uncaught errors in the teacher page')
  })

  await t.test('signing out first says how many unsent messages would be lost, then deletes them from the device', async (t) => {
    // A message written earlier to the conversation now closed: the server refuses it, so it stays unsent.
    const key = `cyswllt.outbox.${parent.id}`
    const item = {
      clientId: randomUUID(),
      conversationId: direct.id,
      body: 'Neges na chafodd ei hanfon',
      attachments: [],
      state: 'waiting',
      createdAt: new Date().toISOString(),
    }
    await P.evaluate(([k, value]) => localStorage.setItem(k, value), [key, JSON.stringify([item])] as const)
    await P.goto(`${ctx.url}/`)
    await P.getByRole('button', { name: cy.web.home.sign_out, exact: true }).click()
    const warning = cy.web.messaging.outbox.sign_out_warning_one.replace('{{count}}', '1')
    await P.getByText(warning).waitFor()
    await P.getByRole('button', { name: cy.web.messaging.cancel, exact: true }).click()
    await P.getByText(warning).waitFor({ state: 'detached' })
    t.ok(await P.evaluate((k) => localStorage.getItem(k), key), 'cancelled: the unsent message is kept')
    t.ok((await P.evaluate((k) => localStorage.getItem(k), key))?.includes('Neges na chafodd ei hanfon'), 'with its text')

    await P.getByRole('button', { name: cy.web.home.sign_out, exact: true }).click()
    await P.getByRole('button', { name: cy.web.messaging.outbox.sign_out_anyway, exact: true }).click()
    await P.getByRole('heading', { level: 1, name: cy.web.sign_in.title }).waitFor()
    t.equal(await P.evaluate((k) => localStorage.getItem(k), key), null, 'signed out: nothing of it is left in localStorage')
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
  })
}
