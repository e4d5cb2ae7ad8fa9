import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { requestNotifications } from '../../server/modules/notifications/notify.ts'
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
