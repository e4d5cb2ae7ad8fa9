import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { AudienceCount, AudienceOptions } from '../../../shared/schemas/newsletters.ts'
import { api } from '../api.ts'
import { T, useLanguage, useText, Written } from '../i18n.tsx'
import { Alert } from '../ui.tsx'
import { type AudienceChoice, audienceOf, newslettersApi } from './newsletter-model.ts'

interface Props {
  schoolId: string
  choice: AudienceChoice
  onChange: (choice: AudienceChoice) => void
  /** Admins and FEOs: every kind of audience; teachers: their classes only. */
  addressAll: boolean
  disabled?: boolean
}

/** Year -1 is the nursery class and 0 reception, as Welsh schools number them. */
function yearKey(year: number): [string, Record<string, number>] {
  if (year === -1) return ['web.newsletters.audience.nursery', {}]
  if (year === 0) return ['web.newsletters.audience.reception', {}]
  return ['web.newsletters.audience.year', { year }]
}

/** Toggles one value in a list. */
const toggled = <V,>(list: V[], value: V, on: boolean) =>
  on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value)

/** How many adults and learners' families the audience reaches now (POST audience-count), kept live. */
function AudienceReach({ schoolId, choice }: { schoolId: string; choice: AudienceChoice }) {
  const { i18n } = useLanguage()
  const [count, setCount] = useState<AudienceCount | null>(null)
  const [error, setError] = useState<unknown>(null)
  const audience = audienceOf(choice)
  const asked = JSON.stringify(audience)
  useEffect(() => {
    if (!audience) {
      setCount(null)
      return
    }
    let current = true
    // A short pause, so ticking several boxes asks once.
    const timer = setTimeout(() => {
      api.post<AudienceCount>(`${newslettersApi(schoolId)}/audience-count`, audience).then(
        (answer) => {
          if (!current) return
          setCount(answer)
          setError(null)
        },
        (err: unknown) => current && setError(err),
      )
    }, 250)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [schoolId, asked])
  return (
    <div class="audience-count" aria-live="polite">
      {!audience ? (
        <p>
          <T k="web.newsletters.audience.choose_some" />
        </p>
      ) : count?.guardians === 0 ? (
        <p data-guardians="0">
          <T k="web.newsletters.audience.count_none" />
        </p>
      ) : count ? (
        <p data-guardians={count.guardians}>
          <T
            k="web.newsletters.audience.count"
            values={(lng) => ({
              adults: i18n.t('web.newsletters.audience.adults', { count: count.guardians, lng }),
              learners: i18n.t('web.newsletters.audience.learners', { count: count.learners, lng }),
            })}
          />
        </p>
      ) : null}
      <Alert error={error} />
    </div>
  )
}

/** Who receives it: the whole school, year groups, classes, chosen families or a family forum, with the live count. */
export function AudiencePicker({ schoolId, choice, onChange, addressAll, disabled }: Props) {
  const text = useText()
  const [options, setOptions] = useState<AudienceOptions | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [filter, setFilter] = useState('')
  useEffect(() => {
    api.get<AudienceOptions>(`${newslettersApi(schoolId)}/audience-options`).then(setOptions, setError)
  }, [schoolId])

  const forums = options?.forums ?? []
  // The forum is offered once the school has one (a saved forum audience stays shown meanwhile).
  const withForum = forums.length > 0 || choice.kind === 'forum'
  const kinds: AudienceChoice['kind'][] = addressAll
    ? ['school', 'years', 'classes', 'families', ...(withForum ? (['forum'] as const) : [])]
    : ['classes']
  /** Switches kind; a school with one forum has it chosen at once. */
  const chooseKind = (kind: AudienceChoice['kind']) =>
    onChange({
      ...choice,
      kind,
      forumId: kind === 'forum' && !choice.forumId && forums.length === 1 ? (forums[0]?.id ?? '') : choice.forumId,
    })
  const wanted = filter.trim().toLowerCase()
  const families = (options?.families ?? []).filter(
    (f) =>
      !wanted || [f.name, ...f.learners].some((name) => name.toLowerCase().includes(wanted)) || choice.guardianIds.includes(f.guardianId),
  )
  const box = (key: string, label: ComponentChildren, checked: boolean, set: (on: boolean) => void) => (
    <li key={key}>
      <label class="choice">
        <input type="checkbox" checked={checked} onChange={(e) => set(e.currentTarget.checked)} />
        {label}
      </label>
    </li>
  )

  return (
    <fieldset class="field audience" disabled={disabled}>
      <legend>
        <T k="web.newsletters.audience.title" />
      </legend>
      <div class="audience-kinds">
        {kinds.map((kind) => (
          <label key={kind} class="choice">
            <input type="radio" name="audience-kind" checked={choice.kind === kind} onChange={() => chooseKind(kind)} />
            <T k={`web.newsletters.audience.kind.${kind}`} />
          </label>
        ))}
      </div>
      <Alert error={error} />
      {choice.kind === 'years' ? (
        <ul class="group-choices" aria-label={text('web.newsletters.audience.kind.years')}>
          {(options?.yearGroups ?? []).map((year) => {
            const [key, values] = yearKey(year)
            return box(String(year), text(key, values), choice.yearGroups.includes(year), (on) =>
              onChange({ ...choice, yearGroups: toggled(choice.yearGroups, year, on) }),
            )
          })}
        </ul>
      ) : null}
      {choice.kind === 'classes' ? (
        options?.classes.length === 0 ? (
          <p>
            <T k="web.newsletters.audience.no_classes" />
          </p>
        ) : (
          <ul class="group-choices" aria-label={text('web.newsletters.audience.kind.classes')}>
            {(options?.classes ?? []).map((group) =>
              box(group.id, <Written cy={group.nameCy} en={group.nameEn} />, choice.classIds.includes(group.id), (on) =>
                onChange({ ...choice, classIds: toggled(choice.classIds, group.id, on) }),
              ),
            )}
          </ul>
        )
      ) : null}
      {choice.kind === 'families' ? (
        <>
          <div class="field">
            <label for="audience-family-filter">
              <T k="web.newsletters.audience.filter" />
            </label>
            <input id="audience-family-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
          </div>
          <ul class="group-choices audience-families" aria-label={text('web.newsletters.audience.kind.families')}>
            {families.map((family) =>
              box(
                family.guardianId,
                family.learners.length ? `${family.name} (${family.learners.join(', ')})` : family.name,
                choice.guardianIds.includes(family.guardianId),
                (on) => onChange({ ...choice, guardianIds: toggled(choice.guardianIds, family.guardianId, on) }),
              ),
            )}
          </ul>
        </>
      ) : null}
      {choice.kind === 'forum' ? (
        <>
          <p class="muted">
            <T k="web.newsletters.audience.forum_help" />
          </p>
          <ul class="group-choices" aria-label={text('web.newsletters.audience.kind.forum')}>
            {forums.map((forum) => (
              <li key={forum.id}>
                <label class="choice">
                  <input
                    type="radio"
                    name="audience-forum"
                    checked={choice.forumId === forum.id}
                    onChange={() => onChange({ ...choice, forumId: forum.id })}
                  />
                  <Written cy={forum.nameCy} en={forum.nameEn} />
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <AudienceReach schoolId={schoolId} choice={choice} />
    </fieldset>
  )
}
