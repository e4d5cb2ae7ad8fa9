import { randomUUID } from 'node:crypto'
import { asc, eq } from 'drizzle-orm'
import t from 'tap'
import { messages } from '../../server/db/schema.ts'
import type { Ack, SentMessage } from '../../shared/schemas/messaging.ts'
import { setup } from '../helpers/setup.ts'
import { type ClientSocket, openSocket, request } from '../helpers/sockets.ts'
import { makeMessagingSchool } from './fixtures.ts'

const status = (ack: Ack<SentMessage>) => (ack.ok ? 200 : ack.error.status)

t.test('sends arriving together are stored together, and each is still checked and answered on its own', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false, env: { MESSAGES_PER_MINUTE: '30' } })
  const s = await makeMessagingSchool(ctx)
  const one = (await s.startDirect('p1', s.users.teacherA.id)).json().id as string
  const two = (await s.startDirect('p2', s.users.teacherA.id)).json().id as string
  const closed = (await s.startDirect('q', s.users.teacherB.id)).json().id as string
  const closing = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations/${closed}/close`,
    headers: { ...s.sessions.teacherB.write, ...s.origin },
  })
  t.equal(closing.statusCode, 200, 'a conversation is closed first')

  const sockets: Record<'p1' | 'p2' | 'q' | 'teacherA', ClientSocket> = {
    p1: await openSocket(t, ctx.url, s.sessions.p1.cookie),
    p2: await openSocket(t, ctx.url, s.sessions.p2.cookie),
    q: await openSocket(t, ctx.url, s.sessions.q.cookie),
    teacherA: await openSocket(t, ctx.url, s.sessions.teacherA.cookie),
  }
  const send = (who: keyof typeof sockets, conversationId: string, body: string, clientId: string = randomUUID()) =>
    request(sockets[who], 'message.send', { conversationId, clientId, body })

  // Everything is emitted before any answer comes back, so the server takes the sends in a few
  // batches that mix people, conversations, resends and refusals.
  const p1Ids = Array.from({ length: 20 }, () => randomUUID())
  const p1Sends = p1Ids.map((clientId, i) => send('p1', one, `p1 ${i}`, clientId))
  const resend = send('p1', one, 'p1 5', p1Ids[5])
  const teacherSends = Array.from({ length: 10 }, (_, i) => send('teacherA', one, `teacher ${i}`))
  const empty = send('teacherA', one, '   ')
  const intruder = send('q', one, 'not my conversation')
  const toClosed = send('q', closed, 'after closing')
  const p2Sends = Array.from({ length: 33 }, (_, i) => send('p2', two, `p2 ${i}`))

  const p1Acks = await Promise.all(p1Sends)
  t.same(
    p1Acks.map(status),
    p1Acks.map(() => 200),
    "every one of the parent's sends is stored",
  )
  const again = await resend
  t.ok(again.ok && again.data.duplicate, 'a resend of a clientId in flight is answered as a resend')
  t.equal(again.ok && again.data.message.id, p1Acks[5]?.ok && p1Acks[5].data.message.id, 'with the message first stored')
  const reused = await send('p1', two, 'elsewhere', p1Ids[0])
  t.equal(reused.ok ? 'stored' : reused.error.code, 'messaging.client_id_reused', 'a clientId reused in another conversation is refused')
  const teacherAcks = await Promise.all(teacherSends)
  t.same(
    teacherAcks.map(status),
    teacherAcks.map(() => 200),
    "so is every one of the teacher's",
  )
  const refusals = [await empty, await intruder, await toClosed]
  t.same(
    refusals.map((ack) => (ack.ok ? 'stored' : ack.error.code)),
    ['messaging.empty', 'not_found', 'messaging.closed'],
    'an empty message, a stranger and a closed conversation are refused alone',
  )
  const p2Acks = await Promise.all(p2Sends)
  t.same(
    p2Acks.map((ack) => (ack.ok ? 'stored' : ack.error.code)),
    [...Array.from({ length: 30 }, () => 'stored'), ...Array.from({ length: 3 }, () => 'messaging.rate_limited')],
    'past the limit of 30 a minute, only the sends over it are refused',
  )

  const stored = async (conversationId: string) =>
    ctx.app.db
      .select({ seq: messages.seq, body: messages.body })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(asc(messages.seq))
  const first = await stored(one)
  t.same(
    first.map((m) => m.seq),
    Array.from({ length: 30 }, (_, i) => i + 1),
    'the first conversation holds 30 messages numbered 1 to 30, no gap, none twice',
  )
  const bodiesOf = (prefix: string) => first.filter((m) => m.body.startsWith(prefix)).map((m) => m.body)
  t.same(
    bodiesOf('p1 '),
    p1Ids.map((_, i) => `p1 ${i}`),
    "the parent's messages are numbered in the order sent",
  )
  t.same(
    bodiesOf('teacher '),
    teacherSends.map((_, i) => `teacher ${i}`),
    "and so are the teacher's",
  )
  t.same(
    p1Acks.map((ack) => ack.ok && ack.data.message.seq),
    first.filter((m) => m.body.startsWith('p1 ')).map((m) => m.seq),
    'each acknowledgement carries its own stored number',
  )
  t.equal((await stored(two)).length, 30, 'the second conversation holds only the sends within the limit')
  t.equal((await stored(closed)).length, 0, 'the closed conversation holds nothing')
})
