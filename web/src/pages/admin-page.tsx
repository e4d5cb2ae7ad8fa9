import { useEffect, useState } from 'preact/hooks'
import type { ClassGroup } from '../../../shared/schemas/people.ts'
import { api } from '../api.ts'
import { Bi, T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { Alert, Field } from '../ui.tsx'
import { ImportFamilies } from './import-families.tsx'

function NewClassForm({ schoolId, onCreated }: { schoolId: string; onCreated: (group: ClassGroup) => void }) {
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const formElement = event.currentTarget as HTMLFormElement
    const form = new FormData(formElement)
    const year = String(form.get('yearGroup') ?? '').trim()
    setBusy(true)
    setError(null)
    try {
      const group = await api.post<ClassGroup>(`/api/schools/${schoolId}/classes`, {
        nameCy: String(form.get('nameCy') ?? '').trim(),
        nameEn: String(form.get('nameEn') ?? '').trim(),
        ...(year === '' ? {} : { yearGroup: Number(year) }),
      })
      formElement.reset()
      onCreated(group)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} class="stack" aria-labelledby="new-class-heading">
      <h3 id="new-class-heading">
        <T k="web.admin.new_class" />
      </h3>
      <Field id="class-name-cy" label="web.admin.name_cy">
        <input id="class-name-cy" name="nameCy" lang="cy" maxLength={120} required />
      </Field>
      <Field id="class-name-en" label="web.admin.name_en">
        <input id="class-name-en" name="nameEn" lang="en" maxLength={120} required />
      </Field>
      <Field id="class-year" label="web.admin.year_group">
        <input id="class-year" name="yearGroup" type="number" min={-1} max={13} step={1} inputMode="numeric" />
      </Field>
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        <T k="web.admin.add" />
      </button>
    </form>
  )
}

function Classes({ schoolId }: { schoolId: string }) {
  const [classes, setClasses] = useState<ClassGroup[] | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    api.get<ClassGroup[]>(`/api/schools/${schoolId}/classes`).then(setClasses, setError)
  }, [schoolId])

  return (
    <section aria-labelledby="classes-heading">
      <h2 id="classes-heading">
        <T k="web.admin.classes" />
      </h2>
      <Alert error={error} />
      {classes === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : (
        <>
          <p>
            <T k="web.admin.class_count" values={{ count: classes.length }} />
          </p>
          {classes.length > 0 ? (
            <ul class="cards">
              {classes.map((group) => (
                <li key={group.id} class="card">
                  <span>
                    <Bi cy={group.nameCy} en={group.nameEn} />
                  </span>
                  {group.yearGroup === null ? null : (
                    <span class="muted">
                      {' '}
                      (<T k="web.admin.year_group" /> {group.yearGroup})
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      <NewClassForm schoolId={schoolId} onCreated={(group) => setClasses((list) => [...(list ?? []), group])} />
    </section>
  )
}

export function AdminPage({ schoolId }: { schoolId: string }) {
  return (
    <>
      <h1>
        <T k="web.admin.title" />
      </h1>
      <p>
        <Link href="/admin/deliveries" class="button-link secondary">
          <T k="web.deliveries.title" />
        </Link>{' '}
        <Link href="/admin/retention" class="button-link secondary">
          <T k="retention.title" />
        </Link>
      </p>
      <Classes schoolId={schoolId} />
      <ImportFamilies schoolId={schoolId} />
    </>
  )
}
