import type { EngagementFilter } from '../../../shared/schemas/engagement.ts'
import { Loaded } from '../forum/forum-text.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { T } from '../i18n.tsx'
import type { Done } from './done-status.tsx'
import type { EngagementApi } from './engagement-api.ts'
import { EngagementCharts } from './engagement-charts.tsx'
import { EngagementLists } from './engagement-lists.tsx'
import { filterValue } from './engagement-model.ts'
import { FamilyCard } from './family-card.tsx'
import { ReplyTimes } from './reply-times.tsx'

interface Props {
  schoolId: string
  engagement: EngagementApi
  filter: EngagementFilter
  onDone: (done: Done) => void
}

/**
 * The lists, reply times and charts for the filter. After an action the lists are fetched
 * again, so a family leaves "not reached" as soon as a contact is logged.
 */
export function ListsView({ schoolId, engagement, filter, weeks, onDone }: Props & { weeks: number }) {
  const lists = useLoaded(`${filterValue(filter)}|${weeks}`, () => engagement.lists(filter, weeks))
  const charts = useLoaded(filterValue(filter), () => engagement.charts(filter))
  const done = (what: Done) => {
    onDone(what)
    lists.reload()
  }
  return (
    <>
      <Loaded data={lists.data} error={lists.error}>
        {(data) => (
          <>
            <EngagementLists schoolId={schoolId} engagement={engagement} lists={data} onDone={done} />
            <ReplyTimes times={data.replyTimes} />
          </>
        )}
      </Loaded>
      <Loaded data={charts.data} error={charts.error}>
        {(data) => <EngagementCharts charts={data} csvHref={engagement.chartsCsv(filter)} />}
      </Loaded>
    </>
  )
}

/** Every family for the filter, or only the asker's caseload, each with the same actions. */
export function FamiliesView({ schoolId, engagement, filter, caseload, onDone }: Props & { caseload: boolean }) {
  const list = useLoaded(`${caseload}|${filterValue(filter)}`, () => engagement.families(filter, caseload))
  const done = (what: Done) => {
    onDone(what)
    list.reload()
  }
  const heading = caseload ? 'web.engagement.views.caseload' : 'web.engagement.views.families'
  return (
    <section aria-labelledby="families-heading" data-list={caseload ? 'caseload' : 'families'} data-count={list.data?.length ?? ''}>
      <h2 id="families-heading">
        <T k={heading} />
        {list.data ? (
          <>
            {' '}
            <span class="list-count">
              (<T k="web.engagement.families_count" values={{ count: list.data.length }} />)
            </span>
          </>
        ) : null}
      </h2>
      {caseload ? (
        <p class="muted">
          <T k="web.engagement.caseload_help" />
        </p>
      ) : null}
      <Loaded data={list.data} error={list.error}>
        {(families) =>
          families.length === 0 ? (
            <p class="list-empty">
              <T k={caseload ? 'web.engagement.caseload_empty' : 'web.engagement.lists.none'} />
            </p>
          ) : (
            <ul class="cards family-list">
              {families.map((family) => (
                <FamilyCard
                  key={family.familyId}
                  schoolId={schoolId}
                  engagement={engagement}
                  family={family}
                  listKey={caseload ? 'caseload' : 'families'}
                  onDone={done}
                />
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  )
}
