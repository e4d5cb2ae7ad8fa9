import type { ReplyTimes as Times } from '../../../shared/schemas/engagement.ts'
import { T } from '../i18n.tsx'
import { durationKey } from './engagement-model.ts'

function Median({ lng, times }: { lng: 'cy' | 'en'; times: Times }) {
  const [key, count] = times.medianMinutes === null ? [null, 0] : durationKey(times.medianMinutes)
  return (
    <div class="reply-time" data-language={lng} data-median={times.medianMinutes ?? ''}>
      <h3>
        <T k={`web.engagement.reply.${lng}`} />
      </h3>
      {key === null ? (
        <p>
          <T k="web.engagement.reply.none" />
        </p>
      ) : (
        <dl>
          <dt>
            <T k="web.engagement.reply.median" />
          </dt>
          <dd class="reply-median">
            <T k={key} values={{ count }} />
          </dd>
          <dt>
            <T k="web.engagement.reply.answered_label" />
          </dt>
          <dd>
            <T k="web.engagement.reply.answered" values={{ count: times.count }} />
          </dd>
        </dl>
      )}
    </div>
  )
}

/**
 * How long staff took to answer families' messages, by the language the family wrote in,
 * side by side with Welsh on the left (stacked Welsh first on a phone): a family writing in
 * Welsh must not wait longer (Welsh Language Standards).
 */
export function ReplyTimes({ times }: { times: { cy: Times; en: Times } }) {
  return (
    <section aria-labelledby="reply-times-heading">
      <h2 id="reply-times-heading">
        <T k="web.engagement.reply.title" />
      </h2>
      <p class="muted">
        <T k="web.engagement.reply.help" />
      </p>
      <div class="bilingual-columns reply-times">
        <Median lng="cy" times={times.cy} />
        <Median lng="en" times={times.en} />
      </div>
    </section>
  )
}
