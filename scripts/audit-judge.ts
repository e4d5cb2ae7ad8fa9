/** Judges an `npm audit --json` report (npm 7 and later) against the allowlist; see audit-check.ts. */

export interface AllowEntry {
  /** The advisory's URL, as npm audit prints it in `via[].url`. */
  advisory: string
  package: string
  /** Why it does not reach Cyswllt. */
  reason: string
  /** ISO date: the entry fails after it, so someone looks again. */
  reviewBy: string
}

interface Via {
  source?: number
  title?: string
  url?: string
  severity?: string
}
interface Vulnerability {
  name: string
  severity: string
  via: (Via | string)[]
}

export interface AuditVerdict {
  /** Why nothing could be checked, when the advisory service gave no report. */
  unreachable: string | null
  advisories: number
  serious: number
  problems: string[]
}

const SERIOUS = new Set(['high', 'critical'])

export function judgeAudit(report: unknown, allowlist: AllowEntry[], today: string): AuditVerdict {
  const problems: string[] = []
  for (const entry of allowlist) {
    if (!entry.reason?.trim()) problems.push(`allowlist entry ${entry.advisory} gives no reason`)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.reviewBy ?? '')) problems.push(`allowlist entry ${entry.advisory} has no reviewBy date`)
    else if (entry.reviewBy < today)
      problems.push(`allowlist entry ${entry.advisory} (${entry.package}) was due for review on ${entry.reviewBy}`)
  }
  const r = (report ?? {}) as { vulnerabilities?: Record<string, Vulnerability>; message?: string; error?: { summary?: string } }
  if (!r.vulnerabilities) {
    return { unreachable: r.message ?? r.error?.summary ?? 'no report', advisories: 0, serious: 0, problems }
  }
  const allowed = new Set(allowlist.map((e) => e.advisory))
  const seen = new Set<string>()
  let serious = 0
  for (const v of Object.values(r.vulnerabilities)) {
    // A `via` that is a package name points at that package's own entry, judged there.
    for (const via of v.via) {
      if (typeof via === 'string' || !via.severity || !SERIOUS.has(via.severity)) continue
      const id = via.url ?? String(via.source)
      if (seen.has(id)) continue
      seen.add(id)
      serious++
      if (!allowed.has(id)) problems.push(`${via.severity}: ${v.name}: ${via.title ?? ''} ${id}`)
    }
  }
  return { unreachable: null, advisories: Object.keys(r.vulnerabilities).length, serious, problems }
}
