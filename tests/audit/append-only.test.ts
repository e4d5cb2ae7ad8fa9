import { eq, sql } from 'drizzle-orm'
import t from 'tap'
import { auditLog, schools, users } from '../../server/db/schema.ts'
import { recordAudit } from '../../server/modules/audit/audit.repository.ts'
import { createFactories } from '../helpers/factories.ts'
import { setup } from '../helpers/setup.ts'

t.test('the audit log is append-only, enforced by the database', async (t) => {
  const ctx = await setup(t, { workers: false })
  const db = ctx.app.db
  const admin = await ctx.makeUser(ctx.school.id, 'admin')
  await recordAudit(db, { schoolId: ctx.school.id, actorId: admin.id, action: 'test.entry', data: { n: 1 } })
  const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'test.entry'))
  if (!entry) throw new Error('no entry')

  // Drizzle wraps the database's error; its cause is PostgreSQL's own message.
  const refused = async (query: PromiseLike<unknown>, operation: string) => {
    const error = await Promise.resolve(query).then(
      () => null,
      (e: Error) => e,
    )
    t.match(String(error?.cause ?? error), new RegExp(`audit_log is append-only: ${operation}`), `no ${operation}`)
  }
  await refused(db.update(auditLog).set({ action: 'rewritten' }).where(eq(auditLog.id, entry.id)), 'UPDATE')
  await refused(db.delete(auditLog).where(eq(auditLog.id, entry.id)), 'DELETE')
  await refused(db.execute(sql`truncate audit_log`), 'TRUNCATE')
  const [still] = await db.select().from(auditLog).where(eq(auditLog.id, entry.id))
  t.same({ action: still?.action, data: still?.data }, { action: 'test.entry', data: { n: 1 } }, 'the entry is as written')

  // PostgreSQL's own cascades still pass: an account deleted leaves the entry without its actor,
  // a school removed takes its entries with it.
  await db.delete(users).where(eq(users.id, admin.id))
  const [orphan] = await db.select().from(auditLog).where(eq(auditLog.id, entry.id))
  t.equal(orphan?.actorId, null, 'a deleted account empties actor_id')
  const other = await createFactories(db).makeSchool()
  await recordAudit(db, { schoolId: other.id, actorId: null, action: 'test.other' })
  await db.delete(schools).where(eq(schools.id, other.id))
  t.same(await db.select().from(auditLog).where(eq(auditLog.action, 'test.other')), [], "a removed school's entries go with it")
})
