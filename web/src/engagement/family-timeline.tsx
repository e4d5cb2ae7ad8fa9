import type { TimelineEntry } from '../../../shared/schemas/engagement.ts'
import { T, Written } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { DateTime } from '../ui.tsx'
import { ContactSummary, FollowUpDue } from './follow-up.tsx'

/** What one line of the timeline says; message and contact text is shown as text, never HTML. */
function Entry({ entry }: { entry: TimelineEntry }) {
  switch (entry.kind) {
    case 'message':
      return (
        <>
          <T
            k={entry.fromFamily ? 'web.engagement.timeline.message_family' : 'web.engagement.timeline.message_staff'}
            values={{ name: entry.authorName }}
          />
          {entry.body === null ? (
            <span class="block muted">
              <T k="web.engagement.timeline.message_hidden" />
            </span>
          ) : (
            <>
              <span class="block message-body">{entry.body}</span>
              <Link href={`/messages/${entry.conversationId}`}>
                <T k="web.engagement.timeline.open_conversation" />
              </Link>
            </>
          )}
        </>
      )
    case 'newsletter':
      return (
        <>
          <T k="web.engagement.timeline.newsletter" /> {/* The newsletter's reading page is the server's, not the app's: a plain link. */}
          <a href={`/newsletters/${entry.newsletterId}`}>
            <Written cy={entry.titleCy} en={entry.titleEn} />
          </a>
          {': '}
          <strong data-reached={entry.reached}>
            <T k={entry.reached ? 'web.engagement.timeline.reached' : 'web.engagement.timeline.not_reached'} />
          </strong>
        </>
      )
    case 'forum':
      return (
        <T
          k={`web.engagement.timeline.forum.${entry.activity}`}
          values={(lng) => ({
            name: entry.adultName,
            forum: lng === 'cy' ? entry.forumCy || entry.forumEn : entry.forumEn || entry.forumCy,
          })}
        />
      )
    case 'contact':
      return (
        <>
          <ContactSummary contact={entry.contact} />
          {entry.contact.followUpOn ? (
            <span class="block">
              {entry.contact.followUpDone ? <T k="web.engagement.follow_ups.done_state" /> : <FollowUpDue contact={entry.contact} />}
            </span>
          ) : null}
        </>
      )
  }
}

const entryKey = (entry: TimelineEntry, i: number) => `${entry.kind}-${entry.at}-${i}`

/** Timeline entries, newest first, each with when it happened. */
export function Timeline({ entries, label }: { entries: TimelineEntry[]; label: string }) {
  return (
    <ol class="timeline" aria-labelledby={label}>
      {entries.map((entry, i) => (
        <li key={entryKey(entry, i)} class="timeline-entry" data-kind={entry.kind}>
          <span class="timeline-time">
            <DateTime iso={entry.at} />
          </span>
          <span class="timeline-what">
            <Entry entry={entry} />
          </span>
        </li>
      ))}
    </ol>
  )
}
