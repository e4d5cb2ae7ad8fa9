import { eq } from 'drizzle-orm'
import t from 'tap'
import { forumAgendaEntries, forumItemEvents, forumItems } from '../../server/db/schema.ts'
import { setup } from '../helpers/setup.ts'
import { makeForumSchool, meetingDraft, proposal } from './fixtures.ts'

t.test('bad input gets a clear, localised 4xx and changes nothing', async (t) => {
  const ctx = await setup(t)
  const f = await makeForumSchool(ctx)
  const { call, sessions, forumId } = f
  const F = `/forums/${forumId}`
  const itemA = (await call(sessions.english, 'POST', `${F}/items`, proposal('Parking'))).body.id
  const itemB = (await call(sessions.english, 'POST', `${F}/items`, proposal('Uniform costs'))).body.id

  const third = await call(sessions.english, 'POST', `${F}/items`, proposal('A third'))
  t.equal(third.status, 409, 'a member over the open-item limit is refused')
  t.equal(third.body.code, 'forum.too_many_open_items')
  t.match(third.body.message, /2 open items/, 'saying the limit')
  const welshThird = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}${F}/items`,
    headers: { ...sessions.english.write, 'accept-language': 'cy' },
    payload: proposal('A third'),
  })
  t.equal(welshThird.statusCode, 409)

  await call(sessions.both, 'POST', `${F}/items/${itemA}/support`)
  const twice = await call(sessions.both, 'POST', `${F}/items/${itemA}/support`)
  t.equal(twice.status, 409, 'supporting twice is refused')
  t.equal(twice.body.code, 'forum.already_supported')
  t.equal((await call(sessions.both, 'GET', `${F}/items/${itemA}`)).body.supports, 1, 'and the count stays at one')
  const own = await call(sessions.english, 'POST', `${F}/items/${itemA}/support`)
  t.equal(own.body.code, 'forum.support_own_item', 'an author cannot support their own item')
  const withdrawn = await call(sessions.both, 'DELETE', `${F}/items/${itemA}/support`)
  t.equal(withdrawn.body.supports, 0, 'support can be withdrawn')
  const again = await call(sessions.both, 'DELETE', `${F}/items/${itemA}/support`)
  t.equal(again.body.code, 'forum.not_supported', 'but only once')

  const jump = await call(sessions.feo, 'POST', `${F}/items/${itemA}/status`, { status: 'actioned' })
  t.equal(jump.status, 409, 'a status jump not in the flow is refused')
  t.equal(jump.body.code, 'forum.status_not_allowed')
  t.match(jump.body.message, /accepted, declined, withdrawn/, 'naming the allowed next steps')
  const noReason = await call(sessions.feo, 'POST', `${F}/items/${itemA}/status`, { status: 'declined', reasonCy: 'Na', reasonEn: ' ' })
  t.equal(noReason.status, 400, 'declining needs a reason in both languages')
  t.equal(noReason.body.code, 'forum.reason_required')
  t.same(noReason.body.errors, [{ field: 'reasonEn', reason: 'required' }])
  const notStatus = await call(sessions.feo, 'POST', `${F}/items/${itemA}/status`, { status: 'scheduled' })
  t.equal(notStatus.status, 400, 'scheduled is not set by hand (only agendas schedule)')
  const [row] = await ctx.app.db.select().from(forumItems).where(eq(forumItems.id, itemA))
  t.equal(row?.status, 'proposed', 'the item has not moved')
  t.equal(
    (await ctx.app.db.select().from(forumItemEvents).where(eq(forumItemEvents.itemId, itemA))).length,
    1,
    'its history holds only the proposal',
  )

  await call(sessions.feo, 'POST', `${F}/items/${itemA}/status`, { status: 'accepted' })
  const meeting = (await call(sessions.feo, 'POST', `${F}/meetings`, meetingDraft({ durationMinutes: 30 }))).body.id
  const tooLong = await call(sessions.feo, 'PUT', `${F}/meetings/${meeting}/agenda`, {
    entries: [
      { titleCy: 'Croeso', titleEn: 'Welcome', durationMinutes: 10 },
      { itemId: itemA, durationMinutes: 25 },
    ],
  })
  t.equal(tooLong.status, 400, 'an agenda longer than the meeting is refused')
  t.equal(tooLong.body.code, 'forum.agenda_too_long')
  t.match(tooLong.body.message, /35 minutes but the meeting lasts 30/)
  t.equal(
    (await ctx.app.db.select().from(forumAgendaEntries).where(eq(forumAgendaEntries.meetingId, meeting))).length,
    0,
    'no agenda was written',
  )
  t.equal((await call(sessions.feo, 'GET', `${F}/items/${itemA}`)).body.status, 'accepted', 'and the item is not scheduled')
  const notAccepted = await call(sessions.feo, 'PUT', `${F}/meetings/${meeting}/agenda`, {
    entries: [{ itemId: itemB, durationMinutes: 5 }],
  })
  t.equal(notAccepted.status, 409, 'an item not accepted cannot go on an agenda')
  t.equal(notAccepted.body.code, 'forum.item_not_accepted')
  const empty = await call(sessions.feo, 'POST', `${F}/meetings/${meeting}/publish`)
  t.equal(empty.body.code, 'forum.agenda_empty', 'an empty agenda is not published')

  const set = await call(sessions.feo, 'PUT', `${F}/meetings/${meeting}/agenda`, { entries: [{ itemId: itemA, durationMinutes: 20 }] })
  const entry = set.body.agenda[0].id
  const shorter = await call(sessions.feo, 'PUT', `${F}/meetings/${meeting}`, meetingDraft({ durationMinutes: 15 }))
  t.equal(shorter.body.code, 'forum.agenda_too_long', 'a meeting cannot be made shorter than its agenda')
  const unknownEntry = await call(sessions.feo, 'PUT', `${F}/meetings/${meeting}/minutes`, {
    entries: [
      { entryId: entry, reached: true, minutesCy: 'Iawn', minutesEn: 'Fine', decisionCy: '', decisionEn: '' },
      { entryId: crypto.randomUUID(), reached: true, minutesCy: '', minutesEn: '', decisionCy: '', decisionEn: '' },
    ],
  })
  t.equal(unknownEntry.status, 400, 'minutes for an entry not in the meeting are refused')
  const [kept] = await ctx.app.db.select().from(forumAgendaEntries).where(eq(forumAgendaEntries.id, entry))
  t.equal(kept?.minutesEn, '', 'and the good line in the same request was not written either')
  const approveEmpty = await call(sessions.feo, 'POST', `${F}/meetings/${meeting}/minutes/approve`)
  t.equal(approveEmpty.body.code, 'forum.minutes_empty', 'minutes cannot be approved before they are written')

  const badBody = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}${F}/items`,
    headers: { ...sessions.welsh.write, 'accept-language': 'cy' },
    payload: { language: 'fr', title: '', description: 'x', anonymous: 'yes' },
  })
  t.equal(badBody.statusCode, 400, 'a body that breaks the schema is refused')
  t.ok(badBody.json().message, 'with a message')
  const badMeeting = await call(sessions.feo, 'POST', `${F}/meetings`, meetingDraft({ onlineUrl: 'javascript:alert(1)' }))
  t.equal(badMeeting.status, 400, 'an online link that is not https is refused')
  const nowhere = await call(sessions.feo, 'POST', `${F}/meetings`, meetingDraft({ place: ' ', onlineUrl: null }))
  t.equal(nowhere.body.code, 'forum.meeting_place_required', 'a meeting needs a place or a link')
  const facilitatorParent = await call(sessions.feo, 'PUT', `${F}/members/${f.users.outsider.id}`, {
    role: 'facilitator',
    representsClassId: null,
    representsYear: null,
  })
  t.equal(facilitatorParent.body.code, 'forum.facilitator_not_staff', 'a parent cannot be made facilitator')
  const stranger = await ctx.makeUser((await ctx.makeSchool()).id, 'parent')
  const foreignMember = await call(sessions.feo, 'PUT', `${F}/members/${stranger.id}`, {
    role: 'member',
    representsClassId: null,
    representsYear: null,
  })
  t.equal(foreignMember.body.code, 'forum.member_unknown', 'a person of another school cannot be added')
})
