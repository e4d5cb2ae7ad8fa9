import { useEffect, useState } from 'preact/hooks'
import type { MessageReport } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { LeadConversationView } from '../messaging/lead-conversation.tsx'
import { Alert, DateTime, formatDateTime } from '../ui.tsx'

/** One report: the message, who reported it and why, the conversation on demand, "Mark dealt with". */
function ReportItem({ schoolId, report, onResolved }: { schoolId: string; report: MessageReport; onResolved: (id: string) => void }) {
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const resolve = async () => {
    setBusy(true)
    setError(null)
    try {
      await api.post(`/api/schools/${schoolId}/safeguarding/reports/${report.id}/resolve`)
      onResolved(report.id)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <li class={report.resolvedAt ? 'card report resolved' : 'card report'} data-report-id={report.id}>
      <span class="report-meta">
        {report.reporterName ? (
          <T k="web.safeguarding.reported_by" values={{ name: report.reporterName }} />
        ) : (
          <T k="web.safeguarding.reporter_unknown" />
        )}
        {' · '}
        <DateTime iso={report.createdAt} />
      </span>
      <span class="report-label">
        <T k="web.safeguarding.reason" />
      </span>
      <p class="report-reason">{report.reason}</p>
      <span class="report-label">
        <T k="web.safeguarding.message_from" values={{ name: report.message.authorName }} />
      </span>
      <p class="message-body report-message">{report.message.body}</p>
      {report.resolvedAt ? (
        <p class="report-status">
          <T k="web.safeguarding.resolved" values={(lng) => ({ time: formatDateTime(report.resolvedAt ?? '', lng) })} />
        </p>
      ) : null}
      <Alert error={error} />
      <div class="actions">
        <button type="button" class="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          <T k={open ? 'web.safeguarding.hide' : 'web.safeguarding.open'} />
        </button>
        {report.resolvedAt ? null : (
          <button type="button" onClick={resolve} disabled={busy}>
            <T k="web.safeguarding.resolve" />
          </button>
        )}
      </div>
      {open ? (
        <LeadConversationView schoolId={schoolId} conversationId={report.message.conversationId} reportedMessageId={report.message.id} />
      ) : null}
    </li>
  )
}

/**
 * For the designated safeguarding lead: reported messages (GET safeguarding/reports), each
 * opening its whole conversation; every opening is recorded in the audit log by the server.
 */
export function SafeguardingPage({ schoolId }: { schoolId: string }) {
  const [reports, setReports] = useState<MessageReport[] | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    api.get<{ reports: MessageReport[] }>(`/api/schools/${schoolId}/safeguarding/reports`).then(
      (answer) => setReports(answer.reports),
      (err: unknown) => setError(err),
    )
  }, [schoolId])

  const resolved = (id: string) =>
    setReports((list) => (list ? list.map((r) => (r.id === id ? { ...r, resolvedAt: new Date().toISOString() } : r)) : list))

  return (
    <>
      <h1 id="reports-heading">
        <T k="web.safeguarding.title" />
      </h1>
      <p class="notice-box">
        <T k="web.safeguarding.audit_note" />
      </p>
      <Alert error={error} />
      {reports === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : reports.length === 0 ? (
        <p>
          <T k="web.safeguarding.empty" />
        </p>
      ) : (
        <ul class="cards reports" aria-labelledby="reports-heading">
          {reports.map((report) => (
            <ReportItem key={report.id} schoolId={schoolId} report={report} onResolved={resolved} />
          ))}
        </ul>
      )}
    </>
  )
}
