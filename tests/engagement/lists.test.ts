import { eq } from 'drizzle-orm'
import t from 'tap'
import { users } from '../../server/db/schema.ts'
import { halfTermsSoFar, today } from '../../server/modules/engagement/school-calendar.ts'
import type { EngagementCharts, EngagementLists } from '../../shared/schemas/engagement.ts'
import { setup } from '../helpers/setup.ts'
import { ago, DAY, engagementWriters, familyIdOf, HOUR, idsOf } from './fixtures.ts'

/**
 * A school with families in known states, each list holding exactly the families it should:
 *   R reached by email 3 days ago (and a failed email 10 weeks ago)  Oak
 *   Q last reached by email 10 weeks ago                              Oak
 *   N no email, no push, never signed in, nothing ever                Ash
 *   D two adults: D1 opened a newsletter yesterday, D2 has a phone    Oak, and a sibling in Ash (D2's)
 *   W wrote in Welsh 10 days ago, no answer yet                       Ash
 *   X English messages answered after 60 and 180 minutes             Oak
 *   Y Welsh messages answered after 30, 90 and 150 minutes            Ash
 *   Z wrote an hour ago, not answered yet                             Oak
 */
t.test('engagement lists, reply times and charts for a seeded school', async (t) => {
  const ctx = await setup(t, { workers: false })
  const school = ctx.school.id
  const w = engagementWriters(ctx)
  const oak = await ctx.makeClassGroup(school, { nameCy: 'Derw', nameEn: 'Oak', yearGroup: 3 })
  const ash = await ctx.makeClassGroup(school, { nameCy: 'Onnen', nameEn: 'Ash', yearGroup: 5 })
  const feo = await ctx.makeUser(school, 'feo', { language: 'cy', name: 'Ffion' })
  const teacher = await ctx.makeUser(school, 'teacher', { language: 'en', name: 'Tom' })
  const family = async (name: string, classId: string, options: { email?: null } = {}) => {
    const made = await ctx.makeFamily(school, { classId, guardianName: name, learnerName: `${name} child` })
    if (options.email === null) {
      await ctx.app.db.update(users).set({ email: null }).where(eq(users.id, made.guardian.id))
    }
    return made
  }
  const R = await family('R', oak.id)
  const Q = await family('Q', oak.id)
  const N = await family('N', ash.id, { email: null })
  const D = await family('D1', oak.id)
  const D2 = await w.secondAdult(D.learner.id, { name: 'D2', email: null })
  await w.sibling(D2.id, ash.id, 'D sibling')
  await w.pushDevice(D2.id)
  const W = await family('W', ash.id)
  const X = await family('X', oak.id)
  const Y = await family('Y', ash.id)
  const Z = await family('Z', oak.id)

  const old = await w.sentNewsletter(ago(70 * DAY), 'Hen')
  await w.received(old.id, Q.guardian.id, { emailSentAt: ago(70 * DAY) })
  await w.received(old.id, R.guardian.id, { emailFailed: true })
  await w.received(old.id, N.guardian.id, {})
  const recent = await w.sentNewsletter(ago(3 * DAY), 'Newydd')
  await w.received(recent.id, R.guardian.id, { emailSentAt: ago(3 * DAY) })
  await w.received(recent.id, D.guardian.id, { openedAt: ago(DAY) })
  await w.received(recent.id, D2.id, {})

  const cw = await w.conversation(teacher.id, [W.guardian.id])
  await cw.say(W.guardian.id, 'Bore da, mae gen i gwestiwn am y gwaith cartref', ago(10 * DAY))
  const cx = await w.conversation(teacher.id, [X.guardian.id])
  await cx.say(X.guardian.id, 'Hello, can you tell me about the trip please?', ago(20 * DAY))
  await cx.say(teacher.id, 'Yes, it is on Friday.', ago(20 * DAY - 60 * 60_000))
  await cx.say(X.guardian.id, 'Thanks, and what should they bring?', ago(15 * DAY))
  await cx.say(teacher.id, 'A packed lunch.', ago(15 * DAY - 180 * 60_000))
  const cy = await w.conversation(teacher.id, [Y.guardian.id])
  const said: [string, number][] = [
    ['Y', 20 * DAY],
    ['T', 20 * DAY - 30 * 60_000],
    ['Y', 15 * DAY],
    ['T', 15 * DAY - 90 * 60_000],
    ['Y', 12 * DAY],
    ['Y', 12 * DAY - 10 * 60_000],
    ['T', 12 * DAY - 150 * 60_000],
  ]
  for (const [who, at] of said) {
    if (who === 'Y') await cy.say(Y.guardian.id, 'Diolch yn fawr, mae hi yn yr ysgol yfory', ago(at))
    else await cy.say(teacher.id, 'Diolch, iawn', ago(at))
  }
  const cz = await w.conversation(teacher.id, [Z.guardian.id])
  await cz.say(Z.guardian.id, 'Can you call me please?', ago(HOUR))

  const session = await ctx.signIn(feo, school)
  const ids = {
    R: R.guardian.id,
    Q: Q.guardian.id,
    N: N.guardian.id,
    D: familyIdOf(D.guardian.id, D2.id),
    W: W.guardian.id,
    X: X.guardian.id,
    Y: Y.guardian.id,
    Z: Z.guardian.id,
  }
  const lists = async (query = '') => {
    const res = await w.call(session, 'GET', `/engagement/lists${query}`)
    t.equal(res.status, 200, `lists${query}`)
    return res.body as EngagementLists
  }

  await t.test('every list holds exactly the expected families', async (t) => {
    const all = await lists()
    t.equal(all.weeks, 4)
    t.same(idsOf(all.notReached), [ids.Q, ids.N].sort(), 'not reached in 4 weeks: Q and N')
    t.same(idsOf(all.noWorkingChannel), [ids.N], 'no working channel: N')
    t.same(
      all.awaitingReply.map((a) => a.family.familyId),
      [ids.W],
      'waiting over 2 school days: W only',
    )
    t.ok((all.awaitingReply[0]?.schoolDays ?? 0) >= 6, 'ten days is at least six school days')
    t.same(all.awaitingReply[0]?.staffNames, ['Tom'])
    t.same(all.replyTimes, { cy: { count: 3, medianMinutes: 90 }, en: { count: 2, medianMinutes: 120 } })
    const d = (await w.call(session, 'GET', '/engagement/families')).body.families.find((f: { familyId: string }) => f.familyId === ids.D)
    t.same(d.adults.map((a: { name: string }) => a.name).sort(), ['D1', 'D2'], 'two adults sharing a learner are one family')
    t.equal(d.learners.length, 2, 'with both learners')
  })

  await t.test('filters by class and by year', async (t) => {
    const ashLists = await lists(`?classId=${ash.id}`)
    t.same(idsOf(ashLists.notReached), [ids.N])
    t.same(
      ashLists.awaitingReply.map((a) => a.family.familyId),
      [ids.W],
    )
    t.same(ashLists.replyTimes, { cy: { count: 3, medianMinutes: 90 }, en: { count: 0, medianMinutes: null } })
    const year3 = await lists('?year=3')
    t.same(idsOf(year3.notReached), [ids.Q])
    t.same(year3.noWorkingChannel, [])
    const families = (await w.call(session, 'GET', `/engagement/families?classId=${ash.id}`)).body.families
    t.same(idsOf(families), [ids.N, ids.D, ids.W, ids.Y].sort(), 'a family with a learner in Ash is in Ash')
    t.same(idsOf((await lists('?weeks=12')).notReached), [ids.N], 'in 12 weeks only N was never reached')
  })

  await t.test('a phone call takes a family off "not reached"; a note alone does not', async (t) => {
    const note = await w.call(session, 'POST', `/engagement/families/${ids.N}/contacts`, {
      kind: 'note',
      note: 'Ffonio',
      followUpOn: today(new Date()),
    })
    t.equal(note.status, 201)
    const after = await lists()
    t.same(idsOf(after.notReached), [ids.Q, ids.N].sort())
    t.same(
      after.followUpsDue.map((f) => f.family.familyId),
      [ids.N],
      'the follow-up due today is listed',
    )
    const call = await w.call(session, 'POST', `/engagement/families/${ids.Q}/contacts`, { kind: 'phone', note: 'Siarad â Q' })
    t.equal(call.status, 201)
    t.same(idsOf((await lists()).notReached), [ids.N])
  })

  await t.test('charts count each class and half-term, and the CSV says the same', async (t) => {
    const res = await w.call(session, 'GET', '/engagement/charts')
    t.equal(res.status, 200)
    const charts = res.body as EngagementCharts
    const terms = halfTermsSoFar(new Date())
    t.same(
      charts.halfTerms.map((h) => h.key),
      terms.map((h) => h.key),
    )
    const termOf = (at: Date) => terms.findIndex((h) => h.start <= today(at) && today(at) < h.end)
    const oakCells = charts.classes.find((c) => c.classId === oak.id)?.cells ?? []
    const ashCells = charts.classes.find((c) => c.classId === ash.id)?.cells ?? []
    t.equal(oakCells[0]?.families, 5, 'Oak: R, Q, D, X, Z')
    t.equal(ashCells[0]?.families, 4, 'Ash: N, D, W, Y')
    // Expected from the fixture's own moments.
    const expect = (events: [string, Date, boolean][], members: string[]) =>
      terms.map((_h, i) => {
        const inTerm = events.filter(([who, at]) => members.includes(who) && termOf(at) === i)
        return { sent: new Set(inTerm.map(([who]) => who)).size, reached: new Set(inTerm.filter(([, , r]) => r).map(([who]) => who)).size }
      })
    const newsletterEvents: [string, Date, boolean][] = [
      ['Q', ago(70 * DAY), true],
      ['R', ago(70 * DAY), false],
      ['N', ago(70 * DAY), false],
      ['R', ago(3 * DAY), true],
      ['D', ago(3 * DAY), true],
    ]
    const oakExpected = expect(newsletterEvents, ['R', 'Q', 'D', 'X', 'Z'])
    const ashExpected = expect(newsletterEvents, ['N', 'D', 'W', 'Y'])
    t.same(
      oakCells.map((c) => ({ sent: c.newsletterFamilies, reached: c.newsletterReached })),
      oakExpected,
      'Oak newsletters per half-term',
    )
    t.same(
      ashCells.map((c) => ({ sent: c.newsletterFamilies, reached: c.newsletterReached })),
      ashExpected,
      'Ash newsletters per half-term',
    )
    const wrote: [string, Date, boolean][] = [
      ['W', ago(10 * DAY), true],
      ['X', ago(20 * DAY), true],
      ['X', ago(15 * DAY), true],
      ['Y', ago(20 * DAY), true],
      ['Y', ago(12 * DAY), true],
      ['Z', ago(HOUR), true],
    ]
    t.same(
      oakCells.map((c) => c.messageActive),
      expect(wrote, ['R', 'Q', 'D', 'X', 'Z']).map((e) => e.sent),
    )
    t.same(
      ashCells.map((c) => c.messageActive),
      expect(wrote, ['N', 'D', 'W', 'Y']).map((e) => e.sent),
    )

    const csv = await ctx.app.inject({ method: 'GET', url: `/api/schools/${school}/engagement/charts.csv`, headers: session.get })
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], /text\/csv/)
    const [header, ...rows] = csv.body.trim().split('\r\n')
    t.match(header, /^Dosbarth,Hanner tymor,Teuluoedd,/, 'headers in the asker’s language (Welsh)')
    t.equal(rows.length, charts.classes.length * terms.length)
    for (const c of charts.classes) {
      for (const cell of c.cells) {
        const row = rows.find((r) => r.startsWith(`${c.nameCy},${cell.halfTerm},`))
        const share = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 10)
        t.equal(
          row,
          [
            c.nameCy,
            cell.halfTerm,
            cell.families,
            cell.newsletterFamilies,
            cell.newsletterReached,
            share(cell.newsletterReached, cell.newsletterFamilies),
            cell.messageActive,
            share(cell.messageActive, cell.families),
            cell.forumActive,
            share(cell.forumActive, cell.families),
          ].join(','),
          `CSV row for ${c.nameEn} ${cell.halfTerm}`,
        )
      }
    }
  })
})
