import { T } from '../i18n.tsx'

/** What an action did: a catalog key and its values (a count, a name). */
export interface Done {
  key: string
  values?: Record<string, unknown>
}

/** The last action's outcome, announced to screen readers (role status stays in the page, empty until then). */
export function DoneStatus({ done }: { done: Done | null }) {
  return (
    <div role="status" class="status">
      {done ? (
        <p>
          <T k={done.key} values={done.values} />
        </p>
      ) : null}
    </div>
  )
}
