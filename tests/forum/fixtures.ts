import type { TestContext } from '../helpers/setup.ts'
import { withoutQuietHours } from '../newsletters/fixtures.ts'

type Session = Awaited<ReturnType<TestContext['signIn']>>

/**
 * A school with a forum: an FEO (who creates and facilitates it), three parent members (Welsh,
 * English, both), a parent who is not a member, a teacher, and a designated safeguarding lead.
 * No quiet hours, so notifications go at once whatever the hour the tests run.
 */
export async function makeForumSchool(ctx: TestContext) {
  const school = ctx.school.id
  const group = await ctx.makeClassGroup(school, { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class' })
  const feo = await ctx.makeUser(school, 'feo', { language: 'en', name: 'Ffion FEO' })
  const teacher = await ctx.makeUser(school, 'teacher', { language: 'en', name: 'Tom Teacher' })
  const dsl = await ctx.makeUser(school, 'dsl', { language: 'en', name: 'Dana Lead' })
  const welsh = (await ctx.makeFamily(school, { language: 'cy', classId: group.id, guardianName: 'Gwen Rhiant' })).guardian
  const english = (await ctx.makeFamily(school, { language: 'en', classId: group.id, guardianName: 'Emma Parent' })).guardian
  const both = (await ctx.makeFamily(school, { language: 'both', classId: group.id, guardianName: 'Bryn Both' })).guardian
  const outsider = (await ctx.makeFamily(school, { language: 'cy', classId: group.id, guardianName: 'Owain Outside' })).guardian
  for (const u of [feo, teacher, dsl, welsh, english, both, outsider]) await withoutQuietHours(ctx, u.id)
  const sessions = {
    feo: await ctx.signIn(feo, school),
    teacher: await ctx.signIn(teacher, school),
    dsl: await ctx.signIn(dsl, school),
    welsh: await ctx.signIn(welsh, school),
    english: await ctx.signIn(english, school),
    both: await ctx.signIn(both, school),
    outsider: await ctx.signIn(outsider, school),
  }
  const base = `/api/schools/${school}`
  const call = async (session: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const res = await ctx.app.inject({
      method,
      url: `${base}${url}`,
      headers: method === 'GET' ? session.get : session.write,
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    return { status: res.statusCode, body: res.body ? res.json() : null }
  }
  const created = await call(sessions.feo, 'POST', '/forums', {
    nameCy: 'Fforwm Teuluoedd',
    nameEn: 'Family Forum',
    descriptionCy: 'Llais teuluoedd yr ysgol.',
    descriptionEn: 'The voice of the school’s families.',
    openItemLimit: 2,
  })
  if (created.status !== 201) throw new Error(`forum not created: ${JSON.stringify(created.body)}`)
  const forumId: string = created.body.id
  for (const [user, role] of [
    [welsh, 'chair'],
    [english, 'member'],
    [both, 'member'],
  ] as const) {
    const added = await call(sessions.feo, 'PUT', `/forums/${forumId}/members/${user.id}`, {
      role,
      representsClassId: role === 'chair' ? group.id : null,
      representsYear: null,
    })
    if (added.status !== 200) throw new Error(`member not added: ${JSON.stringify(added.body)}`)
  }
  return { group, users: { feo, teacher, dsl, welsh, english, both, outsider }, sessions, forumId, call }
}
export type ForumSchool = Awaited<ReturnType<typeof makeForumSchool>>

export const proposal = (title: string, overrides: Record<string, unknown> = {}) => ({
  language: 'en',
  title,
  description: `About ${title}`,
  anonymous: false,
  ...overrides,
})

/** A meeting a week ahead, an hour long. */
export const meetingDraft = (overrides: Record<string, unknown> = {}) => ({
  startsAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
  durationMinutes: 60,
  place: 'Neuadd yr ysgol / School hall',
  onlineUrl: null,
  ...overrides,
})
