import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import { browserMissing, launchChromium, openPhone } from '../helpers/browser.ts'
import { setup } from '../helpers/setup.ts'
import { draft, sleep } from '../newsletters/fixtures.ts'

/**
 * Offline, on a phone: a Welsh-speaking parent reads a conversation and a newsletter, loses the
 * network, reloads, and the service worker shows both from what it kept; the parent writes a
 * message, which waits (through more offline page loads) and is sent exactly once when the
 * network is back, reaching the teacher; signing out forgets what was kept. Needs web/dist
 * (npm run build:web) and /usr/bin/chromium.
 */
const { cy } = catalogs

const missing = browserMissing()
if (missing) t.fail(missing)
else {
  const ctx = await setup(t, { listen: true })
  const browser = await launchChromium(t)
  const school = ctx.school.id
  const teacher = await ctx.makeUser(school, 'teacher', { name: 'Mr Rhys Jones', language: 'en' })
  const admin = await ctx.makeUser(school, 'admin', { language: 'en' })
  const group = await ctx.makeClassGroup(school, { teacherId: teacher.id })
  const { guardian: parent } = await ctx.makeFamily(school, { classId: group.id, guardianName: 'Alys Morgan', language: 'cy' })
  const [parentSession, teacherSession, adminSession] = await Promise.all([
    ctx.signIn(parent, school),
    ctx.signIn(teacher, school),
    ctx.signIn(admin, school),
  ])

  // A conversation with one message from the teacher, and a newsletter sent to the class.
  const started = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${school}/conversations`,
    headers: parentSession.write,
    payload: { kind: 'direct', userId: teacher.id },
  })
  const conversationId = started.json().id as string
  const thread = `/api/schools/${school}/conversations/${conversationId}/messages`
  const hello = await ctx.app.inject({
    method: 'POST',
    url: thread,
    headers: teacherSession.write,
    payload: { clientId: randomUUID(), body: 'Croeso i Ddosbarth 2!' },
  })
  if (hello.statusCode !== 201) throw new Error(`teacher's message: ${hello.statusCode} ${hello.body}`)
  const newsletters = `/api/schools/${school}/newsletters`
  const created = await ctx.app.inject({
    method: 'POST',
    url: newsletters,
    headers: adminSession.write,
    payload: draft({ titleCy: 'Taith i Sain Ffagan', audience: { kind: 'classes', classIds: [group.id] } }),
  })
  const newsletterId = created.json().id as string
  await ctx.app.inject({ method: 'POST', url: `${newsletters}/${newsletterId}/send`, headers: adminSession.write, payload: {} })
  for (let i = 0; i < 100; i++) {
    const received = await ctx.app.inject({ method: 'GET', url: `${newsletters}/received`, headers: parentSession.get })
    if (received.json().newsletters?.length) break
    await sleep(100)
  }

  const parentView = await openPhone(t, browser, ctx, parent)
  const teacherView = await openPhone(t, browser, ctx, teacher)
  const P = parentView.page
  const T = teacherView.page
  const text = 'Diolch! Wedi ysgrifennu hwn all-lein.'
  const storedWith = async (column: 'client_id' | 'body', value: string) => {
    const result = await ctx.app.db.execute(sql`select count(*)::int as n from messages where ${sql.raw(column)} = ${value}`)
    return (result as unknown as { rows: { n: number }[] }).rows[0]?.n
  }
  const heading = P.getByRole('heading', { level: 1, name: 'Mr Rhys Jones' })
  const teacherMessage = P.locator('ol.thread li.message:not(.pending) .message-body').filter({ hasText: 'Croeso i Ddosbarth 2!' })

  await t.test('read online, the conversation and the newsletter are kept by the service worker', async (t) => {
    await P.goto(`${ctx.url}/messages/${conversationId}`)
    await teacherMessage.waitFor()
    // The worker registers on this first load and takes charge of the page once active.
    await P.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 })
    // ...and the page asks who is signed in again through it, so it knows someone is.
    await P.waitForFunction(async () => Boolean(await (await caches.open('cyswllt-read')).match('/api/me', { ignoreVary: true })))
    await P.getByRole('link', { name: cy.web.newsletters.title, exact: true }).first().click()
    await P.getByRole('link', { name: /Taith i Sain Ffagan/ }).click()
    await P.waitForURL(`${ctx.url}/newsletters/${newsletterId}`)
    await P.getByRole('heading', { level: 1, name: 'Taith i Sain Ffagan' }).waitFor()
    await P.goto(`${ctx.url}/messages/${conversationId}`)
    await teacherMessage.waitFor()
    const kept = await P.evaluate(async () => (await (await caches.open('cyswllt-read')).keys()).map((r) => new URL(r.url).pathname))
    t.ok(kept.includes('/api/me'), 'who is signed in')
    t.ok(kept.includes(`/newsletters/${newsletterId}`), 'the newsletter page read')
    t.ok(
      kept.some((path) => path.endsWith(`/conversations/${conversationId}/messages`)),
      "the conversation's messages",
    )
  })

  await t.test('offline, the page reloads from the service worker and a message waits in the outbox', async (t) => {
    await parentView.context.setOffline(true)
    for (const socket of ctx.app.io.of('/').sockets.values()) if (socket.data.userId === parent.id) socket.conn.close()
    const reloaded = await P.reload()
    t.ok(reloaded?.fromServiceWorker(), 'the page came from the service worker, not the network')
    await heading.waitFor()
    await teacherMessage.waitFor()
    await P.locator('[data-connection="offline"]').getByText(cy.web.messaging.connection.offline).waitFor()
    t.pass('the conversation shows offline, with the offline status in Welsh')

    await P.getByLabel(cy.web.messaging.thread.compose_label, { exact: true }).fill(text)
    await P.getByRole('button', { name: cy.web.messaging.thread.send, exact: true }).click()
    const pending = P.locator('ol.thread li.message.pending')
    await pending.getByText(cy.web.messaging.thread.status.waiting).waitFor()
    const outbox = JSON.parse((await P.evaluate((key) => localStorage.getItem(key), `cyswllt.outbox.${parent.id}`)) ?? '[]')
    t.equal(outbox.length, 1, 'the message is in the outbox kept on the phone')
    t.equal(outbox[0].body, text)
    t.equal(await storedWith('body', text), 0, 'nothing reached the server')

    // Still offline: the newsletter read earlier opens, then the conversation again, with the
    // unsent message still waiting (the outbox outlives the page).
    await P.goto(`${ctx.url}/newsletters/${newsletterId}`)
    await P.getByRole('heading', { level: 1, name: 'Taith i Sain Ffagan' }).waitFor()
    t.pass('the newsletter read earlier opens offline')
    await P.goto(`${ctx.url}/messages/${conversationId}`)
    await pending.getByText(text).waitFor()
    t.equal(await pending.getAttribute('data-client-id'), outbox[0].clientId, 'the same message, with its client id')
  })

  await t.test('back online, the message is sent once and reaches the teacher', async (t) => {
    await T.goto(`${ctx.url}/messages/${conversationId}`)
    await T.locator('[data-connection="online"]').waitFor({ state: 'attached' })
    const outbox = JSON.parse((await P.evaluate((key) => localStorage.getItem(key), `cyswllt.outbox.${parent.id}`)) ?? '[]')
    const clientId = outbox[0].clientId as string

    await parentView.context.setOffline(false)
    await P.locator('[data-connection="online"]').waitFor({ state: 'attached', timeout: 20_000 })
    await P.locator('ol.thread li.message:not(.pending) .message-body').filter({ hasText: text }).waitFor()
    await T.locator('ol.thread li.message .message-body').filter({ hasText: text }).waitFor()
    t.pass("the message reaches the teacher's page")
    t.equal(await storedWith('client_id', clientId), 1, 'stored once, with the client id it was written with')
    t.equal(await storedWith('body', text), 1, 'one row with that text')
    t.equal(await P.evaluate((key) => localStorage.getItem(key), `cyswllt.outbox.${parent.id}`), '[]', 'the outbox is empty')

    // A reload (and its reconnect) sends nothing again.
    await P.reload()
    await P.locator('[data-connection="online"]').waitFor({ state: 'attached' })
    await sleep(500)
    t.equal(await storedWith('body', text), 1, 'still one after a reload')
    t.equal(await P.locator('ol.thread li.message .message-body').filter({ hasText: text }).count(), 1, 'shown once')
  })

  await t.test('signing out forgets what the service worker kept', async (t) => {
    await P.goto(`${ctx.url}/`)
    await P.getByRole('button', { name: cy.web.home.sign_out, exact: true }).click()
    await P.getByLabel(cy.web.sign_in.email_label, { exact: true }).waitFor()
    const kept = await P.evaluate(async () => (await (await caches.open('cyswllt-read')).keys()).length)
    t.equal(kept, 0, 'no conversation, message or newsletter is left on the phone')
    t.same(parentView.errors, [], 'no uncaught errors in the parent page')
    t.same(teacherView.errors, [], 'no uncaught errors in the teacher page')
  })
}
