import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import t from 'tap'
import { QUEUES } from '../../shared/jobs.ts'
import { ROLES } from '../../shared/schemas/people.ts'
import {
  fillPath,
  listOperations,
  listServedRoutes,
  type Method,
  normalisePath,
  type Operation,
  validQuery,
  validSample,
} from '../helpers/openapi.ts'
import { setup } from '../helpers/setup.ts'
import { fingerprint, makeAttackerSchool, makeVictimSchool } from './victim.ts'

/**
 * The access sweep (issue 9): every operation of the OpenAPI document, and every other route
 * the server serves, called signed out, as each role of another school and as a parent of the
 * school outside the family, with the victim school's ids in the URL and a valid body. No
 * route is named here except in the allowlists, so a new route is swept without an edit.
 */

/** Routes that answer 2xx to anyone signed out, and why that is right. */
const PUBLIC: Record<string, string> = {
  'GET /healthz': 'liveness probe for the load balancer; says only "ok"',
  'GET /readyz': 'readiness probe; reports whether Postgres and Redis answer',
  'GET /api/setup': 'the first-run screen asks whether the first school exists (a boolean)',
  'POST /api/auth/magic-link': 'always 202, whether or not the address is known, so it reveals nothing',
  'GET /docs': 'the API documentation (no data)',
  'GET /docs/json': 'the OpenAPI document (no data)',
  'GET /docs/yaml': 'the OpenAPI document (no data)',
  'GET /docs/static/index.html': 'the API documentation page',
  'GET /docs/static/swagger-initializer.js': 'the API documentation script',
  'GET /docs/{*}': 'the API documentation assets',
  'GET /metrics': 'Prometheus scrape: process figures and route templates, no ids or school data (the sweep checks it leaks nothing)',
}

/** Routes a session acts on for itself only (never another school's data), left out of the signed-in passes. */
const SELF_ONLY: Record<string, string> = {
  'POST /api/auth/sign-out': "revokes the caller's own session: the sweep would sign its own users out",
}

/** Served routes without an OpenAPI entry, and why. Any other /api route must be in the document. */
const UNDOCUMENTED: Record<string, string> = {
  '/metrics': 'Prometheus scrape endpoint, not part of the API',
  '/docs': 'the documentation itself',
  '/admin/queues': 'Bull Board (its own UI and API, admins only)',
  '/unsubscribe/{token}': 'one-click unsubscribe from an email link (RFC 8058): the token is the authority',
  '/newsletters/{newsletterId}': 'the newsletter page (HTML) opened from emails, by session or link token',
}
const undocumentedReason = (path: string) =>
  Object.entries(UNDOCUMENTED).find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1]

const isOk = (status: number) => status >= 200 && status < 300

