import type { Reach } from '../../../shared/schemas/newsletters.ts'
import { T, useLanguage, Written } from '../i18n.tsx'
import { ScrollingTable } from '../ui.tsx'

type ClassReach = Reach['classes'][number]

const percent = (reached: number, total: number) => (total === 0 ? 0 : Math.round((reached / total) * 100))

/** A class's name in the chosen language(s); learners in no class are counted under "No class". */
function ClassName({ group }: { group: ClassReach }) {
  if (!group.classId) return <T k="web.newsletters.reach.no_class" />
  return <Written cy={group.nameCy} en={group.nameEn} />
}

/**
 * The share of families reached within 24 hours of the send, per class: a bar for each (CSS, its
 * name and "x of y" written beside it, so the bar itself is decoration), then the same figures
 * as a table for screen readers and for copying.
 */
export function ReachChart({ reach }: { reach: Reach }) {
  const { i18n } = useLanguage()
  const overall = percent(reach.familiesReached24h, reach.families)
  return (
    <section aria-labelledby="reach-classes-heading">
      <p class="reach-overall" data-reached={reach.familiesReached24h} data-families={reach.families}>
        <strong>
          <T
            k="web.newsletters.reach.overall"
            values={(lng) => ({
              reached: reach.familiesReached24h,
              families: i18n.t('web.newsletters.reach.families', { count: reach.families, lng }),
              percent: overall,
            })}
          />
        </strong>
      </p>
      <h2 id="reach-classes-heading">
        <T k="web.newsletters.reach.by_class" />
      </h2>
      <ul class="reach-bars">
        {reach.classes.map((group) => {
          const share = percent(group.reached24h, group.families)
          return (
            <li key={group.classId ?? 'none'} class="reach-bar" data-class-id={group.classId ?? ''}>
              <span class="reach-bar-label">
                <ClassName group={group} />
              </span>
              <span class="reach-bar-track" aria-hidden="true">
                <span class="reach-bar-fill" style={{ width: `${share}%` }} />
              </span>
              <span class="reach-bar-figure">
                <T k="web.newsletters.reach.x_of_y" values={{ reached: group.reached24h, total: group.families }} /> ({share}%)
              </span>
            </li>
          )
        })}
      </ul>
      <ScrollingTable tableClass="reach-table" caption={<T k="web.newsletters.reach.table_caption" />}>
        <thead>
          <tr>
            <th scope="col">
              <T k="web.newsletters.reach.class" />
            </th>
            <th scope="col">
              <T k="web.newsletters.reach.families_column" />
            </th>
            <th scope="col">
              <T k="web.newsletters.reach.reached_column" />
            </th>
            <th scope="col">
              <T k="web.newsletters.reach.share_column" />
            </th>
          </tr>
        </thead>
        <tbody>
          {reach.classes.map((group) => (
            <tr key={group.classId ?? 'none'}>
              <th scope="row">
                <ClassName group={group} />
              </th>
              <td class="number">{group.families}</td>
              <td class="number">{group.reached24h}</td>
              <td class="number">{percent(group.reached24h, group.families)}%</td>
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
    </section>
  )
}
