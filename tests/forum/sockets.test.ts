import { count, eq } from 'drizzle-orm'
import t from 'tap'
import { forumItemComments } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'
import { collect, openSocket, request } from '../helpers/sockets.ts'
import { makeForumSchool, proposal } from './fixtures.ts'

t.test('an item’s live thread: members follow and comment; nobody else may listen', async (t) => {
  const ctx = await setup(t, { listen: true })
  const f = await makeForumSchool(ctx)
  const { call, sessions, forumId } = f
  const itemId = (await call(sessions.english, 'POST', `/forums/${forumId}/items`, proposal('Walking bus'))).body.id

  const english = await openSocket(t, ctx.url, sessions.english.cookie)
  const welsh = await openSocket(t, ctx.url, sessions.welsh.cookie)
  const outsider = await openSocket(t, ctx.url, sessions.outsider.cookie)
  const other = await ctx.makeSchool()
  const foreign = await openSocket(t, ctx.url, (await ctx.signIn(await ctx.makeUser(other.id, 'feo'), other.id)).cookie)

  t.equal((await request(welsh, 'forum.watch', { forumId, itemId })).ok, true, 'a member follows the thread')
  const refused = await request(outsider, 'forum.watch', { forumId, itemId })
  t.equal(refused.ok, false, 'a parent who is not a member may not follow it')
  if (!refused.ok) t.equal(refused.error.status, 403)
  const abroad = await request(foreign, 'forum.watch', { forumId, itemId })
  t.equal(abroad.ok, false, "another school's FEO may not follow it")
  if (!abroad.ok) t.equal(abroad.error.status, 404)
  const bad = await request(welsh, 'forum.watch', { forumId, itemId: 'not-a-uuid' })
  t.equal(bad.ok, false, 'a malformed event is refused')

  const heard = collect(welsh, 'forum.comment.created', 1)
  const clientId = crypto.randomUUID()
  const sent = await request(english, 'forum.comment', { forumId, itemId, clientId, body: 'Tuesdays and Thursdays?' })
  t.equal(sent.ok, true, 'a member comments over the socket')
  const [event] = await heard
  t.equal(event?.comment.body, 'Tuesdays and Thursdays?', 'the follower gets it live')
  t.equal(event?.comment.authorName, 'Emma Parent', 'named, as the item is not anonymous')
  const resent = await request(english, 'forum.comment', { forumId, itemId, clientId, body: 'Tuesdays and Thursdays?' })
  t.equal(resent.ok && sent.ok && resent.data.id === sent.data.id, true, 'a resend with the same client id returns the stored comment')
  const [stored] = await ctx.app.db.select({ n: count() }).from(forumItemComments).where(eq(forumItemComments.itemId, itemId))
  t.equal(stored?.n, 1, 'and stores it once')
  const sneaky = await request(outsider, 'forum.comment', { forumId, itemId, clientId: crypto.randomUUID(), body: 'Let me in' })
  t.equal(sneaky.ok, false, 'a non-member cannot comment over the socket')
  const empty = await request(english, 'forum.comment', { forumId, itemId, clientId: crypto.randomUUID(), body: '' })
  t.equal(empty.ok, false, 'an empty comment is refused')

  const updated = collect(welsh, 'forum.item.updated', 1)
  await call(sessions.feo, 'POST', `/forums/${forumId}/items/${itemId}/status`, { status: 'accepted' })
  t.same(await updated, [{ forumId, itemId }], 'followers hear that the item changed')
})
