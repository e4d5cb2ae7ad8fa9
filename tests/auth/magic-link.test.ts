import t from 'tap'
import { setup } from '../helpers/setup.ts'

const linkIn = (text: string) => {
  const match = text.match(/https?:\/\/\S+\/signin\/verify\?token=[\w%-]+/)
  if (!match) throw new Error(`no sign-in link in: ${text}`)
  return new URL(match[0])
}

t.test('a parent signs in with a single-use emailed link, in their language', async (t) => {
  const ctx = await setup(t)
  const { guardian, learner } = await ctx.makeFamily(ctx.school.id, { language: 'cy' })
  const ask = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { email: guardian.email } })
  t.equal(ask.statusCode, 202)

  const mail = await ctx.mail.next(guardian.email as string)
  t.match(mail.subject, /Eich dolen fewngofnodi/, 'subject in Welsh')
  t.notMatch(mail.text, /Sign in to Cyswllt/, 'no English for a Welsh-only reader')
  t.match(mail.text, /Mae croeso i chi ysgrifennu/, 'tells the family Welsh is welcome')
  const token = linkIn(mail.text).searchParams.get('token') as string

  const consumed = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link/consume', payload: { token } })
  t.equal(consumed.statusCode, 200)
  const cookie = consumed.cookies.find((c) => c.name === 'cyswllt_session')
  t.ok(cookie?.httpOnly, 'session cookie is httpOnly')
  t.equal(cookie?.sameSite, 'Lax')
  const me = consumed.json()
  t.equal(me.school.id, ctx.school.id)
  t.same(me.roles, ['parent'])
  t.same(
    me.learners.map((l: { name: string }) => l.name),
    [learner.name],
  )

  const again = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link/consume', payload: { token } })
  t.equal(again.statusCode, 400, 'a link works once')
  t.equal(again.json().code, 'auth.invalid_token')

  const home = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { cyswllt_session: cookie?.value as string } })
  t.equal(home.statusCode, 200)
  t.equal(home.json().name, guardian.name)
})

t.test('an unknown address gets the same answer and no mail', async (t) => {
  const ctx = await setup(t)
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const known = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/magic-link',
    payload: { email: guardian.email },
    headers: { 'accept-language': 'en' },
  })
  const unknown = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/magic-link',
    payload: { email: 'nobody@example.test' },
    headers: { 'accept-language': 'en' },
  })
  t.equal(known.statusCode, 202)
  t.equal(unknown.statusCode, 202)
  t.same(known.json(), unknown.json(), 'identical answers')
  await ctx.mail.next(guardian.email as string)
  t.equal(ctx.mail.received.filter((m) => m.to === 'nobody@example.test').length, 0)
})

t.test('an expired or forged token is refused with a localised message', async (t) => {
  const ctx = await setup(t)
  const forged = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/magic-link/consume',
    payload: { token: 'x'.repeat(43) },
    headers: { 'accept-language': 'cy' },
  })
  t.equal(forged.statusCode, 400)
  t.match(forged.json().message, /wedi dod i ben/)
})

t.test('sign-in is rate limited per address with a localised 429', async (t) => {
  const ctx = await setup(t, { env: { SIGN_IN_LIMIT: '3' } })
  const codes: number[] = []
  let last = { message: '' }
  for (let i = 0; i < 5; i++) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/magic-link',
      payload: { email: 'limit@example.test' },
      headers: { 'accept-language': 'en' },
      remoteAddress: `10.0.0.${i}`,
    })
    codes.push(res.statusCode)
    last = res.json()
  }
  t.same(codes, [202, 202, 202, 429, 429])
  t.match(last.message, /Too many attempts/)
})

t.test('staff can set a password and sign in with it; parents cannot set one', async (t) => {
  const ctx = await setup(t)
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const staffSession = await ctx.signIn(teacher, ctx.school.id)
  const parentSession = await ctx.signIn(guardian, ctx.school.id)
  const password = 'correct horse battery staple'

  const set = await ctx.app.inject({ method: 'PUT', url: '/api/auth/password', payload: { password }, headers: staffSession.write })
  t.equal(set.statusCode, 204)
  const parentSet = await ctx.app.inject({ method: 'PUT', url: '/api/auth/password', payload: { password }, headers: parentSession.write })
  t.equal(parentSet.statusCode, 403)

  const wrong = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/password/sign-in',
    payload: { email: teacher.email, password: 'wrong password!!' },
  })
  t.equal(wrong.statusCode, 401)
  const unknown = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/password/sign-in',
    payload: { email: 'ghost@example.test', password },
  })
  t.same(unknown.json().code, wrong.json().code, 'unknown email and wrong password look the same')
  const ok = await ctx.app.inject({ method: 'POST', url: '/api/auth/password/sign-in', payload: { email: teacher.email, password } })
  t.equal(ok.statusCode, 200)
  t.same(ok.json().roles, ['teacher'])
})

t.test('writes need the CSRF token; sign-out ends the session', async (t) => {
  const ctx = await setup(t)
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const session = await ctx.signIn(guardian, ctx.school.id)
  const noToken = await ctx.app.inject({ method: 'PATCH', url: '/api/me', payload: { language: 'en' }, headers: session.get })
  t.equal(noToken.statusCode, 403)
  t.equal(noToken.json().code, 'auth.csrf')
  const foreign = await ctx.app.inject({
    method: 'PATCH',
    url: '/api/me',
    payload: { language: 'en' },
    headers: { ...session.write, origin: 'https://evil.example' },
  })
  t.equal(foreign.statusCode, 403)
  const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: session.write })
  t.equal(out.statusCode, 204)
  const after = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: session.get })
  t.equal(after.statusCode, 401)
})

t.test('the saved language wins over Accept-Language', async (t) => {
  const ctx = await setup(t)
  const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'en' })
  const session = await ctx.signIn(guardian, ctx.school.id)
  const saved = await ctx.app.inject({ method: 'PATCH', url: '/api/me', payload: { language: 'cy' }, headers: session.write })
  t.equal(saved.statusCode, 200)
  t.equal(saved.json().language, 'cy')
  const err = await ctx.app.inject({
    method: 'GET',
    url: '/api/schools/00000000-0000-4000-8000-000000000000/classes',
    headers: { ...session.get, 'accept-language': 'en' },
  })
  t.equal(err.statusCode, 404)
  t.match(err.json().message, /Doedden ni ddim/, 'Welsh, as saved, not English as the browser asks')
  const bad = await ctx.app.inject({ method: 'PATCH', url: '/api/me', payload: { language: 'fr' }, headers: session.write })
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().code, 'validation.invalid')
})
