import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'
import { ApiError, type RowError } from './api.ts'
import { Bi, T, useLanguage, useText } from './i18n.tsx'

/** An error from the API (its message is already localised) or, failing that, a generic one. */
export function Alert({ error }: { error: unknown }) {
  if (!error) return null
  const message = error instanceof ApiError ? error.message : ''
  const fallback = error instanceof ApiError && error.status === 0 ? 'errors.unavailable' : 'errors.internal'
  return (
    <div class="alert" role="alert">
      {message ? <p>{message}</p> : <T k={fallback} block />}
      {error instanceof ApiError && error.errors.length > 0 && error.code !== 'validation.invalid' ? (
        <RowErrors errors={error.errors} />
      ) : null}
    </div>
  )
}

/** Problems found in the rows of a CSV file, one per line of the file. */
export function RowErrors({ errors }: { errors: RowError[] }) {
  const { i18n } = useLanguage()
  // A reason is either a code with a catalog entry (import.reason.*) or text the server localised.
  const reason = (text: string) => (i18n.exists(`import.reason.${text}`, { lng: 'en' }) ? <T k={`import.reason.${text}`} /> : text)
  return (
    <ul class="row-errors">
      {errors.map((error) => (
        <li key={`${error.line}-${error.field}-${error.reason}`}>
          {error.line === undefined ? null : (
            <>
              <strong>
                <T k="web.admin.line" values={{ line: error.line }} />
              </strong>
              {': '}
            </>
          )}
          <code>{error.field}</code> {reason(error.reason)}
        </li>
      ))}
    </ul>
  )
}

/** A labelled form control: the label, from the catalog, names the control with the given id. */
export function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>
        <T k={label} />
      </label>
      {children}
    </div>
  )
}

const dateStyle = { dateStyle: 'medium', timeStyle: 'short' } as const
/**
 * Welsh dates where the browser knows Welsh; elsewhere numbers only (23/11/2026, 17:05), which
 * read the same in both languages, rather than English month names in Welsh text.
 */
const dateFormats = {
  cy:
    Intl.DateTimeFormat.supportedLocalesOf(['cy']).length > 0
      ? new Intl.DateTimeFormat('cy-GB', dateStyle)
      : new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', dateStyle),
}

/** A moment as text in one language, in this device's time zone (for sentences from the catalog). */
export function formatDateTime(iso: string, lng: 'cy' | 'en'): string {
  return dateFormats[lng].format(new Date(iso))
}

/** A moment in the person's language (Welsh first when both), in this device's time zone. */
export function DateTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso}>
      <Bi cy={formatDateTime(iso, 'cy')} en={formatDateTime(iso, 'en')} />
    </time>
  )
}

/**
 * A table in a box that scrolls sideways when the table is wider than the screen (a phone, text
 * at 200%). The box takes keyboard focus, so the arrow keys scroll it, and is named by the
 * table's caption (WCAG 2.1.1: scrollable regions must be reachable by keyboard).
 */
export function ScrollingTable(props: { tableClass: string; caption: ComponentChildren; children: ComponentChildren }) {
  const id = useId()
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-scroll" tabIndex={0} aria-labelledby={id}>
      <table class={props.tableClass}>
        <caption id={id} class="table-title">
          {props.caption}
        </caption>
        {props.children}
      </table>
    </section>
  )
}

/**
 * The accessible name of a button whose words need their object ("Remove" what?): the words as
 * shown, then what it acts on ("Remove: report.pdf"). Made from the shown words, so they begin
 * the name in Welsh, English and both alike (WCAG 2.5.3 Label in Name).
 */
export function useActionLabel(): (k: string, about: string) => string {
  const text = useText()
  return (k, about) => `${text(k)}: ${about}`
}
