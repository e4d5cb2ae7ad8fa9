import t from 'tap'
import { setup } from '../helpers/setup.ts'
import { workerProcesses } from '../helpers/worker-processes.ts'
import { draft, makeManyFamilies, sleep } from './fixtures.ts'

const FAMILIES = 5000
const CONCURRENCY = 10

t.test('a worker killed in the middle of a 5,000-family send: nobody missed, duplicates at most the sends in flight', async (t) => {
  const ctx = await setup(t, { workers: false })
  const startWorker = workerProcesses(t, ctx, { concurrency: CONCURRENCY })

  const group = await ctx.makeClassGroup(ctx.school.id)
  const emails = await makeManyFamilies(ctx, group.id, FAMILIES)
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const session = await ctx.signIn(admin, ctx.school.id)
  const base = `/api/schools/${ctx.school.id}/newsletters`
  const id = (await ctx.app.inject({ method: 'POST', url: base, headers: session.write, payload: draft() })).json().id
  const first = await startWorker()
  const sent = await ctx.app.inject({ method: 'POST', url: `${base}/${id}/send`, headers: session.write, payload: {} })
  t.equal(sent.statusCode, 202)

  while (ctx.mail.received.length < 300) await sleep(20)
  first.kill('SIGKILL')
  const atKill = ctx.mail.received.length
  t.ok(atKill < FAMILIES, `killed mid-send (${atKill} of ${FAMILIES} sent)`)

  await startWorker()
  const reached = () => new Set(ctx.mail.received.map((m) => m.to))
  const deadline = Date.now() + 90_000
  while (reached().size < FAMILIES && Date.now() < deadline) await sleep(200)
  await sleep(1000)

  const got = reached()
  t.equal(got.size, FAMILIES, 'every family got the newsletter')
  t.same(
    emails.filter((e) => !got.has(e)),
    [],
    'no family is missing',
  )
  const duplicates = ctx.mail.received.length - FAMILIES
  t.ok(duplicates <= CONCURRENCY, `duplicates (${duplicates}) are at most the sends in flight at the kill (${CONCURRENCY})`)
  const progress = (await ctx.app.inject({ method: 'GET', url: `${base}/${id}/progress`, headers: session.get })).json()
  t.equal(progress.status, 'sent')
  t.equal(progress.resolved, FAMILIES, 'every recipient has its notification')
  t.equal(progress.sent, FAMILIES, 'the progress counts every email sent once')
  t.equal(progress.pending, 0, 'and nothing left to go')
})
