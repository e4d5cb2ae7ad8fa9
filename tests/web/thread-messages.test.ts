import t from 'tap'
import type { Message } from '../../shared/schemas/messaging.ts'
import { mergeMessages, unbrokenSeq } from '../../web/src/messaging/thread-messages.ts'

const message = (seq: number): Message => ({
  id: `m${seq}`,
  conversationId: 'c',
  seq,
  authorId: 'a',
  authorName: 'A',
  clientId: `c${seq}`,
  body: `message ${seq}`,
  attachments: [],
  editedAt: null,
  createdAt: new Date(0).toISOString(),
})
const thread = (...seqs: number[]) => mergeMessages([], seqs.map(message))

t.test('catching up starts before the first hole, not after the highest number held', async (t) => {
  t.equal(unbrokenSeq([]), 0, 'nothing held: from the start')
  t.equal(unbrokenSeq(thread(1, 2, 3)), 3, 'no hole: after the last')
  t.equal(unbrokenSeq(thread(1, 2, 4, 5)), 2, 'a live message overtook number 3: ask from 2')
  t.equal(unbrokenSeq(thread(51, 52, 53)), 53, 'a thread loaded from its latest page starts at its oldest message')
  t.equal(unbrokenSeq(thread(51, 53)), 51, 'and a hole after it counts too')
  t.equal(unbrokenSeq(thread(4, 2, 1)), 2, 'in whatever order the messages arrived')
})
