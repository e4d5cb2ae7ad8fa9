import type { ItemEvent } from '../../../shared/schemas/forum.ts'
import { T, useLanguage } from '../i18n.tsx'
import { DateTime } from '../ui.tsx'

/** One change as a sentence: what happened, in the person's language. */
function What({ event }: { event: ItemEvent }) {
  const { i18n } = useLanguage()
  if (event.kind === 'status' && event.toStatus) {
    const to = event.toStatus
    return <T k="web.forum.history.status" values={(lng) => ({ status: i18n.t(`web.forum.status.${to}`, { lng }) })} />
  }
  if (event.kind === 'text') {
    const language = event.language
    return language ? (
      <T k="web.forum.history.text" values={(lng) => ({ language: i18n.t(`language.${language}`, { lng }) })} />
    ) : (
      <T k="web.forum.history.text_changed" />
    )
  }
  if (event.kind === 'referred') return <T k="web.forum.history.referred" />
  return <T k="web.forum.history.proposed" />
}

/** Every change to the item, oldest first, with who made it where the person may see it. */
export function ItemHistory({ events }: { events: ItemEvent[] }) {
  return (
    <section aria-labelledby="item-history-heading">
      <h2 id="item-history-heading">
        <T k="web.forum.history.title" />
      </h2>
      <ol class="item-history">
        {events.map((event, i) => (
          <li key={`${event.at}-${i}`} data-kind={event.kind} data-to-status={event.toStatus ?? undefined}>
            <What event={event} />
            {event.actorName ? (
              <>
                {' '}
                <T k="web.forum.history.by" values={{ name: event.actorName }} />
              </>
            ) : event.kind === 'proposed' ? (
              <>
                {' '}
                <T k="web.forum.history.by_a_family" />
              </>
            ) : null}
            <span class="muted">
              {' · '}
              <DateTime iso={event.at} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  )
}
