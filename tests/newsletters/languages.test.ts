import t from 'tap'
import { startPushEndpoint } from '../helpers/push-endpoint.ts'
import { setup } from '../helpers/setup.ts'
import { draft, makeHousehold } from './fixtures.ts'

t.test('the Welsh Language Standards decide each adult’s version, in email and push', async (t) => {
  const push = await startPushEndpoint()
  t.teardown(push.close)
  const ctx = await setup(t, { workerOptions: { pushAgent: push.agent } })
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const session = await ctx.signIn(admin, ctx.school.id)
  const group = await ctx.makeClassGroup(ctx.school.id)

  const welsh = await makeHousehold(ctx, group.id, ['cy'], 'Welsh')
  const english = await makeHousehold(ctx, group.id, ['en'], 'English')
  const mixed = await makeHousehold(ctx, group.id, ['cy', 'en'], 'Mixed')
  const unknown = await makeHousehold(ctx, group.id, ['both'], 'Unknown')
  const adults = [welsh.adults[0], english.adults[0], mixed.adults[0], mixed.adults[1], unknown.adults[0]].map((a) => {
    if (!a) throw new Error('no adult')
    return a
  })
  const devices = new Map<string, string>()
  for (const adult of adults) {
    const parent = await ctx.signIn(adult, ctx.school.id)
    const device = push.subscription()
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/push/subscriptions',
      headers: parent.write,
      payload: { ...device.json, label: 'Phone' },
    })
    t.equal(res.statusCode, 201)
    devices.set(adult.id, device.id)
  }

  const created = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/newsletters`,
    headers: session.write,
    payload: draft({ audience: { kind: 'classes', classIds: [group.id] } }),
  })
  t.equal(created.statusCode, 201, created.body)
  const id = created.json().id
  const count = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/newsletters/audience-count`,
    headers: session.write,
    payload: { kind: 'classes', classIds: [group.id] },
  })
  t.same(count.json(), { guardians: 5, learners: 4 }, 'the audience count is shown before sending')

  const sent = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/newsletters/${id}/send`,
    headers: session.write,
    payload: {},
  })
  t.equal(sent.statusCode, 202, sent.body)

  const mails = new Map<string, Awaited<ReturnType<typeof ctx.mail.next>>>()
  for (const adult of adults) mails.set(adult.id, await ctx.mail.next(adult.email as string))
  const pushes = new Map<string, string>()
  for (const adult of adults) pushes.set(adult.id, (await push.waitFor(devices.get(adult.id) as string))[0]?.payload?.body ?? '')

  const welshOnly = (id: string, who: string) => {
    const mail = mails.get(id)
    t.equal(mail?.subject, 'Newyddion yr wythnos', `${who}: Welsh subject`)
    t.match(mail?.text, /Sain Ffagan/, `${who}: Welsh summary`)
    t.notMatch(mail?.text, /St Fagans/, `${who}: no English`)
    t.match(pushes.get(id), /^Mae cylchlythyr newydd/, `${who}: Welsh push`)
    t.notMatch(pushes.get(id), /Your school/, `${who}: no English push`)
  }
  const bilingual = (id: string, who: string) => {
    const mail = mails.get(id)
    t.equal(mail?.subject, 'Newyddion yr wythnos / News of the week', `${who}: Welsh first in the subject`)
    t.ok((mail?.text.indexOf('Sain Ffagan') ?? -1) < (mail?.text.indexOf('St Fagans') ?? -1), `${who}: Welsh first in the body`)
    t.ok((mail?.text.indexOf('St Fagans') ?? -1) > 0, `${who}: English complete too`)
    const body = pushes.get(id) ?? ''
    t.ok(body.indexOf('Mae cylchlythyr') === 0 && body.includes('Your school has sent'), `${who}: push Welsh first, then English`)
  }
  welshOnly(adults[0].id, 'cy household')
  const en = mails.get(adults[1].id)
  t.equal(en?.subject, 'News of the week', 'en household: English')
  t.notMatch(en?.text, /Sain Ffagan/, 'en household: no Welsh')
  t.equal(pushes.get(adults[1].id), 'Your school has sent a new newsletter. Open Cyswllt to read it.')
  welshOnly(adults[2].id, 'cy adult of a mixed household')
  bilingual(adults[3].id, 'en adult of a household with a cy adult')
  bilingual(adults[4].id, 'unknown preference')
  t.match(en?.html, new RegExp(`/newsletters/${id}\\?r=[^"]+via=email`), 'the email links to the newsletter page')
  t.notMatch(en?.html, /<img[^>]+(width="1"|height="1")/, 'no tracking pixel')
})
