import { useEffect, useState } from 'preact/hooks'
import { api, type RowError } from '../api.ts'
import { T } from '../i18n.tsx'
import { Alert, Field, RowErrors } from '../ui.tsx'

interface CheckResult {
  rows: number
  errors: RowError[]
}

interface ImportStatus {
  id: string
  status: 'queued' | 'running' | 'done' | 'failed'
  total: number
  processed: number
  result: { created: number; updated: number; unchanged: number } | null
}

const POLL_MS = 1000

function Progress({ job }: { job: ImportStatus }) {
  if (job.status === 'done' && job.result) {
    return (
      <p>
        <T k="web.admin.done" values={{ ...job.result }} />
      </p>
    )
  }
  if (job.status === 'failed') return <Alert error="failed" />
  return (
    <div class="field">
      <label for="import-progress">
        <T k="web.admin.progress" values={{ processed: job.processed, total: job.total }} />
      </label>
      <progress id="import-progress" max={Math.max(job.total, 1)} value={job.processed} />
    </div>
  )
}

/** CSV import: check the file (dry run), then import it and follow the job's progress. */
export function ImportFamilies({ schoolId }: { schoolId: string }) {
  const [csv, setCsv] = useState('')
  const [check, setCheck] = useState<CheckResult | null>(null)
  const [importId, setImportId] = useState<string | null>(null)
  const [job, setJob] = useState<ImportStatus | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const path = `/api/schools/${schoolId}/imports`

  useEffect(() => {
    if (!importId) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const next = await api.get<ImportStatus>(`${path}/${importId}`)
        if (stopped) return
        setJob(next)
        if (next.status === 'done' || next.status === 'failed') return
      } catch (err) {
        if (stopped) return
        setError(err)
        return
      }
      timer = setTimeout(poll, POLL_MS)
    }
    poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [path, importId])

  const run = async (dryRun: boolean) => {
    setBusy(true)
    setError(null)
    setCheck(null)
    setJob(null)
    setImportId(null)
    try {
      if (dryRun) setCheck(await api.post<CheckResult>(path, { csv, dryRun: true }))
      else setImportId((await api.post<{ importId: string }>(path, { csv, dryRun: false })).importId)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const readFile = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0]
    setCheck(null)
    if (file) setCsv(await file.text())
  }

  const working = busy || (job !== null && job.status !== 'done' && job.status !== 'failed')
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">
        <T k="web.admin.import_title" />
      </h2>
      <p id="import-help" class="muted">
        <T k="web.admin.import_help" block />
      </p>
      <Field id="import-file" label="web.admin.csv_file">
        <input id="import-file" type="file" accept=".csv,text/csv" aria-describedby="import-help" onChange={readFile} />
      </Field>
      <Field id="import-text" label="web.admin.csv_text">
        <textarea
          id="import-text"
          rows={6}
          spellcheck={false}
          aria-describedby="import-help"
          value={csv}
          onInput={(event) => {
            setCsv((event.currentTarget as HTMLTextAreaElement).value)
            setCheck(null)
          }}
        />
      </Field>
      <div class="actions">
        <button type="button" class="secondary" disabled={working || csv.trim() === ''} onClick={() => run(true)}>
          <T k="web.admin.dry_run" />
        </button>
        <button type="button" disabled={working || csv.trim() === ''} onClick={() => run(false)}>
          <T k="web.admin.import" />
        </button>
      </div>
      <Alert error={error} />
      <div role="status" class="status">
        {check && check.errors.length === 0 ? (
          <p>
            <T k="web.admin.file_ok" values={{ count: check.rows }} />
          </p>
        ) : null}
        {job ? <Progress job={job} /> : null}
      </div>
      {check && check.errors.length > 0 ? (
        <div class="alert" role="alert">
          <p>
            <T k="web.admin.row_errors" values={{ count: new Set(check.errors.map((e) => e.line ?? e.field)).size }} />
          </p>
          <RowErrors errors={check.errors} />
        </div>
      ) : null}
    </section>
  )
}
