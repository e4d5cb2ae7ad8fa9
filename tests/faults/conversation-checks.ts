import { eq } from 'drizzle-orm'
import type { Test } from 'tap'
import type { Db } from '../../server/db/database.ts'
import { messages } from '../../server/db/schema.ts'
import type { ReliableClient } from '../helpers/reliable-client.ts'

type Assert = Pick<Test, 'equal' | 'same'>

/**
 * What a fault must not break in a conversation: PostgreSQL holds every acknowledged message
 * exactly once (one row per clientId, numbered 1..n with no gap), and every client, after its
 * sync, holds all of them, with each sender's messages in the order they were sent.
 */
export async function checkConversation(
  t: Assert,
  db: Db,
  conversationId: string,
  clients: Record<string, ReliableClient>,
  sentBy: Record<string, string[]>,
) {
  const total = Object.values(sentBy).reduce((n, bodies) => n + bodies.length, 0)
  const rows = await db
    .select({ seq: messages.seq, body: messages.body, clientId: messages.clientId })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
  t.equal(rows.length, total, `PostgreSQL holds ${total} messages: every acknowledged send once, no resend doubled`)
  t.equal(new Set(rows.map((r) => r.clientId)).size, rows.length, 'one row per clientId')
  t.same(
    rows.map((r) => r.seq).sort((a, b) => a - b),
    Array.from({ length: total }, (_, i) => i + 1),
    'numbered 1..n with no gap',
  )
  for (const [name, client] of Object.entries(clients)) {
    const held = client.ordered()
    t.same(
      held.map((m) => m.seq),
      Array.from({ length: total }, (_, i) => i + 1),
      `${name} holds seq 1..${total}, each once`,
    )
    for (const [author, bodies] of Object.entries(sentBy)) {
      t.same(
        held.map((m) => m.body).filter((body) => body.startsWith(`${author} `)),
        bodies,
        `${name} holds ${author}'s messages, all of them, in the order sent`,
      )
    }
  }
}
