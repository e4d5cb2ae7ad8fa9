import { randomUUID } from 'node:crypto'
import { inArray, sql } from 'drizzle-orm'
import t from 'tap'
import { deliveries } from '../../server/db/schema.ts'
import { type Claim, createDeliveriesRepository } from '../../server/modules/notifications/deliveries.repository.ts'
import { requestNotifications } from '../../server/modules/notifications/notify.ts'
import { setup } from '../helpers/setup.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// BullMQ starts a job again when Redis lost its lock (Redis restarted) even while the job's first
// run goes on sending. The two runs share the job's id; the lease tells them apart.
t.test('a second run of a deliver job takes no row the first still holds, and takes them once its lease has passed', async (t) => {
  const ctx = await setup(t, { workers: false })
  const staff = [await ctx.makeUser(ctx.school.id, 'teacher'), await ctx.makeUser(ctx.school.id, 'teacher')]
  const ids = await ctx.app.db.transaction(async (tx) => {
    const notificationIds = await requestNotifications(tx, {
      schoolId: ctx.school.id,
      userIds: staff.map((s) => s.id),
      category: 'messages',
      kind: 'test',
    })
    const rows = await tx
      .insert(deliveries)
      .values(
        notificationIds.map((notificationId, i) => ({
          schoolId: ctx.school.id,
          notificationId,
          userId: staff[i]?.id as string,
          channel: 'email',
          status: 'queued',
        })),
      )
      .returning({ id: deliveries.id })
    return rows.map((r) => r.id)
  })
  const repo = createDeliveriesRepository(ctx.app.db)
  const first: Claim = { jobId: 'deliver-batch-x', token: randomUUID(), leaseMs: 60_000 }
  const second: Claim = { ...first, token: randomUUID() }
  const otherJob: Claim = { jobId: 'deliver-batch-y', token: randomUUID(), leaseMs: 60_000 }
  const leases = async () =>
    (await ctx.app.db.select({ until: deliveries.leaseUntil }).from(deliveries).where(inArray(deliveries.id, ids))).map((r) =>
      Number(r.until),
    )

  const leasePasses = () =>
    ctx.app.db.update(deliveries).set({ leaseUntil: sql`clock_timestamp() - interval '1 second'` }).where(inArray(deliveries.id, ids))

  t.equal((await repo.claim(ids, first, new Date())).length, 2, 'the first run claims both rows')
  t.same(await repo.claim(ids, second, new Date()), [], 'a second run of the same job claims nothing while the lease holds')
  t.same((await repo.leasedElsewhere(ids, second)).sort(), [...ids].sort(), 'and sees both rows held by the other run')
  t.same(await repo.leasedElsewhere(ids, first), [], 'the holding run does not count its own rows as held elsewhere')

  const before = await leases()
  await sleep(20)
  t.same((await repo.renewLease(ids, first)).sort(), [...ids].sort(), 'the first run renews its lease on both rows')
  const after = await leases()
  t.ok(
    after.every((until, i) => until > (before[i] as number)),
    'renewing moves the lease on',
  )
  t.same(await repo.renewLease(ids, second), [], 'a run renews only its own rows')

  // The first run stops renewing (it died, or cannot reach the database): its lease passes.
  await leasePasses()
  t.same(await repo.claim(ids, otherJob, new Date()), [], 'another job never takes a row being sent, lease or not')
  t.equal((await repo.claim(ids, second, new Date())).length, 2, 'once the lease has passed, the second run takes the rows')
  t.same(await repo.renewLease(ids, first), [], 'and the first run learns it holds them no more')
  t.same((await repo.leasedElsewhere(ids, first)).sort(), [...ids].sort(), 'for the first run, the rows are now held elsewhere')

  await repo.settle(ids.map((id) => ({ id, status: 'sent' as const })))
  t.same(await repo.leasedElsewhere(ids, first), [], 'a row sent is held by nobody')
  await leasePasses()
  t.same(await repo.claim(ids, first, new Date()), [], 'and no run takes it again, lease or not')
})
