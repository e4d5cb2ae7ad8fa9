import { useState } from 'preact/hooks'
import type { MeetingSummary } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { Alert, DateTime, Field } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { httpsUrlOf, isoOf } from './forum-model.ts'
import { useAction } from './use-loaded.ts'

/** Where and when a meeting is, for a line of text. */
export function MeetingWhen({ meeting }: { meeting: MeetingSummary }) {
  return (
    <>
      <DateTime iso={meeting.startsAt} />
      {' · '}
      <T k="web.forum.meeting.minutes_long" values={{ count: meeting.durationMinutes }} />
      {meeting.place ? (
        <>
          {' · '}
          {meeting.place}
        </>
      ) : null}
    </>
  )
}

/** The forum's meetings, each with whether its agenda and minutes are out. */
export function MeetingList({ forumId, meetings }: { forumId: string; meetings: MeetingSummary[] }) {
  if (meetings.length === 0) {
    return (
      <p>
        <T k="web.forum.meetings.empty" />
      </p>
    )
  }
  return (
    <ul class="cards meeting-list">
      {meetings.map((meeting) => (
        <li key={meeting.id} class="card" data-meeting-id={meeting.id}>
          <Link href={`/forum/${forumId}/meetings/${meeting.id}`} class="meeting-link">
            <MeetingWhen meeting={meeting} />
          </Link>
          <span class="muted">
            <T k={`web.forum.meeting.status.${meeting.status}`} />
            {meeting.minutesStatus === 'none' ? null : (
              <>
                {' · '}
                <T k={`web.forum.minutes.status.${meeting.minutesStatus}`} />
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  )
}

/** A new meeting (facilitators): date and time, length, place, and an optional https link to join online. */
export function NewMeetingForm({ forums, forumId, onCreated }: { forums: ForumApi; forumId: string; onCreated: (id: string) => void }) {
  const [startsAt, setStartsAt] = useState('')
  const [duration, setDuration] = useState(60)
  const [place, setPlace] = useState('')
  const [onlineUrl, setOnlineUrl] = useState('')
  const action = useAction()
  const url = httpsUrlOf(onlineUrl)
  const when = isoOf(startsAt)

  const submit = (event: Event) => {
    event.preventDefault()
    if (!when || url === undefined) return
    action.run(async () => {
      const meeting = await forums.createMeeting(forumId, {
        startsAt: when,
        durationMinutes: duration,
        place: place.trim(),
        onlineUrl: url,
      })
      onCreated(meeting.id)
      return null
    })
  }

  return (
    <form class="panel new-meeting" onSubmit={submit} aria-labelledby="new-meeting-heading">
      <h3 id="new-meeting-heading">
        <T k="web.forum.meetings.new" />
      </h3>
      <div class="time-pair">
        <Field id="meeting-starts" label="web.forum.meetings.starts_at">
          <input id="meeting-starts" type="datetime-local" required value={startsAt} onInput={(e) => setStartsAt(e.currentTarget.value)} />
        </Field>
        <Field id="meeting-duration" label="web.forum.meetings.duration">
          <input
            id="meeting-duration"
            type="number"
            min={15}
            max={300}
            step={5}
            required
            value={duration}
            onInput={(e) => setDuration(e.currentTarget.valueAsNumber || 0)}
          />
        </Field>
      </div>
      <Field id="meeting-place" label="web.forum.meetings.place">
        <input id="meeting-place" maxLength={300} value={place} onInput={(e) => setPlace(e.currentTarget.value)} />
      </Field>
      <Field id="meeting-online" label="web.forum.meetings.online_url">
        <input
          id="meeting-online"
          type="url"
          inputMode="url"
          maxLength={500}
          placeholder="https://"
          aria-describedby="meeting-online-help"
          aria-invalid={url === undefined}
          value={onlineUrl}
          onInput={(e) => setOnlineUrl(e.currentTarget.value)}
        />
      </Field>
      <p id="meeting-online-help" class={url === undefined ? 'field-error' : 'muted'}>
        <T k="web.forum.meetings.online_url_help" />
      </p>
      <Alert error={action.error} />
      <button type="submit" disabled={action.busy || !when || url === undefined}>
        <T k="web.forum.meetings.create" />
      </button>
    </form>
  )
}
