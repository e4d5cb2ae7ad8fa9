import { eq } from 'drizzle-orm'
import t from 'tap'
import { forums, guardianLearners, newsletterRecipients, newsletters } from '../../server/db/schema.ts'
import { makeForumSchool } from '../forum/fixtures.ts'
import { setup } from '../helpers/setup.ts'
import { draft, sleep, withoutQuietHours } from './fixtures.ts'

t.test('a newsletter to the family forum reaches every adult of its members’ households and nobody else', async (t) => {
  const ctx = await setup(t)
  const forum = await makeForumSchool(ctx)
  const { users, sessions, forumId, call } = forum
  // A second adult of the English member's household: not a member, but the household receives it.
  const [englishLink] = await ctx.app.db.select().from(guardianLearners).where(eq(guardianLearners.guardianId, users.english.id))
  const partner = await ctx.makeUser(ctx.school.id, 'parent', { language: 'en', name: 'Emma’s Partner' })
  await ctx.app.db
    .insert(guardianLearners)
    .values({ schoolId: ctx.school.id, guardianId: partner.id, learnerId: englishLink?.learnerId as string })
  await withoutQuietHours(ctx, partner.id)
  const audience = { kind: 'forum', forumId } as const

  const options = await call(sessions.feo, 'GET', '/newsletters/audience-options')
  t.equal(options.status, 200)
  t.same(
    options.body.forums,
    [{ id: forumId, nameCy: 'Fforwm Teuluoedd', nameEn: 'Family Forum' }],
    'the FEO is offered the school’s forum',
  )
  const count = await call(sessions.feo, 'POST', '/newsletters/audience-count', audience)
  t.equal(count.status, 200, JSON.stringify(count.body))
  t.same(count.body, { guardians: 4, learners: 3 }, 'three member households, four adults, counted before sending')

  const titleEn = 'Forum news'
  const titleCy = 'Newyddion y fforwm'
  // A Welsh-speaking household gets the Welsh subject alone.
  const isNewsletter = (subject: string) => subject.includes(titleEn) || subject.includes(titleCy)
  const created = await call(sessions.feo, 'POST', '/newsletters', draft({ titleEn, titleCy, audience }))
  t.equal(created.status, 201, JSON.stringify(created.body))
  t.same(created.body.audience, audience, 'the forum audience is kept as written')
  const id: string = created.body.id
  const sent = await call(sessions.feo, 'POST', `/newsletters/${id}/send`, {})
  t.equal(sent.status, 202, JSON.stringify(sent.body))

  // Other mail (the forum's own notices) may arrive too: only the newsletter's is counted.
  const expected = [users.welsh, users.english, users.both, partner].map((u) => u.email as string).sort()
  const newsletterMail = () => ctx.mail.received.filter((m) => isNewsletter(m.subject))
  for (let waited = 0; newsletterMail().length < expected.length && waited < 15_000; waited += 100) await sleep(100)
  for (let waited = 0; waited < 15_000; waited += 100) {
    const progress = await call(sessions.feo, 'GET', `/newsletters/${id}/progress`)
    if (progress.body.status === 'sent' && progress.body.pending === 0) break
    await sleep(100)
  }
  await sleep(300)
  t.same(
    newsletterMail()
      .map((m) => m.to)
      .sort(),
    expected,
    'exactly the members’ households receive the email, each adult once',
  )
  t.notOk(
    ctx.mail.received.some((m) => m.to === users.outsider.email && isNewsletter(m.subject)),
    'a parent who is not a member receives nothing',
  )
  const recipients = await ctx.app.db
    .select({ userId: newsletterRecipients.userId })
    .from(newsletterRecipients)
    .where(eq(newsletterRecipients.newsletterId, id))
  t.same(
    recipients.map((r) => r.userId).sort(),
    [users.welsh.id, users.english.id, users.both.id, partner.id].sort(),
    'the recipients are the adults of the members’ households, no staff',
  )
})

t.test('a teacher may not address a forum; another school’s forum is refused with nothing stored', async (t) => {
  const ctx = await setup(t)
  const { sessions, forumId, call } = await makeForumSchool(ctx)

  const teacherOptions = await call(sessions.teacher, 'GET', '/newsletters/audience-options')
  t.same(teacherOptions.body.forums, [], 'teachers are offered no forum')
  const byTeacher = await call(sessions.teacher, 'POST', '/newsletters', draft({ audience: { kind: 'forum', forumId } }))
  t.equal(byTeacher.status, 403, 'a teacher cannot write to a forum')
  t.equal(byTeacher.body.code, 'newsletters.audience_not_allowed')
  const teacherCount = await call(sessions.teacher, 'POST', '/newsletters/audience-count', { kind: 'forum', forumId })
  t.equal(teacherCount.status, 403, 'nor count one')

  const other = await ctx.makeSchool({ nameEn: 'Other School', nameCy: 'Ysgol Arall' })
  const [otherForum] = await ctx.app.db
    .insert(forums)
    .values({ schoolId: other.id, nameCy: 'Fforwm Arall', nameEn: 'Other Forum' })
    .returning({ id: forums.id })
  const foreign = { kind: 'forum', forumId: otherForum?.id as string } as const
  const refused = await call(sessions.feo, 'POST', '/newsletters', draft({ audience: foreign }))
  t.equal(refused.status, 400, 'another school’s forum is refused')
  t.equal(refused.body.code, 'newsletters.audience_unknown')
  const counted = await call(sessions.feo, 'POST', '/newsletters/audience-count', foreign)
  t.equal(counted.status, 400, 'and cannot be counted')
  t.equal(counted.body.code, 'newsletters.audience_unknown')

  const stored = await ctx.app.db.select({ id: newsletters.id }).from(newsletters)
  t.equal(stored.length, 0, 'no newsletter was stored')
})
