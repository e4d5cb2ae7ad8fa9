import type { EngagementFilter } from '../../../shared/schemas/engagement.ts'
import type { ClassGroup } from '../../../shared/schemas/people.ts'
import { plainText } from '../forum/forum-model.ts'
import { T, useLanguage, useText } from '../i18n.tsx'
import { filterOf, filterValue, WEEK_CHOICES, yearKey } from './engagement-model.ts'

interface Props {
  classes: ClassGroup[]
  filter: EngagementFilter
  onFilter: (filter: EngagementFilter) => void
  weeks: number
  /** Given where "not reached in the last N weeks" is shown. */
  onWeeks?: (weeks: number) => void
}

/** One class or one year group (or everyone), and, for the lists, how many weeks count as "not reached". */
export function EngagementFilterForm({ classes, filter, onFilter, weeks, onWeeks }: Props) {
  const text = useText()
  const { choice } = useLanguage()
  const years = [...new Set(classes.flatMap((c) => (c.yearGroup === null ? [] : [c.yearGroup])))].sort((a, b) => a - b)
  return (
    <div class="schedule-row engagement-filter">
      <div class="field">
        <label for="engagement-group">
          <T k="web.engagement.filter.group" />
        </label>
        <select id="engagement-group" value={filterValue(filter)} onChange={(e) => onFilter(filterOf(e.currentTarget.value))}>
          <option value="">{text('web.engagement.filter.all')}</option>
          {years.length > 0 ? (
            <optgroup label={text('web.engagement.filter.years')}>
              {years.map((year) => {
                const [key, values] = yearKey(year)
                return (
                  <option key={year} value={`year:${year}`}>
                    {text(key, values)}
                  </option>
                )
              })}
            </optgroup>
          ) : null}
          {classes.length > 0 ? (
            <optgroup label={text('web.engagement.filter.classes')}>
              {classes.map((group) => (
                <option key={group.id} value={`class:${group.id}`}>
                  {plainText(choice, group.nameCy, group.nameEn)}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      {onWeeks ? (
        <div class="field">
          <label for="engagement-weeks">
            <T k="web.engagement.filter.weeks" />
          </label>
          <select id="engagement-weeks" value={String(weeks)} onChange={(e) => onWeeks(Number(e.currentTarget.value))}>
            {WEEK_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {text('web.engagement.weeks', { count: n })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  )
}
