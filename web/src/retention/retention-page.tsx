import { useEffect, useState } from 'preact/hooks'
import {
  type Hold,
  RETENTION_MAX_DAYS,
  RETENTION_MIN_DAYS,
  type RetentionCategory,
  type RetentionSettings,
} from '../../../shared/schemas/retention.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert, formatDateTime, ScrollingTable, useActionLabel } from '../ui.tsx'

/** The periods: admins change them; the server checks the range again and refuses all or nothing. */
function Periods({ schoolId }: { schoolId: string }) {
  const [settings, setSettings] = useState<RetentionSettings | null>(null)
  const [draft, setDraft] = useState<Partial<Record<RetentionCategory, string>>>({})
  const [error, setError] = useState<unknown>(null)
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    api.get<RetentionSettings>(`/api/schools/${schoolId}/retention`).then(setSettings, setError)
  }, [schoolId])

  const save = async (event: Event) => {
    event.preventDefault()
    if (!settings) return
    setBusy(true)
    setError(null)
    setSaved(false)
    const periods: Partial<Record<RetentionCategory, number>> = {}
    const reset: RetentionCategory[] = []
    for (const c of settings.categories) {
      const value = draft[c.category]
      if (value === undefined) continue
      // An empty box puts the category back to the default.
      if (value.trim() === '') reset.push(c.category)
      else periods[c.category] = Number(value)
    }
    try {
      setSettings(await api.put<RetentionSettings>(`/api/schools/${schoolId}/retention`, { periods, reset }))
      setDraft({})
      setSaved(true)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  if (!settings) return error ? <Alert error={error} /> : null
  return (
    <form onSubmit={save}>
      <Alert error={error} />
      <ScrollingTable tableClass="retention" caption={<T k="retention.title" />}>
        <thead>
          <tr>
            <th scope="col">
              <T k="retention.column_category" />
            </th>
            <th scope="col">
              <T k="retention.column_days" />
            </th>
            <th scope="col">
              <T k="retention.column_default" />
            </th>
          </tr>
        </thead>
        <tbody>
          {settings.categories.map((c) => (
            <tr key={c.category}>
              <th scope="row">
                <label for={`retention-${c.category}`}>
                  <T k={`retention.categories.${c.category}`} />
                </label>
              </th>
              <td>
                <input
                  id={`retention-${c.category}`}
                  type="number"
                  inputMode="numeric"
                  min={RETENTION_MIN_DAYS}
                  max={RETENTION_MAX_DAYS}
                  value={draft[c.category] ?? String(c.days)}
                  onInput={(e) => setDraft({ ...draft, [c.category]: (e.target as HTMLInputElement).value })}
                />
                {c.overridden ? (
                  <small>
                    {' '}
                    <T k="retention.own_period" />
                  </small>
                ) : null}
              </td>
              <td class="number">{c.defaultDays}</td>
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
      <p>
        <T k="retention.sign_in_note" values={{ days: settings.signInDays }} />
      </p>
      <button type="submit" disabled={busy}>
        <T k="retention.save" />
      </button>
      <div role="status" class="status">
        {saved ? (
          <p>
            <T k="retention.saved" />
          </p>
        ) : null}
      </div>
    </form>
  )
}

/** The holds in force, each with a release button (admins and the DSL; placing one is an API call). */
function Holds({ schoolId }: { schoolId: string }) {
  const [holds, setHolds] = useState<Hold[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [released, setReleased] = useState(false)
  const actionLabel = useActionLabel()

  useEffect(() => {
    api.get<{ holds: Hold[] }>(`/api/schools/${schoolId}/retention/holds`).then(({ holds }) => setHolds(holds), setError)
  }, [schoolId])

  const release = async (hold: Hold) => {
    setError(null)
    setReleased(false)
    try {
      await api.post(`/api/schools/${schoolId}/retention/holds/${hold.id}/release`)
      setHolds((list) => (list ? list.filter((h) => h.id !== hold.id) : list))
      setReleased(true)
    } catch (err) {
      setError(err)
    }
  }

  return (
    <div>
      <h2 id="holds-heading">
        <T k="retention.holds_title" />
      </h2>
      <p>
        <T k="retention.holds_intro" />
      </p>
      <Alert error={error} />
      <div role="status" class="status">
        {released ? (
          <p>
            <T k="retention.released" />
          </p>
        ) : null}
      </div>
      {holds === null ? null : holds.length === 0 ? (
        <p>
          <T k="retention.no_holds" />
        </p>
      ) : (
        <ScrollingTable tableClass="retention-holds" caption={<T k="retention.holds_title" />}>
          <thead>
            <tr>
              <th scope="col">
                <T k="retention.column_subject" />
              </th>
              <th scope="col">
                <T k="retention.column_reason" />
              </th>
              <th scope="col">
                <T k="retention.column_placed" />
              </th>
              <th scope="col">
                <span class="visually-hidden">
                  <T k="retention.release" />
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {holds.map((hold) => (
              <tr key={hold.id}>
                <td>
                  <T k={`retention.subject_types.${hold.subjectType}`} />
                  {hold.subjectLabel ? `: ${hold.subjectLabel}` : ''}
                </td>
                <td>{hold.reason}</td>
                <td>
                  <T
                    k="retention.placed_by"
                    values={(lng) => ({ date: formatDateTime(hold.createdAt, lng), name: hold.createdBy ?? '' })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={actionLabel('retention.release', hold.subjectLabel || hold.reason)}
                    onClick={() => release(hold)}
                  >
                    <T k="retention.release" />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      )}
    </div>
  )
}

/** /admin/retention: how long the school keeps each kind of data, and the safeguarding holds. */
export function RetentionPage({ schoolId, mayChangePeriods }: { schoolId: string; mayChangePeriods: boolean }) {
  return (
    <>
      <h1>
        <T k="retention.title" />
      </h1>
      <p>
        <T k="retention.intro" />
      </p>
      {mayChangePeriods ? <Periods schoolId={schoolId} /> : null}
      <Holds schoolId={schoolId} />
    </>
  )
}
