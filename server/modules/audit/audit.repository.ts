import type { DbOrTx } from '../../db/database.ts'
import { auditLog } from '../../db/schema.ts'

export interface AuditEntry {
  schoolId: string | null
  actorId: string | null
  action: string
  subjectId?: string | null
  data?: Record<string, unknown>
}

/** Appends to the audit log; pass the transaction so the entry commits with the change it records. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    schoolId: entry.schoolId,
    actorId: entry.actorId,
    action: entry.action,
    subjectId: entry.subjectId ?? null,
    data: entry.data ?? {},
  })
}
