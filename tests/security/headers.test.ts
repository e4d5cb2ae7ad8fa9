import { existsSync, readFileSync } from 'node:fs'
import t from 'tap'
import { setup } from '../helpers/setup.ts'

/** Sessions rotate on sign-in; the cookie is httpOnly and SameSite; strict headers and CSP (issue 9). */

const session = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === 'cyswllt_session')

/** A CSP header's directives by name. */
function directives(csp: string | undefined): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) found.set(name, values)
  }
  return found
}

/** Inline scripts (a <script> with no src): the CSP forbids them, so the page must have none. */
const inlineScripts = (html: string) => [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>/gi)].map((m) => m[0])

t.test('on a plain-http install', async (t) => {
  const ctx = await setup(t, { workers: false })

  t.test('sign-in rotates the session: the cookie from before it stops working', async (t) => {
    const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
    const before = await ctx.signIn(teacher, ctx.school.id)
    const password = 'a long enough password 123'
    const set = await ctx.app.inject({ method: 'PUT', url: '/api/auth/password', headers: before.write, payload: { password } })
    t.equal(set.statusCode, 204)

    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password/sign-in',
      headers: before.write,
      payload: { email: teacher.email, password },
    })
    t.equal(first.statusCode, 200)
    const cookie = session(first)
    t.ok(cookie, 'a session cookie is set')
    t.not(`cyswllt_session=${cookie?.value}`, before.cookie, 'a new token')
    const setCookie = String(first.headers['set-cookie'])
    t.match(setCookie, /HttpOnly/, 'httpOnly: no script reads it')
    t.match(setCookie, /SameSite=Lax/, 'SameSite: not sent on cross-site writes')
    t.match(setCookie, /Path=\//)
    t.notMatch(setCookie, /Secure/, 'not Secure on a plain-http install (the browser would drop it)')

    const old = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: before.get })
    t.equal(old.statusCode, 401, 'the session from before sign-in is revoked')
    const now = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { cyswllt_session: cookie?.value as string } })
    t.equal(now.statusCode, 200)

    // A second sign-in, made with the first one's cookie, rotates again.
    const csrf = now.json().csrfToken as string | undefined
    t.ok(csrf, '/api/me gives the CSRF token the client echoes')
    const second = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password/sign-in',
      cookies: { cyswllt_session: cookie?.value as string },
      headers: { 'x-csrf-token': csrf as string },
      payload: { email: teacher.email, password },
    })
    t.equal(second.statusCode, 200)
    const third = session(second)
    t.ok(third?.value && third.value !== cookie?.value, 'a different token again')
    const revoked = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { cyswllt_session: cookie?.value as string } })
    t.equal(revoked.statusCode, 401, 'the session of the first sign-in is revoked by the second')
    const live = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { cyswllt_session: third?.value as string } })
    t.equal(live.statusCode, 200)
  })

  t.test('strict headers and a CSP with no inline script, on the API, the app shell and the newsletter page', async (t) => {
    const parent = await ctx.makeUser(ctx.school.id, 'parent')
    const s = await ctx.signIn(parent, ctx.school.id)
    const pages: [string, Record<string, string>][] = [
      ['/api/me', s.get],
      ['/api/schools/00000000-0000-4000-8000-000000000000/classes', s.get],
      ['/healthz', {}],
      [`/newsletters/00000000-0000-4000-8000-000000000000`, s.get],
    ]
    const shell = existsSync(new URL('../../web/dist/index.html', import.meta.url))
    if (shell) pages.push(['/', {}], ['/messages', {}])
    for (const [url, headers] of pages) {
      const res = await ctx.app.inject({ method: 'GET', url, headers })
      const csp = directives(res.headers['content-security-policy'] as string | undefined)
      const scripts = csp.get('script-src') ?? csp.get('default-src') ?? []
      t.ok(scripts.length > 0, `${url}: a script-src`)
      t.notOk(scripts.includes("'unsafe-inline'"), `${url}: no inline script allowed`)
      t.notOk(scripts.includes("'unsafe-eval'"), `${url}: no eval`)
      t.notOk(scripts.includes('*') || scripts.includes('https:'), `${url}: scripts from this origin only`)
      t.same(csp.get('object-src'), ["'none'"], `${url}: no plugins`)
      t.ok(csp.has('frame-ancestors'), `${url}: frame-ancestors`)
      t.notOk(csp.get('frame-ancestors')?.includes('*'), `${url}: not framed by any site`)
      t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', `${url}: X-Frame-Options for old browsers`)
      t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`)
      t.match(
        String(res.headers['referrer-policy']),
        /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
        `${url}: Referrer-Policy`,
      )
      t.notOk(res.headers['x-powered-by'], `${url}: no X-Powered-By`)
      if (res.headers['content-type']?.toString().startsWith('text/html')) t.same(inlineScripts(res.body), [], `${url}: no inline <script>`)
    }
    // The built page and its source: Vite must not inline a script the CSP would block.
    const source = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8')
    t.same(inlineScripts(source), [], 'web/index.html has no inline script')
    if (shell)
      t.same(inlineScripts(readFileSync(new URL('../../web/dist/index.html', import.meta.url), 'utf8')), [], 'web/dist/index.html has none')
  })
})

t.test('on https: Secure cookie, HSTS, and insecure requests upgraded', async (t) => {
  const ctx = await setup(t, { workers: false, env: { PUBLIC_URL: 'https://cyswllt.example.test' } })
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const password = 'a long enough password 123'
  const old = await ctx.signIn(teacher, ctx.school.id)
  await ctx.app.inject({ method: 'PUT', url: '/api/auth/password', headers: old.write, payload: { password } })
  const signedIn = await ctx.app.inject({ method: 'POST', url: '/api/auth/password/sign-in', payload: { email: teacher.email, password } })
  t.equal(signedIn.statusCode, 200)
  t.match(String(signedIn.headers['set-cookie']), /; Secure/, 'the session cookie is Secure')
  const res = await ctx.app.inject({ method: 'GET', url: '/healthz' })
  const hsts = String(res.headers['strict-transport-security'])
  t.ok(Number(/max-age=(\d+)/.exec(hsts)?.[1]) >= 180 * 86400, `HSTS for at least 180 days: ${hsts}`)
  t.match(hsts, /includeSubDomains/)
  t.ok(directives(res.headers['content-security-policy'] as string).has('upgrade-insecure-requests'))
})
