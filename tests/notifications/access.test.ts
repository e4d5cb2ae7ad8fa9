import { generateKeyPairSync } from 'node:crypto'
import { type Job, UnrecoverableError } from 'bullmq'
import t from 'tap'
import { redactJobError, withoutPersonalData } from '../../server/jobs/job-errors.ts'
import { requestNotifications } from '../../server/modules/notifications/notify.ts'
import { QUEUES } from '../../shared/jobs.ts'
import { setup } from '../helpers/setup.ts'

const NOON = new Date('2026-11-23T12:00:00Z')

t.test('people see and mark only their own notifications, in the school they work in', async (t) => {
  const ctx = await setup(t, { workerOptions: { clock: () => NOON } })
  const other = await ctx.makeSchool()
  const { guardian } = await ctx.makeFamily(ctx.school.id, { language: 'en' })
  const { guardian: neighbour } = await ctx.makeFamily(ctx.school.id, { language: 'en' })
  const mine = await ctx.signIn(guardian, ctx.school.id)
  const theirs = await ctx.signIn(neighbour, ctx.school.id)

  const [here] = await ctx.app.db.transaction((tx) =>
    requestNotifications(tx, { schoolId: ctx.school.id, userIds: [guardian.id], category: 'messages', kind: 'test' }),
  )
  // The same person belongs to a second school; that school's news stays there.
  await ctx.app.db.transaction((tx) =>
    requestNotifications(tx, { schoolId: other.id, userIds: [guardian.id], category: 'messages', kind: 'test' }),
  )
  const list = (await ctx.app.inject({ method: 'GET', url: '/api/me/notifications', headers: mine.get })).json()
  t.same(
    list.items.map((i: { id: string }) => i.id),
    [here],
    'only this school’s notifications',
  )
  t.equal(list.unread, 1)

  const neighbourList = (await ctx.app.inject({ method: 'GET', url: '/api/me/notifications', headers: theirs.get })).json()
  t.same(neighbourList.items, [], 'nobody sees another person’s notifications')
  const stolen = await ctx.app.inject({ method: 'POST', url: `/api/me/notifications/${here}/read`, headers: theirs.write })
  t.equal(stolen.statusCode, 404, 'or marks them read')
  const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/me/notifications' })
  t.equal(anonymous.statusCode, 401)

  const read = await ctx.app.inject({ method: 'POST', url: `/api/me/notifications/${here}/read`, headers: mine.write })
  t.same(read.json(), { ids: [here], unread: 0 })
  const count = await ctx.app.inject({ method: 'GET', url: '/api/me/notifications/unread', headers: mine.get })
  t.same(count.json(), { unread: 0 })
})

t.test('the queue board is for admins only', async (t) => {
  const ctx = await setup(t, { workers: false })
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher')
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  t.equal((await ctx.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode, 401, 'signed out')
  for (const user of [teacher, guardian]) {
    const session = await ctx.signIn(user, ctx.school.id)
    t.equal((await ctx.app.inject({ method: 'GET', url: '/admin/queues', headers: session.get })).statusCode, 403)
    t.equal((await ctx.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: session.get })).statusCode, 403)
  }
  const session = await ctx.signIn(admin, ctx.school.id)
  const page = await ctx.app.inject({ method: 'GET', url: '/admin/queues', headers: session.get })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  const queues = await ctx.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: session.get })
  t.equal(queues.statusCode, 200)
  t.match(queues.body, /notifications/, 'the notifications queue is listed')
})

t.test("the queue board, open to every school's admins, shows no address or link in a failed job", async (t) => {
  const ctx = await setup(t, { workerOptions: { clock: () => NOON } })
  // A parent of this school whose mail server refuses the sign-in email for good.
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const address = guardian.email as string
  ctx.mail.refuse(address, 550)
  const asked = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { email: address } })
  t.equal(asked.statusCode, 202)

  const queue = ctx.app.jobs.queue(QUEUES.email)
  let failed: Job | undefined
  for (let i = 0; i < 200 && !failed; i++) {
    failed = (await queue.getJobs(['failed', 'delayed', 'wait', 'active'])).find((j) => j.failedReason)
    if (!failed) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (!failed) throw new Error('the sign-in job never failed')
  t.match(failed.failedReason, /550/, 'the reason still says what the mail server answered')
  t.notMatch(failed.failedReason, address, 'but not to whom')
  t.notOk(
    (failed.stacktrace ?? []).some((s) => s.includes(address)),
    'nor does its stack trace',
  )

  // An admin of another school on the same installation reads the board.
  const other = await ctx.makeSchool()
  const stranger = await ctx.makeUser(other.id, 'admin')
  const session = await ctx.signIn(stranger, other.id)
  for (const status of ['failed', 'delayed']) {
    const board = await ctx.app.inject({
      method: 'GET',
      url: `/admin/queues/api/queues?activeQueue=${QUEUES.email}&status=${status}&page=1&jobsPerPage=50`,
      headers: session.get,
    })
    t.equal(board.statusCode, 200)
    t.notMatch(board.body, address, `the board's ${status} jobs do not name the parent's address`)
    t.notMatch(board.body, 'token=', 'nor carry a sign-in link')
  }
})

t.test('a job error keeps its class and its reason, without addresses or device links', async (t) => {
  const err = redactJobError(
    new UnrecoverableError('bad_address: 550 <rhiannon.jones+ysgol@example.cymru>: Recipient address rejected'),
  ) as Error
  t.ok(err instanceof UnrecoverableError, 'BullMQ still stops retrying it')
  t.equal(err.message, 'bad_address: 550 <[address]>: Recipient address rejected')
  t.notMatch(err.stack ?? '', 'rhiannon')
  t.equal(
    withoutPersonalData('push_gone: 410 from https://fcm.googleapis.com/fcm/send/dX1yZ2-secret:APA91b?x=1'),
    'push_gone: 410 from https://fcm.googleapis.com/[…]',
    'a push URL keeps its service, not the device',
  )
})

t.test('outgoing mail is DKIM-signed when configured', async (t) => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const ctx = await setup(t, {
    env: { DKIM_DOMAIN: 'ysgol.example', DKIM_SELECTOR: 'cyswllt', DKIM_PRIVATE_KEY: pem },
    workerOptions: { clock: () => NOON },
  })
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher', { language: 'cy' })
  await ctx.app.db.transaction((tx) =>
    requestNotifications(tx, { schoolId: ctx.school.id, userIds: [teacher.id], category: 'messages', kind: 'test' }),
  )
  const mail = await ctx.mail.next(teacher.email as string)
  const signature = mail.raw['dkim-signature'] ?? ''
  t.match(signature, /d=ysgol\.example/, 'signed for the configured domain')
  t.match(signature, /s=cyswllt/, 'with the configured selector')
})
