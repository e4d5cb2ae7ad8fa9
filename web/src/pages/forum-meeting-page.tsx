import { useState } from 'preact/hooks'
import type { Meeting } from '../../../shared/schemas/forum.ts'
import { AgendaBuilder } from '../forum/agenda-builder.tsx'
import { AttendanceCounts, AttendanceForm } from '../forum/attendance.tsx'
import { forumApi } from '../forum/forum-api.ts'
import { isFamilyMember } from '../forum/forum-model.ts'
import { Loaded, Outcome, Written } from '../forum/forum-text.tsx'
import { MeetingWhen } from '../forum/meetings.tsx'
import { MinutesEditor } from '../forum/minutes-editor.tsx'
import { MinutesView } from '../forum/minutes-view.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { Bi, T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { DateTime } from '../ui.tsx'

/** The agenda as published: each line with its minutes, and the total. */
function AgendaList({ forumId, meeting }: { forumId: string; meeting: Meeting }) {
  return (
    <section aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">
        <T k="web.forum.agenda.title" />
      </h2>
      {meeting.agenda.length === 0 ? (
        <p>
          <T k="web.forum.agenda.not_yet" />
        </p>
      ) : (
        <>
          <ol class="agenda-list">
            {meeting.agenda.map((entry) => (
              <li key={entry.id} data-item-id={entry.itemId ?? undefined}>
                {entry.itemId ? (
                  <Link href={`/forum/${forumId}/items/${entry.itemId}`}>
                    <Written cy={entry.titleCy} en={entry.titleEn} />
                  </Link>
                ) : (
                  <Written cy={entry.titleCy} en={entry.titleEn} />
                )}{' '}
                <span class="muted">
                  (<T k="web.forum.meeting.minutes_long" values={{ count: entry.durationMinutes }} />)
                </span>
              </li>
            ))}
          </ol>
          <p class="muted">
            <T k="web.forum.agenda.total" values={{ total: meeting.agendaMinutes, length: meeting.durationMinutes }} />
          </p>
        </>
      )}
    </section>
  )
}

/**
 * One meeting: when and where; for members, whether they will come and in which language; for
 * facilitators, the agenda builder, the attendance counts, the minutes and their approval; for
 * everyone who may read the forum, the agenda and, once shared, the minutes and actions.
 */
export function ForumMeetingPage({ schoolId, forumId, meetingId }: { schoolId: string; forumId: string; meetingId: string }) {
  const forums = forumApi(schoolId)
  const forum = useLoaded(forumId, () => forums.forum(forumId))
  const meeting = useLoaded(`${forumId}/${meetingId}`, () => forums.meeting(forumId, meetingId))
  const [done, setDone] = useState<string | null>(null)
  const changed = (message: string) => {
    setDone(message)
    meeting.reload()
  }
  const facilitator = forum.data?.canFacilitate === true
  const member = isFamilyMember(forum.data?.myRole ?? null)

  return (
    <div class="forum-page forum-meeting-page">
      <p>
        <Link href={`/forum/${forumId}`}>
          {forum.data ? <Bi cy={forum.data.nameCy} en={forum.data.nameEn} /> : <T k="web.forum.back_to_forum" />}
        </Link>
      </p>
      <h1>
        <T k="web.forum.meeting.title" />
      </h1>
      <Loaded data={meeting.data} error={meeting.error ?? forum.error}>
        {(m) => {
          const approved = m.minutesStatus === 'approved'
          const readable = m.minutesStatus === 'shared' || approved
          return (
            <>
              <p class="meeting-when">
                <MeetingWhen meeting={m} />
              </p>
              {m.onlineUrl ? (
                <p>
                  <a href={m.onlineUrl} rel="noopener noreferrer" target="_blank">
                    <T k="web.forum.meeting.join_online" />
                  </a>
                </p>
              ) : null}
              <p class="status-line" data-meeting-status={m.status}>
                <T k={`web.forum.meeting.status.${m.status}`} />
                {m.publishedAt ? (
                  <>
                    {' · '}
                    <DateTime iso={m.publishedAt} />
                  </>
                ) : null}
              </p>
              <Outcome done={done} error={null} />
              {member && m.status === 'published' && !approved ? (
                <AttendanceForm forums={forums} meeting={m} onSaved={meeting.reload} />
              ) : null}
              {facilitator ? <AttendanceCounts meeting={m} /> : null}
              {facilitator && m.minutesStatus === 'none' ? (
                <AgendaBuilder key={m.id} forums={forums} meeting={m} onChanged={changed} />
              ) : (
                <AgendaList forumId={forumId} meeting={m} />
              )}
              {facilitator && !approved && m.status === 'published' && m.agenda.length > 0 ? (
                <MinutesEditor key={m.agenda.map((e) => e.id).join()} forums={forums} meeting={m} onChanged={changed} />
              ) : readable ? (
                <MinutesView forums={forums} meeting={m} facilitator={facilitator} onChanged={changed} />
              ) : null}
            </>
          )
        }}
      </Loaded>
    </div>
  )
}
