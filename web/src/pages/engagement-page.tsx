import { useRef, useState } from 'preact/hooks'
import { DEFAULT_QUIET_WEEKS, type EngagementFilter } from '../../../shared/schemas/engagement.ts'
import { type Done, DoneStatus } from '../engagement/done-status.tsx'
import { engagementApi } from '../engagement/engagement-api.ts'
import { EngagementFilterForm } from '../engagement/engagement-filter.tsx'
import { FamiliesView, ListsView } from '../engagement/engagement-views.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { T, useText } from '../i18n.tsx'
import { Alert } from '../ui.tsx'

const VIEWS = ['lists', 'caseload', 'families'] as const
type View = (typeof VIEWS)[number]

/** The lists, the FEO's caseload, every family: tabs (the ARIA tabs pattern, arrow keys move between them). */
function ViewTabs({ view, onView }: { view: View; onView: (view: View) => void }) {
  const text = useText()
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    event.preventDefault()
    const next = (VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length
    onView(VIEWS[next] ?? 'lists')
    tabs.current[next]?.focus()
  }
  return (
    <div class="tabs" role="tablist" aria-label={text('web.engagement.views.label')} tabIndex={-1} onKeyDown={onKeyDown}>
      {VIEWS.map((name, i) => (
        <button
          key={name}
          ref={(el) => {
            tabs.current[i] = el
          }}
          type="button"
          role="tab"
          id={`engagement-tab-${name}`}
          class="tab"
          aria-selected={view === name}
          aria-controls="engagement-panel"
          tabIndex={view === name ? 0 : -1}
          onClick={() => onView(name)}
        >
          <T k={`web.engagement.views.${name}`} />
        </button>
      ))}
    </div>
  )
}

/**
 * The Family Engagement Officer's workspace: a class or year filter for everything on it; the
 * lists to work from (with the weeks that count as "not reached"), reply times by language and
 * the charts per class and half-term; the FEO's caseload; and every family. Each family has its
 * actions, and what it shows is fetched again after each one.
 */
export function EngagementPage({ schoolId }: { schoolId: string }) {
  const engagement = engagementApi(schoolId)
  const classes = useLoaded(schoolId, engagement.classes)
  const [view, setView] = useState<View>('lists')
  const [filter, setFilter] = useState<EngagementFilter>({})
  const [weeks, setWeeks] = useState(DEFAULT_QUIET_WEEKS)
  const [done, setDone] = useState<Done | null>(null)
  const shared = { schoolId, engagement, filter, onDone: setDone }

  return (
    <div class="engagement-page">
      <h1>
        <T k="web.engagement.title" />
      </h1>
      <p>
        <T k="web.engagement.intro" />
      </p>
      <Alert error={classes.error} />
      <EngagementFilterForm
        classes={classes.data ?? []}
        filter={filter}
        onFilter={setFilter}
        weeks={weeks}
        onWeeks={view === 'lists' ? setWeeks : undefined}
      />
      <ViewTabs
        view={view}
        onView={(next) => {
          setDone(null)
          setView(next)
        }}
      />
      <DoneStatus done={done} />
      <div id="engagement-panel" role="tabpanel" aria-labelledby={`engagement-tab-${view}`}>
        {view === 'lists' ? (
          <ListsView {...shared} weeks={weeks} />
        ) : (
          <FamiliesView key={view} {...shared} caseload={view === 'caseload'} />
        )}
      </div>
    </div>
  )
}
