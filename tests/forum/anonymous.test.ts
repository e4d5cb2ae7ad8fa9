import t from 'tap'
import { rooms } from '../../shared/realtime.ts'
import { setup } from '../helpers/setup.ts'
import { collect, openSocket, request } from '../helpers/sockets.ts'
import { makeForumSchool, proposal } from './fixtures.ts'

t.test('an anonymous item: only facilitators (and the safeguarding lead once it is passed on) learn who wrote it', async (t) => {
  const ctx = await setup(t, { listen: true })
  const f = await makeForumSchool(ctx)
  const { call, sessions, users, forumId } = f
  const author = users.english
  const created = await call(sessions.english, 'POST', `/forums/${forumId}/items`, proposal('Bullying at the gate', { anonymous: true }))
  t.equal(created.status, 201)
  t.equal(created.body.authorName, 'Emma Parent', 'the author sees their own name')
  t.equal(created.body.mine, true)
  const itemId = created.body.id
  const path = `/forums/${forumId}/items/${itemId}`

  const member = await openSocket(t, ctx.url, sessions.welsh.cookie)
  const watched = await request(member, 'forum.watch', { forumId, itemId })
  t.equal(watched.ok, true, 'a member follows the thread')
  const live = collect(member, 'forum.comment.created', 1)
  const comment = await call(sessions.english, 'POST', `${path}/comments`, { clientId: crypto.randomUUID(), body: 'It happens most days.' })
  t.equal(comment.status, 201, 'the author comments on their own item')
  const [event] = await live
  t.equal(event?.comment.authorName, null, 'the live comment does not name the anonymous author')

  await call(sessions.both, 'POST', `${path}/support`)
  await call(sessions.feo, 'POST', `${path}/status`, { status: 'accepted' })
  const supporterMail = await ctx.mail.next(users.both.email as string)

  const seenBy = async (who: keyof typeof sessions) => {
    const one = await call(sessions[who], 'GET', path)
    const list = await call(sessions[who], 'GET', `/forums/${forumId}/items`)
    const comments = await call(sessions[who], 'GET', `${path}/comments`)
    return JSON.stringify([one.body, list.body, comments.body])
  }
  for (const who of ['welsh', 'both', 'teacher', 'dsl'] as const) {
    const seen = await seenBy(who)
    t.notOk(seen.includes(author.name), `${who}: item, list, history and comments never name the author`)
    t.notOk(seen.includes(author.id), `${who}: nor carry the author's id`)
  }
  const asMember = await call(sessions.welsh, 'GET', path)
  t.equal(asMember.body.authorName, null, 'a member sees "a family"')
  t.equal(asMember.body.anonymous, true)
  t.ok((await seenBy('feo')).includes(author.name), 'the facilitator sees who wrote it')
  t.notOk(
    supporterMail.text.includes(author.name) || supporterMail.html.includes(author.name),
    'the supporter’s email does not name the author',
  )
  const record = await call(sessions.outsider, 'GET', '/forum-record')
  t.notOk(JSON.stringify(record.body).includes(author.name), '"you said, we did" does not name the author')
  const docs = await ctx.app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(docs.statusCode, 200)
  t.notOk(docs.body.includes(author.name), 'nor does any other document')

  const passed = await call(sessions.feo, 'POST', `${path}/refer`)
  t.equal(passed.status, 200, 'the facilitator passes it to the designated safeguarding lead')
  t.ok(passed.body.referredAt)
  const leadMail = await ctx.mail.next(users.dsl.email as string)
  t.match(leadMail.subject, /Forum item passed to you: Bullying at the gate/, 'the lead is told')
  t.notOk(leadMail.raw['list-unsubscribe'], 'as an essential email, with no unsubscribe')
  t.ok((await seenBy('dsl')).includes(author.name), 'the lead may now see who raised it')
  t.notOk((await seenBy('teacher')).includes(author.name), 'other staff still may not')
  t.equal(rooms.forumItem(itemId), `forum-item:${itemId}`)
})
