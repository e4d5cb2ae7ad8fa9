/**
 * The messaging bench's people, written straight to the database in bulk: one school, and per
 * pair a teacher with a class, a parent with a learner in that class, and the direct
 * conversation between the two (as `POST /conversations` would leave it). Sessions use the same
 * cookie scheme as sign-in (a random token; the database keeps its hash).
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'
import {
  classes,
  classTeachers,
  conversationParticipants,
  conversations,
  guardianLearners,
  learners,
  memberships,
  messages,
  schools,
  sessions,
  users,
} from '../server/db/schema.ts'
import { hashToken, randomToken } from '../server/modules/auth/tokens.ts'
import { SESSION_COOKIE } from '../server/plugins/auth.plugin.ts'

export interface Person {
  id: string
  /** The other participant of this person's conversation. */
  peerId: string
  conversationId: string
}

export interface MessagingSchool {
  schoolId: string
  /** Parents first, then teachers: person i and person i + pairs talk to each other. */
  people: Person[]
}

const CHUNK = 1000

/** Writes rows in multi-row INSERTs of CHUNK rows, one after another; returns the rows they return, in order. */
async function inChunks<T, R>(rows: T[], write: (chunk: T[]) => PromiseLike<R[]>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...(await write(rows.slice(i, i + CHUNK))))
  return out
}

/** As inChunks, for INSERTs that return nothing. */
async function writeInChunks<T>(rows: T[], write: (chunk: T[]) => PromiseLike<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK))
}

/** A school with `pairs` parent and teacher pairs, each pair in a direct conversation. */
export async function makeMessagingSchool(db: Db, pairs: number, run: string): Promise<MessagingSchool> {
  const [school] = await db
    .insert(schools)
    .values({ nameCy: `Ysgol Meincnod ${run}`, nameEn: `Bench School ${run}` })
    .returning()
  if (!school) throw new Error('no school')
  const schoolId = school.id
  const range = Array.from({ length: pairs }, (_, i) => i)
  const newUsers = (role: string) =>
    inChunks(range, (chunk) =>
      db
        .insert(users)
        .values(chunk.map((i) => ({ name: `Bench ${role} ${i}`, email: `bench-${run}-${role}-${i}@bench.test`, language: 'both' })))
        .returning({ id: users.id }),
    )
  const teachers = (await newUsers('teacher')).map((u) => u.id)
  const parents = (await newUsers('parent')).map((u) => u.id)
  await writeInChunks(
    [...teachers.map((userId) => ({ userId, role: 'teacher' })), ...parents.map((userId) => ({ userId, role: 'parent' }))],
    (c) => db.insert(memberships).values(c.map((m) => ({ schoolId, ...m }))),
  )
  const classIds = (
    await inChunks(range, (chunk) =>
      db
        .insert(classes)
        .values(chunk.map((i) => ({ schoolId, nameCy: `Dosbarth ${i}`, nameEn: `Class ${i}`, yearGroup: 3 })))
        .returning({ id: classes.id }),
    )
  ).map((c) => c.id)
  await writeInChunks(range, (c) =>
    db.insert(classTeachers).values(c.map((i) => ({ schoolId, classId: classIds[i] as string, teacherId: teachers[i] as string }))),
  )
  const learnerIds = (
    await inChunks(range, (chunk) =>
      db
        .insert(learners)
        .values(chunk.map((i) => ({ schoolId, externalRef: `B${i}`, name: `Learner ${i}`, classId: classIds[i] as string })))
        .returning({ id: learners.id }),
    )
  ).map((l) => l.id)
  await writeInChunks(range, (c) =>
    db.insert(guardianLearners).values(c.map((i) => ({ schoolId, guardianId: parents[i] as string, learnerId: learnerIds[i] as string }))),
  )
  const conversationIds = (
    await inChunks(range, (chunk) =>
      db
        .insert(conversations)
        .values(
          chunk.map((i) => ({
            schoolId,
            kind: 'direct' as const,
            directKey: [parents[i] as string, teachers[i] as string].sort().join(':'),
            createdBy: parents[i] as string,
          })),
        )
        .returning({ id: conversations.id }),
    )
  ).map((c) => c.id)
  await writeInChunks(range, (c) =>
    db.insert(conversationParticipants).values(
      c.flatMap((i) => [
        { schoolId, conversationId: conversationIds[i] as string, userId: parents[i] as string, side: 'family' as const },
        { schoolId, conversationId: conversationIds[i] as string, userId: teachers[i] as string, side: 'staff' as const },
      ]),
    ),
  )
  const people = [
    ...range.map((i) => ({ id: parents[i] as string, peerId: teachers[i] as string, conversationId: conversationIds[i] as string })),
    ...range.map((i) => ({ id: teachers[i] as string, peerId: parents[i] as string, conversationId: conversationIds[i] as string })),
  ]
  return { schoolId, people }
}

/**
 * `count` live sessions in the school, for `userIds` in turn (several sessions per person, as
 * with many devices), inserted in bulk. Returns each session's cookie header.
 */
export async function makeSessions(db: Db, schoolId: string, userIds: string[], count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => randomToken())
  const expiresAt = new Date(Date.now() + 86_400_000)
  await writeInChunks(
    tokens.map((token, i) => ({ token, userId: userIds[i % userIds.length] as string })),
    (chunk) =>
      db
        .insert(sessions)
        .values(chunk.map(({ token, userId }) => ({ userId, schoolId, tokenHash: hashToken(token), csrfToken: randomToken(), expiresAt }))),
  )
  return tokens.map((token) => `${SESSION_COOKIE}=${token}`)
}

/** Messages stored in the school: every acknowledged message must be among them. */
export async function countMessages(db: Db, schoolId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.schoolId, schoolId))
  return row?.n ?? 0
}
