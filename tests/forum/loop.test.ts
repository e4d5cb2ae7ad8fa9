import t from 'tap'
import { setup } from '../helpers/setup.ts'
import { makeForumSchool, meetingDraft, proposal } from './fixtures.ts'

t.test('the whole loop: propose, support, accept, schedule, publish with ICS, minutes, action, approve, you said we did', async (t) => {
  const ctx = await setup(t)
  const f = await makeForumSchool(ctx)
  const { call, sessions, users, forumId } = f

  const first = await call(sessions.welsh, 'POST', `/forums/${forumId}/items`, {
    language: 'cy',
    title: 'Clwb brecwast',
    description: 'Hoffem glwb brecwast am ddim.',
    anonymous: false,
  })
  t.equal(first.status, 201, 'a member proposes in Welsh')
  t.equal(first.body.originalLanguage, 'cy', 'the Welsh version is the original')
  t.equal(first.body.titleEn, '', 'no English until someone adds it')
  const second = await call(sessions.english, 'POST', `/forums/${forumId}/items`, proposal('Safer crossing'))
  t.equal(second.status, 201, 'a second member proposes in English')
  const breakfast = first.body.id
  const crossing = second.body.id

  const translated = await call(sessions.feo, 'PUT', `/forums/${forumId}/items/${breakfast}/text`, {
    language: 'en',
    title: 'Breakfast club',
    description: 'We would like a free breakfast club.',
  })
  t.equal(translated.status, 200, 'the facilitator adds the English')
  t.equal(translated.body.titleEn, 'Breakfast club')
  t.equal(translated.body.originalLanguage, 'cy', 'Welsh stays the original')

  const supported = await call(sessions.both, 'POST', `/forums/${forumId}/items/${breakfast}/support`)
  t.equal(supported.status, 200, 'a third member supports')
  t.equal(supported.body.supports, 1)
  t.equal(supported.body.supportedByMe, true)

  const accepted = await call(sessions.feo, 'POST', `/forums/${forumId}/items/${breakfast}/status`, { status: 'accepted' })
  t.equal(accepted.status, 200, 'the facilitator accepts')
  t.equal(accepted.body.status, 'accepted')
  await call(sessions.feo, 'POST', `/forums/${forumId}/items/${crossing}/status`, { status: 'accepted' })
  const welshMail = await ctx.mail.next(users.welsh.email as string)
  t.match(welshMail.subject, /Derbyniwyd eitem: Clwb brecwast/, 'the Welsh author is told in Welsh')
  const bothMail = await ctx.mail.next(users.both.email as string)
  t.ok(bothMail.text.indexOf('Clwb brecwast') < bothMail.text.indexOf('Breakfast club'), 'the supporter who chose both reads Welsh first')

  const meeting = await call(sessions.feo, 'POST', `/forums/${forumId}/meetings`, meetingDraft())
  t.equal(meeting.status, 201, 'the facilitator creates a meeting')
  const meetingId = meeting.body.id
  const suggested = await call(sessions.feo, 'GET', `/forums/${forumId}/meetings/${meetingId}/suggested-agenda`)
  t.same(
    suggested.body.items.map((i: { itemId: string }) => i.itemId),
    [breakfast, crossing],
    'accepted items ranked by support',
  )
  const agenda = await call(sessions.feo, 'PUT', `/forums/${forumId}/meetings/${meetingId}/agenda`, {
    entries: [
      { titleCy: 'Ymddiheuriadau', titleEn: 'Apologies', durationMinutes: 5 },
      { itemId: breakfast, durationMinutes: 20 },
      { itemId: crossing, durationMinutes: 20 },
    ],
  })
  t.equal(agenda.status, 200, 'the agenda is set')
  t.equal(agenda.body.agendaMinutes, 45)
  const scheduled = await call(sessions.welsh, 'GET', `/forums/${forumId}/items/${breakfast}`)
  t.equal(scheduled.body.status, 'scheduled', 'an item on the agenda is scheduled')

  const published = await call(sessions.feo, 'POST', `/forums/${forumId}/meetings/${meetingId}/publish`)
  t.equal(published.status, 200, 'the agenda is published')
  let invitation = await ctx.mail.next(users.english.email as string)
  while (invitation.subject !== 'Family Forum agenda') invitation = await ctx.mail.next(users.english.email as string)
  const ics = invitation.attachments.find((a) => a.contentType.startsWith('text/calendar'))
  t.ok(ics, 'the email carries an iCalendar invitation')
  t.match(ics?.content ?? '', /BEGIN:VEVENT/)
  t.match(ics?.content ?? '', new RegExp(`UID:forum-meeting-${meetingId}@`))
  t.match(ics?.content.replace(/\r\n /g, '') ?? '', /Clwb brecwast/, 'the agenda is in the invitation, Welsh included')

  const coming = await call(sessions.english, 'PUT', `/forums/${forumId}/meetings/${meetingId}/attendance`, {
    attending: true,
    language: 'interpretation',
  })
  t.equal(coming.status, 200, 'a member says they will come')
  t.same(coming.body.myAttendance, { attending: true, language: 'interpretation' })
  t.equal(coming.body.attendance.interpretation, 1, 'and asks for interpretation')

  const entries = published.body.agenda as { id: string; itemId: string | null }[]
  const breakfastEntry = entries.find((e) => e.itemId === breakfast)?.id as string
  const crossingEntry = entries.find((e) => e.itemId === crossing)?.id as string
  const minutes = await call(sessions.feo, 'PUT', `/forums/${forumId}/meetings/${meetingId}/minutes`, {
    entries: [
      {
        entryId: breakfastEntry,
        reached: true,
        minutesCy: 'Trafodwyd y galw.',
        minutesEn: 'The demand was discussed.',
        decisionCy: 'Bydd clwb brecwast yn dechrau ym mis Ionawr.',
        decisionEn: 'A breakfast club will start in January.',
      },
      { entryId: crossingEntry, reached: false, minutesCy: '', minutesEn: '', decisionCy: '', decisionEn: '' },
    ],
  })
  t.equal(minutes.status, 200, 'minutes are recorded')
  t.equal(minutes.body.minutesStatus, 'draft')
  const action = await call(sessions.feo, 'POST', `/forums/${forumId}/meetings/${meetingId}/actions`, {
    entryId: breakfastEntry,
    descriptionCy: 'Trefnu staff i’r clwb brecwast',
    descriptionEn: 'Arrange staff for the breakfast club',
    owner: 'Pennaeth / Headteacher',
    dueOn: '2020-01-31',
  })
  t.equal(action.status, 201, 'an action is recorded')
  t.equal(action.body.itemId, breakfast, 'the action links back to the item that raised it')
  t.equal(action.body.overdue, true, 'an action past its date and not done is overdue')

  const shared = await call(sessions.feo, 'POST', `/forums/${forumId}/meetings/${meetingId}/minutes/share`)
  t.equal(shared.body.minutesStatus, 'shared', 'the draft goes to members')
  const approved = await call(sessions.feo, 'POST', `/forums/${forumId}/meetings/${meetingId}/minutes/approve`)
  t.equal(approved.status, 200, 'the minutes are approved')
  t.equal(approved.body.minutesStatus, 'approved')
  const locked = await call(sessions.feo, 'PUT', `/forums/${forumId}/meetings/${meetingId}/minutes`, { entries: [] })
  t.equal(locked.status, 409, 'approved minutes are locked')
  t.equal(locked.body.code, 'forum.minutes_locked')

  const discussed = await call(sessions.welsh, 'GET', `/forums/${forumId}/items/${breakfast}`)
  t.equal(discussed.body.status, 'discussed', 'a reached item is discussed')
  t.same(
    discussed.body.history.map((e: { toStatus: string | null; kind: string }) => e.toStatus ?? e.kind),
    ['proposed', 'text', 'accepted', 'scheduled', 'discussed'],
    'the item keeps its full history',
  )
  const carried = await call(sessions.english, 'GET', `/forums/${forumId}/items/${crossing}`)
  t.equal(carried.body.status, 'accepted', 'an item not reached goes back to accepted')
  t.equal(carried.body.carriedOver, true, 'and carries over')
  const next = await call(sessions.feo, 'POST', `/forums/${forumId}/meetings`, meetingDraft())
  const nextSuggested = await call(sessions.feo, 'GET', `/forums/${forumId}/meetings/${next.body.id}/suggested-agenda`)
  t.equal(nextSuggested.body.items[0]?.itemId, crossing, 'the carried-over item heads the next agenda')

  const record = await ctx.app.inject({
    method: 'GET',
    url: `/api/schools/${ctx.school.id}/forum-record`,
    headers: { ...sessions.outsider.get, 'accept-language': 'cy' },
  })
  t.equal(record.statusCode, 200, 'a parent who is not a member reads "you said, we did"')
  const items = record.json().forums[0].items as { id: string; decisions: { decisionCy: string }[]; actions: { overdue: boolean }[] }[]
  const outcome = items.find((i) => i.id === breakfast)
  t.equal(outcome?.decisions[0]?.decisionCy, 'Bydd clwb brecwast yn dechrau ym mis Ionawr.', 'with the decision in Welsh')
  t.equal(outcome?.actions[0]?.overdue, true, 'and the overdue action marked')
  t.notOk(JSON.stringify(record.json()).includes('Gwen Rhiant'), 'never naming who raised it')

  const done = await call(sessions.feo, 'PATCH', `/forums/${forumId}/actions/${action.body.id}`, { status: 'done' })
  t.equal(done.status, 200, 'the school reports the action done')
  t.equal(done.body.overdue, false, 'a done action is not overdue')
  const actioned = await call(sessions.feo, 'POST', `/forums/${forumId}/items/${breakfast}/status`, { status: 'actioned' })
  t.equal(actioned.body.status, 'actioned', 'the item is marked actioned')
})
