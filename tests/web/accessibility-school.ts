import { randomUUID } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import { classTeachers, users } from '../../server/db/schema.ts'
import type { LanguageChoice } from '../../shared/i18n.ts'
import { familyIdOf } from '../engagement/fixtures.ts'
import { makeForumSchool, meetingDraft } from '../forum/fixtures.ts'
import type { TestContext } from '../helpers/setup.ts'
import { draft, sleep } from '../newsletters/fixtures.ts'

/**
 * A school with something on every screen, for the accessibility checks: the forum school
 * (FEO, teacher, DSL, three member parents and one who is not), plus an admin; a conversation
 * between the teacher and the Welsh parent with messages both ways, one reported to the DSL; a
 * newsletter sent to the school and a draft; forum items in Welsh and English (one accepted and
 * on the published agenda of a meeting). Families for the engagement view are the parents; the
 * Welsh parent's unsubscribe link comes from the newsletter's email.
 */
export async function makeAccessibleSchool(ctx: TestContext) {
  const forum = await makeForumSchool(ctx)
  const { call, sessions, forumId } = forum
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { name: 'Alun Gweinyddwr', language: 'cy' })
  const people = { ...forum.users, admin }
  const ok = <T extends { status: number; body: unknown }>(res: T, what: string): T => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`)
    return res
  }

  await ctx.app.db.insert(classTeachers).values({ schoolId: ctx.school.id, classId: forum.group.id, teacherId: people.teacher.id })

  // A conversation with messages both ways, one of them reported to the DSL.
  const conversation = ok(
    await call(sessions.teacher, 'POST', '/conversations', { kind: 'direct', userId: people.welsh.id }),
    'conversation',
  ).body as { id: string }
  const say = async (session: typeof sessions.teacher, body: string) =>
    ok(await call(session, 'POST', `/conversations/${conversation.id}/messages`, { clientId: randomUUID(), body }), 'message').body as {
      message: { id: string }
    }
  await say(sessions.teacher, 'Bore da! Mae Osian wedi gwneud yn dda iawn yr wythnos hon.')
  const answer = await say(sessions.welsh, 'Diolch yn fawr! Ydy’r daith i Sain Ffagan ddydd Gwener o hyd?')
  await say(sessions.teacher, 'Ydy, gadewch i ni wybod os oes angen help arnoch chi.')
  ok(
    await call(sessions.teacher, 'POST', `/conversations/${conversation.id}/messages/${answer.message.id}/report`, {
      reason: 'Prawf hygyrchedd / accessibility check',
    }),
    'report',
  )

  // A newsletter sent to the whole school, and a draft.
  const sent = ok(await call(sessions.feo, 'POST', '/newsletters', draft()), 'newsletter').body as { id: string }
  ok(await call(sessions.feo, 'POST', `/newsletters/${sent.id}/send`, {}), 'send')
  const drafted = ok(
    await call(sessions.feo, 'POST', '/newsletters', draft({ titleCy: 'Drafft: Diwrnod chwaraeon', titleEn: 'Draft: Sports day' })),
    'draft',
  ).body as { id: string }

  // Forum items in each language; the Welsh one accepted and on a published agenda.
  const item = ok(
    await call(sessions.welsh, 'POST', `/forums/${forumId}/items`, {
      language: 'cy',
      title: 'Clwb brecwast',
      description: 'Hoffem glwb brecwast am ddim i bob plentyn.',
      anonymous: false,
    }),
    'item',
  ).body as { id: string }
  ok(
    await call(sessions.english, 'POST', `/forums/${forumId}/items`, {
      language: 'en',
      title: 'Safer crossing',
      description: 'A crossing patrol at the school gate.',
      anonymous: false,
    }),
    'second item',
  )
  ok(await call(sessions.both, 'POST', `/forums/${forumId}/items/${item.id}/support`), 'support')
  ok(await call(sessions.feo, 'POST', `/forums/${forumId}/items/${item.id}/status`, { status: 'accepted' }), 'accept')
  const meeting = ok(await call(sessions.feo, 'POST', `/forums/${forumId}/meetings`, meetingDraft()), 'meeting').body as {
    id: string
  }
  ok(
    await call(sessions.feo, 'PUT', `/forums/${forumId}/meetings/${meeting.id}/agenda`, {
      entries: [
        { titleCy: 'Ymddiheuriadau', titleEn: 'Apologies', durationMinutes: 5 },
        { itemId: item.id, durationMinutes: 20 },
      ],
    }),
    'agenda',
  )
  ok(await call(sessions.feo, 'POST', `/forums/${forumId}/meetings/${meeting.id}/publish`), 'publish')

  // Let the newsletter go out, so its reach page has deliveries.
  for (let waited = 0; waited < 15_000; waited += 200) {
    const progress = await call(sessions.feo, 'GET', `/newsletters/${sent.id}/progress`)
    if ((progress.body as { status?: string }).status === 'sent') break
    await sleep(200)
  }

  // The page behind an email's List-Unsubscribe link (a GET only shows it), for the Welsh parent.
  let unsubscribePath = ''
  for (let waited = 0; !unsubscribePath && waited < 15_000; waited += 200) {
    const mail = ctx.mail.received.find((m) => m.to === people.welsh.email && m.raw['list-unsubscribe'])
    unsubscribePath = mail?.raw['list-unsubscribe']?.match(/\/unsubscribe\/[^\s<>,]+/)?.[0] ?? ''
    if (!unsubscribePath) await sleep(200)
  }
  if (!unsubscribePath) throw new Error('no email with an unsubscribe link reached the Welsh parent')

  /** Everyone's language at once, so each screen shows in it. */
  const speak = async (language: LanguageChoice) => {
    const ids = Object.values(people).map((person) => person.id)
    await ctx.app.db.update(users).set({ language }).where(inArray(users.id, ids))
  }

  return {
    people,
    forumId,
    itemId: item.id,
    meetingId: meeting.id,
    conversationId: conversation.id,
    newsletterId: sent.id,
    draftId: drafted.id,
    unsubscribePath,
    familyId: familyIdOf(people.welsh.id),
    speak,
  }
}
export type AccessibleSchool = Awaited<ReturnType<typeof makeAccessibleSchool>>
