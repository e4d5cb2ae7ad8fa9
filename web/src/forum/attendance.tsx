import { useState } from 'preact/hooks'
import type { Meeting, SetAttendance } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import type { ForumApi } from './forum-api.ts'
import { Outcome } from './forum-text.tsx'
import { useAction } from './use-loaded.ts'

const LANGUAGES: readonly SetAttendance['language'][] = ['cy', 'en', 'interpretation']

/** A member says whether they will come, and the language they ask for in the meeting. */
export function AttendanceForm({ forums, meeting, onSaved }: { forums: ForumApi; meeting: Meeting; onSaved: () => void }) {
  const mine = meeting.myAttendance
  const [attending, setAttending] = useState<boolean | null>(mine ? mine.attending : null)
  const [language, setLanguage] = useState<SetAttendance['language']>(mine?.language ?? 'cy')
  const action = useAction()

  const submit = (event: Event) => {
    event.preventDefault()
    if (attending === null) return
    action.run(async () => {
      await forums.setAttendance(meeting.forumId, meeting.id, { attending, language })
      onSaved()
      return attending ? 'web.forum.attendance.saved_coming' : 'web.forum.attendance.saved_not_coming'
    })
  }

  return (
    <form class="panel attendance-form" onSubmit={submit} aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">
        <T k="web.forum.attendance.title" />
      </h2>
      <fieldset class="field">
        <legend>
          <T k="web.forum.attendance.coming_question" />
        </legend>
        <div class="choice-row">
          <label class="choice">
            <input type="radio" name="attending" checked={attending === true} onChange={() => setAttending(true)} />
            <T k="web.forum.attendance.coming" />
          </label>
          <label class="choice">
            <input type="radio" name="attending" checked={attending === false} onChange={() => setAttending(false)} />
            <T k="web.forum.attendance.not_coming" />
          </label>
        </div>
      </fieldset>
      {attending ? (
        <fieldset class="field">
          <legend>
            <T k="web.forum.attendance.language_question" />
          </legend>
          <div class="choice-row">
            {LANGUAGES.map((lng) => (
              <label key={lng} class="choice">
                <input type="radio" name="attendance-language" checked={language === lng} onChange={() => setLanguage(lng)} />
                <T k={`web.forum.attendance.language.${lng}`} />
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <Outcome done={action.done} error={action.error} />
      <button type="submit" disabled={action.busy || attending === null}>
        <T k="web.forum.attendance.save" />
      </button>
    </form>
  )
}

/** For facilitators: how many will come, and which language they asked for. */
export function AttendanceCounts({ meeting }: { meeting: Meeting }) {
  const a = meeting.attendance
  const rows: [string, number, string][] = [
    ['web.forum.attendance.count.coming', a.coming, 'coming'],
    ['web.forum.attendance.count.not_coming', a.notComing, 'not-coming'],
    ['web.forum.attendance.count.welsh', a.welsh, 'welsh'],
    ['web.forum.attendance.count.english', a.english, 'english'],
    ['web.forum.attendance.count.interpretation', a.interpretation, 'interpretation'],
  ]
  return (
    <section aria-labelledby="attendance-counts-heading">
      <h2 id="attendance-counts-heading">
        <T k="web.forum.attendance.counts_title" />
      </h2>
      <dl class="progress-numbers attendance-counts">
        {rows.map(([key, value, name]) => (
          <div key={name}>
            <dt>
              <T k={key} />
            </dt>
            <dd data-count={name}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
