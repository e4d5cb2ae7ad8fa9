import type { ComponentChildren } from 'preact'
import type { ItemStatus } from '../../../shared/schemas/forum.ts'
import { Bi, T } from '../i18n.tsx'
import { Alert } from '../ui.tsx'

/** Text people wrote, in the person's language and marked with its own: see i18n.tsx. */
export { Written } from '../i18n.tsx'

const dayFormat = { dateStyle: 'medium', timeZone: 'UTC' } as const
/** Welsh dates where the browser knows Welsh; elsewhere numbers only, which read the same in both. */
const dayFormats = {
  cy:
    Intl.DateTimeFormat.supportedLocalesOf(['cy']).length > 0
      ? new Intl.DateTimeFormat('cy-GB', dayFormat)
      : new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', dayFormat),
}

/** A calendar day (YYYY-MM-DD, a due date) as text in one language. */
export function formatDay(day: string, lng: 'cy' | 'en'): string {
  return dayFormats[lng].format(new Date(`${day}T00:00:00Z`))
}

/** A calendar day in the person's language (Welsh first when both). */
export function Day({ day }: { day: string }) {
  return (
    <time dateTime={day}>
      <Bi cy={formatDay(day, 'cy')} en={formatDay(day, 'en')} />
    </time>
  )
}

/** An item's status as a badge: words, not colour alone. */
export function StatusBadge({ status }: { status: ItemStatus }) {
  return (
    <span class={`status-badge forum-status-${status}`} data-status={status}>
      <T k={`web.forum.status.${status}`} />
    </span>
  )
}

export function Loading() {
  return (
    <p aria-busy="true">
      <T k="web.loading" />
    </p>
  )
}

/** Something fetched: its error, "Loading…" while it comes, then what children make of it. */
export function Loaded<D>({ data, error, children }: { data: D | null; error: unknown; children: (data: D) => ComponentChildren }) {
  return (
    <>
      <Alert error={error} />
      {data === null ? error ? null : <Loading /> : children(data)}
    </>
  )
}

/** What the last action did (announced) and its error, if any. */
export function Outcome({ done, error }: { done: string | null; error: unknown }) {
  return (
    <>
      <div role="status" class="status">
        {done ? (
          <p>
            <T k={done} />
          </p>
        ) : null}
      </div>
      <Alert error={error} />
    </>
  )
}

/** Who proposed an item, as the asker may see it: a name, "you", or "a family". */
export function Author({ name, mine, anonymous }: { name: string | null; mine: boolean; anonymous: boolean }) {
  const [key, values] = mine
    ? [anonymous ? 'web.forum.item.by_you_anonymous' : 'web.forum.item.by_you', {}]
    : name === null
      ? ['web.forum.item.by_a_family', {}]
      : [anonymous ? 'web.forum.item.by_name_anonymous' : 'web.forum.item.by_name', { name }]
  return (
    <span class="item-author">
      <T k={key} values={values} />
    </span>
  )
}
