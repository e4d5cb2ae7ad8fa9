import { count, eq } from 'drizzle-orm'
import t from 'tap'
import { newsletterRecipients, newsletters, notifications } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'
import { draft, makeHousehold, sleep } from './fixtures.ts'

t.test('bad newsletters are refused with a clear, localised 4xx and nothing is sent', async (t) => {
  const ctx = await setup(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'en' })
  const session = await ctx.signIn(admin, ctx.school.id)
  const group = await ctx.makeClassGroup(ctx.school.id)
  await makeHousehold(ctx, group.id, ['en'])
  const other = await ctx.makeSchool()
  const foreignClass = await ctx.makeClassGroup(other.id)
  const base = `/api/schools/${ctx.school.id}/newsletters`

  const foreign = await ctx.app.inject({
    method: 'POST',
    url: base,
    headers: session.write,
    payload: draft({ audience: { kind: 'classes', classIds: [foreignClass.id] } }),
  })
  t.equal(foreign.statusCode, 400, 'an audience of another school’s class is refused')
  t.equal(foreign.json().code, 'newsletters.audience_unknown')
  t.match(foreign.json().message, /not in this school/)

  const script = await ctx.app.inject({
    method: 'POST',
    url: base,
    headers: session.write,
    payload: draft({ bodyEn: 'Hello <script>alert(1)</script>' }),
  })
  t.equal(script.statusCode, 400, 'a script tag in the body is refused')
  t.equal(script.json().code, 'newsletters.html_not_allowed')
  t.match(script.json().message, /<script>/)

  const created = await ctx.app.inject({ method: 'POST', url: base, headers: session.write, payload: draft({ bodyCy: '' }) })
  t.equal(created.statusCode, 201, 'a draft may be incomplete')
  const id = created.json().id

  const boundary = 'cyswllt-test'
  const big = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-`,
    ),
    Buffer.alloc(50 * 1024 * 1024, 32),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const huge = await ctx.app.inject({
    method: 'POST',
    url: `${base}/${id}/attachments`,
    headers: { ...session.write, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: big,
  })
  t.equal(huge.statusCode, 413, 'a 50 MB attachment is refused')
  t.ok(huge.json().message, 'with a message')

  const renamed = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    Buffer.from('<script>alert(1)</script>'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const typed = await ctx.app.inject({
    method: 'POST',
    url: `${base}/${id}/attachments`,
    headers: { ...session.write, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: renamed,
  })
  t.equal(typed.statusCode, 415, 'a file is typed by its bytes, not its name')

  const incomplete = await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: session.write, payload: {} })
  t.equal(incomplete.statusCode, 400, 'an empty Welsh body without the one-language mark is refused')
  t.equal(incomplete.json().code, 'newsletters.incomplete')
  t.match(incomplete.json().message, /bodyCy/)

  const noReason = await ctx.app.inject({
    method: 'PUT',
    url: `${base}/${id}`,
    headers: session.write,
    payload: draft({ bodyCy: '', singleLanguage: 'en', singleLanguageReason: '  ' }),
  })
  t.equal(noReason.statusCode, 200)
  const stillRefused = await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: session.write, payload: {} })
  t.equal(stillRefused.statusCode, 400, 'the one-language mark needs a reason')
  t.match(stillRefused.json().message, /singleLanguageReason/)

  await sleep(1500)
  const [made] = await ctx.app.db.select({ n: count() }).from(notifications)
  const [recipients] = await ctx.app.db.select({ n: count() }).from(newsletterRecipients)
  t.equal(made?.n, 0, 'no notification was made')
  t.equal(recipients?.n, 0, 'no recipient was resolved')
  t.equal(ctx.mail.received.length, 0, 'no email was sent')
  const [row] = await ctx.app.db.select().from(newsletters).where(eq(newsletters.id, id))
  t.equal(row?.status, 'draft', 'the newsletter is still a draft')
})

t.test('one language on purpose: sent with its reason kept, in that language to everyone', async (t) => {
  const ctx = await setup(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const session = await ctx.signIn(admin, ctx.school.id)
  const group = await ctx.makeClassGroup(ctx.school.id)
  const { adults } = await makeHousehold(ctx, group.id, ['cy'])
  const base = `/api/schools/${ctx.school.id}/newsletters`
  const created = await ctx.app.inject({
    method: 'POST',
    url: base,
    headers: session.write,
    payload: draft({ titleCy: '', bodyCy: '', singleLanguage: 'en', singleLanguageReason: 'Forwarded from the council in English only' }),
  })
  const id = created.json().id
  const sent = await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: session.write, payload: {} })
  t.equal(sent.statusCode, 202, sent.body)
  t.equal(sent.json().singleLanguageReason, 'Forwarded from the council in English only', 'the reason is kept with it')
  const mail = await ctx.mail.next(adults[0]?.email as string)
  t.match(mail.text, /St Fagans/, 'the English text reaches the Welsh-speaking family')
  t.match(mail.subject, /News of the week/)
})

t.test('scheduled sends fire on time; a cancelled one never sends; editing after the send started is refused', async (t) => {
  const ctx = await setup(t)
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'en' })
  const session = await ctx.signIn(admin, ctx.school.id)
  const group = await ctx.makeClassGroup(ctx.school.id)
  const { adults } = await makeHousehold(ctx, group.id, ['en'])
  const email = adults[0]?.email as string
  const base = `/api/schools/${ctx.school.id}/newsletters`
  const make = async (titleEn: string) =>
    (await ctx.app.inject({ method: 'POST', url: base, headers: session.write, payload: draft({ titleEn }) })).json().id as string

  const later = await make('Later')
  const at = new Date(Date.now() + 3000)
  const scheduled = await ctx.app.inject({
    method: 'POST',
    url: `${base}/${later}/send`,
    headers: session.write,
    payload: { at: at.toISOString() },
  })
  t.equal(scheduled.statusCode, 202)
  t.equal(scheduled.json().status, 'scheduled')
  const edited = await ctx.app.inject({
    method: 'PUT',
    url: `${base}/${later}`,
    headers: session.write,
    payload: draft({ titleEn: 'Later, corrected' }),
  })
  t.equal(edited.statusCode, 200, 'a scheduled newsletter can be edited before it starts')

  const cancelledId = await make('Never')
  await ctx.app.inject({
    method: 'POST',
    url: `${base}/${cancelledId}/send`,
    headers: session.write,
    payload: { at: new Date(Date.now() + 2000).toISOString() },
  })
  const cancelled = await ctx.app.inject({ method: 'POST', url: `${base}/${cancelledId}/cancel`, headers: session.write })
  t.equal(cancelled.json().status, 'cancelled')

  await sleep(1000)
  t.equal(ctx.mail.received.length, 0, 'nothing goes before its time')
  const mail = await ctx.mail.next(email)
  t.ok(Date.now() >= at.getTime(), 'the scheduled send went at its time, not before')
  t.equal(mail.subject, 'Later, corrected', 'with the edit made while it waited')
  const [row] = await ctx.app.db.select().from(newsletters).where(eq(newsletters.id, later))
  t.ok(row?.sentAt && row.sentAt.getTime() >= at.getTime() - 5, 'sent_at is at or after the scheduled time')

  await sleep(2500)
  t.equal(ctx.mail.received.filter((m) => m.subject === 'Never').length, 0, 'the cancelled one never sends')

  const tooLate = await ctx.app.inject({ method: 'PUT', url: `${base}/${later}`, headers: session.write, payload: draft() })
  t.equal(tooLate.statusCode, 409, 'editing after the send started is refused')
  t.match(tooLate.json().message, /can no longer be changed/)
  const cancelLate = await ctx.app.inject({ method: 'POST', url: `${base}/${later}/cancel`, headers: session.write })
  t.equal(cancelLate.statusCode, 409, 'so is cancelling')
})