t.test('access sweep: every route refuses the signed out, other schools and other families', async (t) => {
  const ctx = await setup(t, { workers: false })
  await ctx.app.ready()
  const victim = await makeVictimSchool(ctx)
  const attacker = await makeAttackerSchool(ctx, victim.school.id)
  const outsider = await ctx.signIn(victim.outsider, victim.school.id)

  const documented = listOperations(ctx.app)
  const documentedPaths = new Set(documented.map((op) => `${op.method} ${normalisePath(op.path)}`))
  const served = listServedRoutes(ctx.app).filter((r) => r.method !== 'HEAD')
  // The web app (web/dist, when built): its files, and its pages, which all answer index.html.
  // Static and the same for everyone, so public by nature; everything else is swept.
  const shell = await ctx.app.inject({ method: 'GET', url: '/' })
  const webApp = new Set<string>()
  for (const r of served) {
    if (r.method !== 'GET' || r.path.startsWith('/api') || !shell.headers['content-type']?.toString().startsWith('text/html')) continue
    if (existsSync(new URL(`../../web/dist${r.path}`, import.meta.url)) && r.path !== '/') webApp.add(r.path)
    else if ((await ctx.app.inject({ method: 'GET', url: fillPath(r.path, () => randomUUID()) })).body === shell.body) webApp.add(r.path)
  }
  // Routes served but not in the document (the newsletter page, Bull Board...), swept the same way.
  const extra: Operation[] = served
    .filter((r) => !documentedPaths.has(`${r.method} ${r.path}`) && !webApp.has(r.path))
    .map((r) => ({
      key: `${r.method} ${r.path}`,
      method: r.method as Method,
      path: r.path.replace('*', '{*}'),
      pathParams: [],
      query: [],
      multipart: false,
      tags: [],
    }))
  const operations = [...documented, ...extra]

  t.test('every /api route has an OpenAPI entry', async (t) => {
    const missing = extra.filter((op) => op.path.startsWith('/api') || !undocumentedReason(op.path)).map((op) => op.key)
    t.same(missing, [], 'routes served without an OpenAPI entry (add a schema, or allowlist with a reason)')
    t.ok(documented.length >= 100, `the document lists ${documented.length} operations`)
  })

  const idForPath = (param: string, upTo: string) => {
    if (param === '*') return 'x'
    if (param === 'queueName') return QUEUES.notifications
    if (/newsletters\/\{newsletterId\}\/files\/\{\w+\}$/.test(upTo)) return victim.ids.newsletterAttachmentId
    return victim.idForPath(param, upTo)
  }
  async function call(op: Operation, headers: Record<string, string>) {
    const url = fillPath(op.path, idForPath)
    const payload = op.body ? validSample(op.body, '', victim.idFor) : undefined
    const query = validQuery(op, victim.idFor)
    const res = await ctx.app.inject({
      method: op.method,
      url,
      query,
      headers: { ...headers, origin: ctx.url },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    return { status: res.statusCode, body: res.body, request: `${url} ${JSON.stringify(query)} ${JSON.stringify(payload ?? null)}` }
  }
  /** Victim data in a response that the request did not itself carry. */
  const leaked = (secrets: string[], result: { body: string; request: string }) =>
    secrets.filter((secret) => result.body.includes(secret) && !result.request.includes(secret))

  const before = await fingerprint(ctx, victim.school.id)
  let calls = 0

  t.test('controls: the victim school itself gets its data, so the sweep can see a leak', async (t) => {
    const reads = operations.filter((op) => op.method === 'GET' && op.path.startsWith('/api/schools/'))
    const admin = await ctx.signIn(victim.staff.admin, victim.school.id)
    const guardian = await ctx.signIn(victim.guardian, victim.school.id)
    let answered = 0
    let seenByAdmin = 0
    let seenByFamily = 0
    for (const op of reads) {
      const result = await call(op, admin.get)
      if (isOk(result.status)) answered++
      if (leaked(victim.schoolSecrets, result).length) seenByAdmin++
      if (leaked(victim.familySecrets, await call(op, guardian.get)).length) seenByFamily++
    }
    t.ok(answered >= reads.length * 0.6, `the victim's admin gets 2xx on ${answered} of ${reads.length} school reads`)
    t.ok(seenByAdmin >= 15, `the victim's data shows in ${seenByAdmin} of them`)
    t.ok(seenByFamily >= 2, `the victim family sees its own data in ${seenByFamily} reads`)
  })

  t.test('signed out: nothing but the public routes answers 2xx, and nothing leaks', async (t) => {
    const start = await fingerprint(ctx, victim.school.id)
    const wrong: string[] = []
    for (const op of operations) {
      const result = await call(op, {})
      calls++
      const publicKey = PUBLIC[`${op.method} ${normalisePath(op.path)}`]
      if (isOk(result.status) && !publicKey) wrong.push(`${op.key} answered ${result.status}`)
      const found = leaked(victim.schoolSecrets, result)
      if (found.length) wrong.push(`${op.key} leaked ${found.join(', ')}`)
    }
    t.same(wrong, [], 'signed out')
    t.same(await fingerprint(ctx, victim.school.id), start, 'nothing of the victim school written')
  })

  t.test("every role of another school: no 2xx with the victim's data, nothing written", async (t) => {
    const wrong: string[] = []
    let refused = 0
    for (const op of operations) {
      if (SELF_ONLY[op.key]) continue
      const printBefore = op.method === 'GET' ? null : await fingerprint(ctx, victim.school.id)
      // The roles at once (each its own session): the sweep stays fast enough for every CI run.
      const roles = [...ROLES, 'stray'] as const
      const results = await Promise.all(
        roles.map((role) => {
          const session = role === 'stray' ? attacker.stray : attacker.sessions[role]
          return call(op, op.method === 'GET' ? session.get : session.write)
        }),
      )
      for (const [i, result] of results.entries()) {
        const role = roles[i]
        calls++
        const found = leaked(victim.schoolSecrets, result)
        if (found.length) wrong.push(`${role} ${op.key} (${result.status}) leaked ${found.join(', ')}`)
        if (result.status >= 500) wrong.push(`${role} ${op.key} answered ${result.status}`)
        if (!isOk(result.status)) refused++
      }
      if (printBefore) {
        const after = await fingerprint(ctx, victim.school.id)
        const changed = Object.keys(after).filter((table) => after[table] !== printBefore[table])
        if (changed.length) wrong.push(`${op.key} changed the victim's ${changed.join(', ')}`)
      }
    }
    t.same(wrong, [], 'another school')
    // The refusals came from access rules, not from sessions the sweep itself ended.
    for (const role of ROLES) {
      const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: attacker.sessions[role].get })
      t.equal(me.statusCode, 200, `the ${role}'s session still works after the sweep`)
    }
    t.ok(refused > operations.length * 2, `${refused} calls refused`)
  })

  t.test('a parent of the school outside the family sees none of its data', async (t) => {
    const wrong: string[] = []
    for (const op of operations) {
      if (SELF_ONLY[op.key]) continue
      const result = await call(op, op.method === 'GET' ? outsider.get : outsider.write)
      calls++
      const found = leaked(victim.familySecrets, result)
      if (found.length) wrong.push(`${op.key} (${result.status}) leaked ${found.join(', ')}`)
      if (result.status >= 500) wrong.push(`${op.key} answered ${result.status}`)
    }
    t.same(wrong, [], 'a parent outside the family')
  })

  t.test("the victim family's records are untouched by all of it", async (t) => {
    const after = await fingerprint(ctx, victim.school.id)
    for (const table of [
      'messages',
      'conversations',
      'message_attachments',
      'message_reports',
      'family_contacts',
      'feo_caseload',
      'forum_items',
    ]) {
      t.equal(after[table], before[table], table)
    }
    // The sweep really ran: a floor on what it covered, so it cannot silently sweep nothing.
    t.ok(documented.length >= 0.8 * served.filter((r) => r.path.startsWith('/api')).length, 'most served /api routes are documented')
    t.ok(calls >= operations.length * (2 + ROLES.length) - Object.keys(SELF_ONLY).length * (1 + ROLES.length), `${calls} calls made`)
  })
})
