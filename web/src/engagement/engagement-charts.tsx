import type { ChartCell, EngagementCharts as Charts } from '../../../shared/schemas/engagement.ts'
import { Bi, T, useLanguage } from '../i18n.tsx'
import { ScrollingTable } from '../ui.tsx'
import { halfTermKey, percent } from './engagement-model.ts'

type ChartClass = Charts['classes'][number]

interface Measure {
  key: 'newsletter' | 'message' | 'forum'
  /** The families counted, and out of how many. */
  part: (cell: ChartCell) => number
  whole: (cell: ChartCell) => number
}

/** Newsletters count against the families sent one in the half-term; taking part, against all the class's families. */
const MEASURES: readonly Measure[] = [
  { key: 'newsletter', part: (c) => c.newsletterReached, whole: (c) => c.newsletterFamilies },
  { key: 'message', part: (c) => c.messageActive, whole: (c) => c.families },
  { key: 'forum', part: (c) => c.forumActive, whole: (c) => c.families },
]

/** A class's name in the chosen language(s); learners in no class are counted under "No class". */
function ClassName({ group }: { group: ChartClass }) {
  if (!group.classId) return <T k="web.engagement.charts.no_class" />
  return <Bi cy={group.nameCy} en={group.nameEn} />
}

function HalfTermName({ halfTerm }: { halfTerm: string }) {
  const [key, values] = halfTermKey(halfTerm)
  return <T k={key} values={values} />
}

/** "x of y (z%)", or that there was nobody to count. */
function Figure({ measure, cell }: { measure: Measure; cell: ChartCell | undefined }) {
  const whole = cell ? measure.whole(cell) : 0
  if (whole === 0) return <T k="web.engagement.charts.nobody" />
  const part = cell ? measure.part(cell) : 0
  return <T k="web.engagement.charts.x_of_y" values={{ part, whole, percent: percent(part, whole) }} />
}

/**
 * One measure per class per half-term: a bar for each (CSS; the half-term and "x of y" are
 * written beside it, so the bar itself is decoration), then the same figures as a table for
 * screen readers and for copying (the house pattern of newsletters/reach-chart.tsx).
 */
function MeasureChart({ charts, measure }: { charts: Charts; measure: Measure }) {
  const { i18n } = useLanguage()
  const id = `chart-${measure.key}`
  const cellOf = (group: ChartClass, halfTerm: string) => group.cells.find((cell) => cell.halfTerm === halfTerm)
  const title = `web.engagement.charts.${measure.key}`
  return (
    <section class="engagement-chart" aria-labelledby={`${id}-heading`} data-measure={measure.key}>
      <h3 id={`${id}-heading`}>
        <T k={title} />
      </h3>
      <p class="muted">
        <T k={`${title}_help`} />
      </p>
      <ul class="chart-classes">
        {charts.classes.map((group) => (
          <li key={group.classId ?? 'none'} class="chart-class" data-class-id={group.classId ?? ''}>
            <span class="chart-class-name">
              <ClassName group={group} />
            </span>
            <ul class="reach-bars">
              {charts.halfTerms.map((halfTerm) => {
                const cell = cellOf(group, halfTerm.key)
                const share = cell ? percent(measure.part(cell), measure.whole(cell)) : 0
                return (
                  <li key={halfTerm.key} class="reach-bar">
                    <span class="reach-bar-label">
                      <HalfTermName halfTerm={halfTerm.key} />
                    </span>
                    <span class="reach-bar-track" aria-hidden="true">
                      <span class="reach-bar-fill" style={{ width: `${share}%` }} />
                    </span>
                    <span class="reach-bar-figure">
                      <Figure measure={measure} cell={cell} />
                    </span>
                  </li>
                )
              })}
            </ul>
          </li>
        ))}
      </ul>
      <ScrollingTable
        tableClass="chart-table"
        caption={<T k="web.engagement.charts.table_caption" values={(lng) => ({ measure: i18n.t(title, { lng }) })} />}
      >
        <thead>
          <tr>
            <th scope="col">
              <T k="web.engagement.charts.class" />
            </th>
            {charts.halfTerms.map((halfTerm) => (
              <th scope="col" key={halfTerm.key}>
                <HalfTermName halfTerm={halfTerm.key} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {charts.classes.map((group) => (
            <tr key={group.classId ?? 'none'}>
              <th scope="row">
                <ClassName group={group} />
              </th>
              {charts.halfTerms.map((halfTerm) => (
                <td key={halfTerm.key} class="number">
                  <Figure measure={measure} cell={cellOf(group, halfTerm.key)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
    </section>
  )
}

/** The three measures per class per half-term, and the same figures as a CSV file for the same filter. */
export function EngagementCharts({ charts, csvHref }: { charts: Charts; csvHref: string }) {
  const empty = charts.classes.length === 0 || charts.halfTerms.length === 0
  return (
    <section aria-labelledby="charts-heading" class="engagement-charts">
      <h2 id="charts-heading">
        <T k="web.engagement.charts.title" />
      </h2>
      <p class="actions">
        <a href={csvHref} download class="button-link secondary">
          <T k="web.engagement.charts.csv" />
        </a>
      </p>
      {empty ? (
        <p>
          <T k="web.engagement.charts.none" />
        </p>
      ) : (
        MEASURES.map((measure) => <MeasureChart key={measure.key} charts={charts} measure={measure} />)
      )}
    </section>
  )
}
