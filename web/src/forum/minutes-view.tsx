import type { Meeting } from '../../../shared/schemas/forum.ts'
import { T, useLanguage } from '../i18n.tsx'
import { EntryActions } from './entry-actions.tsx'
import type { ForumApi } from './forum-api.ts'
import { Written } from './forum-text.tsx'

/** Minutes or a decision: with both languages chosen, Welsh on the left and English on the right (Welsh first on a phone). */
function Columns({ cy, en }: { cy: string; en: string }) {
  const { choice } = useLanguage()
  if (!cy && !en) return null
  if (choice !== 'both' || !cy || !en) return <Written cy={cy} en={en} block />
  return (
    <div class="bilingual-columns">
      <p class="written" lang="cy">
        {cy}
      </p>
      <p class="written" lang="en">
        {en}
      </p>
    </div>
  )
}

interface Props {
  forums: ForumApi
  meeting: Meeting
  facilitator: boolean
  onChanged: (done: string) => void
}

/**
 * The minutes as members read them (shared draft or approved, then locked): per agenda entry,
 * whether the meeting reached it, the minutes, the decision and the actions. Facilitators still
 * report back on actions here once the minutes are approved.
 */
export function MinutesView({ forums, meeting, facilitator, onChanged }: Props) {
  return (
    <section class="minutes-view" aria-labelledby="minutes-view-heading">
      <h2 id="minutes-view-heading">
        <T k="web.forum.minutes.title" />
      </h2>
      <p class="status-line" data-minutes-status={meeting.minutesStatus}>
        <T k={`web.forum.minutes.status.${meeting.minutesStatus}`} />
      </p>
      {meeting.agenda.map((entry, index) => (
        <article key={entry.id} class="panel minutes-entry" data-entry-id={entry.id} aria-labelledby={`entry-${entry.id}-title`}>
          <h3 id={`entry-${entry.id}-title`}>
            {index + 1}. <Written cy={entry.titleCy} en={entry.titleEn} />
          </h3>
          {entry.reached === null ? null : (
            <p class="entry-reached" data-reached={String(entry.reached)}>
              <T k={entry.reached ? 'web.forum.minutes.was_reached' : 'web.forum.minutes.not_reached'} />
            </p>
          )}
          <Columns cy={entry.minutesCy} en={entry.minutesEn} />
          {entry.decisionCy || entry.decisionEn ? (
            <div class="entry-decision">
              <h4>
                <T k="web.forum.minutes.decision" />
              </h4>
              <Columns cy={entry.decisionCy} en={entry.decisionEn} />
            </div>
          ) : null}
          <EntryActions
            forums={forums}
            forumId={meeting.forumId}
            meetingId={meeting.id}
            entryId={entry.id}
            actions={entry.actions}
            facilitator={facilitator}
            mayAdd={false}
            onChanged={onChanged}
          />
        </article>
      ))}
    </section>
  )
}
