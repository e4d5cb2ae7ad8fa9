import type { Page } from 'playwright-core'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import type { Message } from '../../shared/schemas/messaging.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'

/**
 * Messaging in a real browser, on a 360x640 phone screen: a Welsh-speaking parent and an
 * English-speaking teacher, each in a browser context of their own, write to each other live,
 * with read receipts; then the parent's page loses its connection while both write, and after
 * the reconnect each page holds every message exactly once, in order. Needs web/dist
 * (npm run build:web) and /usr/bin/chromium.
 */
const { cy, en } = catalogs

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const browser = await launchChromium(t)
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher', { name: 'Mr Rhys Jones', language: 'en' })
  const group = await ctx.makeClassGroup(ctx.school.id, { teacherId: teacher.id })
  const { guardian: parent } = await ctx.makeFamily(ctx.school.id, { classId: group.id, guardianName: 'Alys Morgan', language: 'cy' })
  const parentSession = await ctx.signIn(parent, ctx.school.id)

  const browse = (user: { id: string }) => openPhone(t, browser, ctx, user)

  /** The stored messages' bodies in the thread as the page shows them, top to bottom. */
  const shownBodies = (page: Page) => page.locator('ol.thread > li.message:not(.pending) .message-body').allInnerTexts()
  /** Waits until the page's thread shows exactly these stored messages and nothing pending. */
  async function waitForThread(page: Page, bodies: string[]) {
    await page.waitForFunction(
      (expected) => {
        const shown = [...document.querySelectorAll('ol.thread > li.message')].map((li) =>
          li.classList.contains('pending') ? '(pending)' : (li.querySelector('.message-body')?.textContent ?? ''),
        )
        return JSON.stringify(shown) === JSON.stringify(expected)
      },
      bodies,
      { polling: 100 },
    )
  }
  const typeAndSend = async (page: Page, label: string, send: string, text: string) => {
    await page.getByLabel(label, { exact: true }).fill(text)
    await page.getByRole('button', { name: send, exact: true }).click()
  }

  const parentView = await browse(parent)
  const teacherView = await browse(teacher)
  const P = parentView.page
  const T = teacherView.page

  await t.test('a parent starts a conversation with the teacher; they talk live, with read receipts', async (t) => {
    await T.goto(`${ctx.url}/messages`)
    await T.getByRole('heading', { level: 1, name: en.web.messaging.title }).waitFor()
    await T.getByText(en.web.messaging.empty).waitFor()
    await T.locator('[data-connection="online"]').waitFor({ state: 'attached' })

    await P.goto(`${ctx.url}/`)
    await P.getByRole('link', { name: cy.web.messaging.title, exact: true }).click()
    await P.waitForURL(`${ctx.url}/messages`)
    await P.getByRole('button', { name: cy.web.messaging.new_conversation }).click()
    await P.getByRole('heading', { name: cy.web.messaging.contacts_heading }).waitFor()
    await P.getByRole('button', { name: /Mr Rhys Jones/ }).click()
    await P.waitForURL(/\/messages\/[0-9a-f-]{36}$/)
    const conversationId = new URL(P.url()).pathname.split('/').pop() as string
    await P.getByRole('heading', { level: 1, name: 'Mr Rhys Jones' }).waitFor()
    await P.getByText(cy.web.messaging.no_messages_yet).waitFor()

    const compose = P.getByLabel(cy.web.messaging.thread.compose_label, { exact: true })
    t.equal(await compose.getAttribute('maxlength'), '4000', 'the send box takes at most 4,000 characters')
    await compose.fill('Bore da! Oes gwaith cartref heno?')
    await P.getByText('33 o 4,000 nod').waitFor() // the counter, in Welsh
    await P.getByRole('button', { name: cy.web.messaging.thread.send, exact: true }).click()
    await waitForThread(P, ['Bore da! Oes gwaith cartref heno?'])

    // The teacher's list shows the new conversation live, with its unread count and preview.
    const row = T.locator(`li.conversation[data-id="${conversationId}"]`)
    await row.filter({ hasText: 'Alys Morgan: Bore da! Oes gwaith cartref heno?' }).waitFor()
    t.ok(await row.getByText('1 unread message', { exact: true }).isVisible(), 'one unread message, in English')
    await row.getByRole('link').click()
    await T.waitForURL(`${ctx.url}/messages/${conversationId}`)
    await waitForThread(T, ['Bore da! Oes gwaith cartref heno?'])

    // The teacher has read it: the parent sees the receipt on their own message.
    await P.locator('ol.thread li.message.mine .message-status[data-status="read"]').waitFor()
    t.equal(
      (await P.locator('ol.thread li.message.mine .message-status').innerText()).replace('·', '').trim(),
      cy.web.messaging.thread.status.read,
      'the receipt is in Welsh',
    )

    // The teacher types: the parent is told, in Welsh; then the reply arrives live, as text.
    await T.getByLabel(en.web.messaging.thread.compose_label, { exact: true }).fill('Yes: <b>reading</b>')
    await P.getByText(cy.web.messaging.thread.typing.replace('{{name}}', 'Mr Rhys Jones')).waitFor()
    await T.getByRole('button', { name: en.web.messaging.thread.send, exact: true }).click()
    await waitForThread(P, ['Bore da! Oes gwaith cartref heno?', 'Yes: <b>reading</b>'])
    t.equal(await P.locator('ol.thread b').count(), 0, 'a message is shown as text, never as HTML')
    await T.locator('ol.thread li.message.mine .message-status[data-status="read"]').waitFor()
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
    t.same(teacherView.errors, [], 'no uncaught errors in the teacher page')
  })

  await t.test('after losing the connection, each page shows every message exactly once, in order', async (t) => {
    const conversationId = new URL(P.url()).pathname.split('/').pop() as string
    const before = ['Bore da! Oes gwaith cartref heno?', 'Yes: <b>reading</b>']

    // The parent's phone goes offline; the server side of its socket goes too (offline emulation
    // alone need not end a WebSocket that is already open).
    await parentView.context.setOffline(true)
    for (const socket of ctx.app.io.of('/').sockets.values()) if (socket.data.userId === parent.id) socket.conn.close()
    await P.locator('[data-connection="offline"]').getByText(cy.web.messaging.connection.offline).waitFor()

    // Meanwhile the teacher writes three messages, each stored (it has its seq) before the next.
    const fromTeacher = ['Offline 1: spelling list', 'Offline 2: maths page 12', 'Offline 3: see you tomorrow']
    for (const [i, text] of fromTeacher.entries()) {
      await typeAndSend(T, en.web.messaging.thread.compose_label, en.web.messaging.thread.send, text)
      await waitForThread(T, [...before, ...fromTeacher.slice(0, i + 1)])
    }
    // ...and the parent writes one, which waits in the outbox.
    await typeAndSend(P, cy.web.messaging.thread.compose_label, cy.web.messaging.thread.send, 'Diolch, wedi deall')
    const pending = P.locator('ol.thread li.message.pending')
    await pending.getByText(cy.web.messaging.thread.status.waiting).waitFor()
    t.equal(await pending.locator('.message-body').innerText(), 'Diolch, wedi deall', 'the unsent message is shown as waiting')
    await waitForThread(P, [...before, '(pending)'])

    // What the page sends once it is back (over long-polling or the WebSocket it upgrades to):
    // conversation.sync with the highest seq it holds.
    const syncs: string[] = []
    const record = (payload: string | Buffer | null) => {
      if (typeof payload === 'string' && payload.includes('"conversation.sync"')) syncs.push(payload)
    }
    P.on('request', (request) => {
      if (request.url().includes('/socket.io/') && request.method() === 'POST') record(request.postData())
    })
    P.on('websocket', (ws) => ws.on('framesent', ({ payload }) => record(payload)))
    await parentView.context.setOffline(false)
    await P.locator('[data-connection="online"]').waitFor({ state: 'attached' })
    const all = [...before, ...fromTeacher, 'Diolch, wedi deall']
    await waitForThread(P, all)
    await waitForThread(T, all)
    t.same(await shownBodies(P), all, "the parent's page: every message once, in order")
    t.same(await shownBodies(T), all, "the teacher's page: the parent's offline message once")
    const seqs = await P.locator('ol.thread > li.message').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))))
    t.same(seqs, [1, 2, 3, 4, 5, 6], 'ordered by the server sequence, no gaps or repeats')

    const stored = await ctx.app.inject({
      method: 'GET',
      url: `/api/schools/${ctx.school.id}/conversations/${conversationId}/messages?limit=50`,
      headers: parentSession.get,
    })
    t.equal(stored.statusCode, 200, 'the parent reads the messages over HTTP')
    const messages = stored.json().messages as Message[]
    t.same(
      messages.map((m) => m.body),
      all,
      'the server stored each message once',
    )
    t.equal(messages.filter((m) => m.authorId === parent.id && m.body === 'Diolch, wedi deall').length, 1, 'the offline message once')
    t.equal(
      await P.evaluate((key) => localStorage.getItem(key), `cyswllt.outbox.${parent.id}`),
      '[]',
      'the outbox kept in localStorage is empty',
    )
    // Connection state recovery may replay the teacher's messages before the page asks, so the
    // page asks from 2 (what it held offline) up to 5 (held after the replay).
    const asked = syncs.map((frame) => Number(/"afterSeq":(\d+)/.exec(frame)?.[1]))
    t.ok(
      asked.some((seq) => seq >= before.length && seq <= before.length + fromTeacher.length),
      'on reconnect the page asked for what came after the highest seq it held',
    )
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
    t.same(teacherView.errors, [], 'no uncaught errors in the teacher page')
  })

  await t.test('a parent attaches a photo, uploaded before the message is sent; the teacher gets it with the message', async (t) => {
    // A 1x1 PNG: the server types files by their bytes, so it must be a real one.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
    await P.getByLabel(cy.web.messaging.thread.attach).setInputFiles({
      name: 'llun-gwaith-cartref.png',
      mimeType: 'image/png',
      buffer: png,
    })
    const upload = P.locator('.uploads li').filter({ hasText: 'llun-gwaith-cartref.png' })
    await upload.waitFor()
    // Uploaded: the progress bar is gone and the file can be sent without any text.
    await upload.locator('progress').waitFor({ state: 'detached' })
    t.equal(await upload.getByRole('alert').count(), 0, 'the upload was accepted')
    await P.getByRole('button', { name: cy.web.messaging.thread.send, exact: true }).click()

    const link = T.locator('ol.thread li.message').last().getByRole('link', { name: 'llun-gwaith-cartref.png' })
    await link.waitFor()
    const href = await link.getAttribute('href')
    t.match(href, new RegExp(`^/api/schools/${ctx.school.id}/attachments/[0-9a-f-]{36}$`), 'the file is linked by its id')
    const file = await T.request.get(`${ctx.url}${href}`)
    t.equal(file.status(), 200, 'a participant downloads it')
    t.equal(file.headers()['content-type'], 'image/png', 'served as the type its bytes show')
    t.same(Buffer.from(await file.body()), png, 'the same bytes')
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
  })

  await t.test('the teacher posts a class announcement; the parent reads it and replies privately', async (t) => {
    const direct = new URL(P.url()).pathname.split('/').pop() as string
    await T.goto(`${ctx.url}/messages`)
    await T.getByRole('button', { name: en.web.messaging.announce.open }).click()
    await T.getByLabel(en.web.messaging.announce.class, { exact: true }).selectOption(group.id)
    await T.getByLabel(en.web.messaging.announce.body, { exact: true }).fill('Trip to the castle on Friday')
    await T.getByRole('button', { name: en.web.messaging.announce.post, exact: true }).click()
    await T.getByRole('heading', { level: 1, name: `Class announcements: ${group.nameEn}` }).waitFor()
    await waitForThread(T, ['Trip to the castle on Friday'])

    await P.goto(`${ctx.url}/messages`)
    const channel = P.locator('li.conversation').filter({ hasText: `Cyhoeddiadau'r dosbarth: ${group.nameCy}` })
    await channel.getByRole('link').click()
    await waitForThread(P, ['Trip to the castle on Friday'])
    await P.getByText(cy.web.messaging.thread.announcement_note).waitFor()
    t.equal(await P.getByLabel(cy.web.messaging.thread.compose_label).count(), 0, 'families cannot post to the channel')
    await P.getByRole('button', { name: 'Ateb Mr Rhys Jones yn breifat' }).click()
    await P.waitForURL(`${ctx.url}/messages/${direct}`)
    await P.getByLabel(cy.web.messaging.thread.compose_label, { exact: true }).waitFor()
    t.equal(new URL(P.url()).pathname, `/messages/${direct}`, 'the reply goes to the direct conversation with the teacher')
  })

  await t.test('the pages fit a 360px wide screen', async (t) => {
    for (const page of [P, T]) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      t.equal(overflow, 0, 'no sideways scrolling')
    }
  })
}
