import { io as connect, type Socket } from 'socket.io-client'
import t from 'tap'
import { catalogs } from '../../shared/i18n.ts'
import type { NotificationItem } from '../../shared/schemas/notifications.ts'
import { startPushEndpoint } from '../helpers/push-endpoint.ts'
import { setup } from '../helpers/setup.ts'

/** Midday in London: outside parents' default quiet hours, whenever the tests run. */
const NOON = new Date('2026-11-23T12:00:00Z')

t.test('a notification reaches cy in Welsh, en in English and both with Welsh first: in-app, email and push', async (t) => {
  const push = await startPushEndpoint()
  t.teardown(push.close)
  const ctx = await setup(t, { listen: true, workerOptions: { clock: () => NOON, pushAgent: push.agent } })

  const expected = {
    cy: { subject: 'Hysbysiad prawf', push: 'Cyrhaeddodd hysbysiad prawf gan Cyswllt y ddyfais hon.' },
    en: { subject: 'Test notification', push: 'A test notification from Cyswllt reached this device.' },
  }

  for (const language of ['cy', 'en', 'both'] as const) {
    await t.test(language, async (t) => {
      const { guardian } = await ctx.makeFamily(ctx.school.id, { language, learnerName: 'Gwenllian Secret' })
      const session = await ctx.signIn(guardian, ctx.school.id)
      const device = push.subscription()
      const subscribed = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/push/subscriptions',
        headers: session.write,
        payload: { ...device.json, label: 'Phone' },
      })
      t.equal(subscribed.statusCode, 201, 'the browser subscribes')

      const socket: Socket = connect(ctx.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: session.cookie, origin: ctx.url },
        reconnection: false,
      })
      t.teardown(() => socket.close())
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve())
        socket.on('connect_error', reject)
      })
      const live = new Promise<{ notification: NotificationItem; unread: number }>((resolve) => socket.on('notification.created', resolve))

      const sent = await ctx.app.inject({ method: 'POST', url: '/api/me/notifications/test', headers: session.write, payload: {} })
      t.equal(sent.statusCode, 202)

      const mail = await ctx.mail.next(guardian.email as string)
      const pushes = await push.waitFor(device.id)
      const event = await live

      // In-app: both texts are served; the live event carries the new unread count.
      t.equal(event.unread, 1, 'the live event carries the unread count')
      t.equal(event.notification.text.cy.title, expected.cy.subject)
      t.equal(event.notification.text.en.title, expected.en.subject)
      const list = await ctx.app.inject({ method: 'GET', url: '/api/me/notifications', headers: session.get })
      t.equal(list.json().unread, 1)
      t.equal(list.json().items[0].id, event.notification.id, 'the list holds what the socket announced')

      const payload = pushes[0]?.payload
      t.equal(pushes[0]?.urgency, 'normal', 'urgency set')
      t.equal(pushes[0]?.ttl, String(24 * 3600), 'TTL set')
      t.notMatch(payload?.body ?? '', /Gwenllian/, 'no learner name in push text')
      if (language === 'both') {
        t.equal(mail.subject, `${expected.cy.subject} / ${expected.en.subject}`, 'Welsh first in the subject')
        t.ok(mail.html.indexOf('Hysbysiad prawf') < mail.html.indexOf('Test notification'), 'Welsh first in the body')
        t.ok(mail.text.indexOf('Helo') < mail.text.indexOf('Hello'), 'Welsh first in the plain text')
        t.equal(payload?.body, `${expected.cy.push}\n${expected.en.push}`, 'push: Welsh first, then English')
        t.equal(payload?.lang, 'cy')
      } else {
        t.equal(mail.subject, expected[language].subject)
        t.equal(payload?.body, expected[language].push)
        t.equal(payload?.lang, language)
        const other = language === 'cy' ? expected.en.subject : expected.cy.subject
        t.notMatch(mail.html, other, 'only the chosen language')
      }
      t.ok(mail.text.length > 0 && mail.html.length > 0, 'HTML and plain text')
      for (const lng of language === 'both' ? (['cy', 'en'] as const) : [language])
        t.match(mail.text, catalogs[lng].email.sign_in.welsh_welcome, `the email welcomes writing in Welsh (${lng})`)
      t.match(mail.raw['list-unsubscribe'], /\/unsubscribe\//, 'List-Unsubscribe on non-essential mail')
      t.equal(mail.raw['list-unsubscribe-post'], 'List-Unsubscribe=One-Click', 'RFC 8058 one-click')
    })
  }
})
