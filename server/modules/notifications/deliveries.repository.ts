import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm'
import type { Channel } from '../../../shared/schemas/notifications.ts'
import type { DbOrTx } from '../../db/database.ts'
import { deliveries, notificationDigests, notificationPreferences, notifications, pushSubscriptions, users } from '../../db/schema.ts'

export type DeliveryRow = typeof deliveries.$inferSelect
/** A push device as a claimed delivery carries it. */
export type PushDevice = { id: string; endpoint: string; p256dh: string; auth: string }
export type DeliveryStatus = 'queued' | 'held' | 'digest' | 'sending' | 'sent' | 'failed' | 'skipped'

/** What became of a claimed delivery; `queued` puts it back for a retry. */
export interface Settlement {
  id: string
  status: 'sent' | 'failed' | 'skipped' | 'queued'
  reason?: string | null
  error?: string | null
  /** Push subscriptions reached so far; left as it was when absent. */
  reached?: string[]
  /** Push subscriptions this attempt reached: their last success becomes now. */
  pushedTo?: string[]
}

/** One run of a deliver job: the job's id, a token of this run's own, and how long its hold lasts unrenewed. */
export interface Claim {
  jobId: string
  token: string
  leaseMs: number
}

/** The end of a lease from now, on the database's clock. */
const leaseEnd = (ms: number) => sql`clock_timestamp() + ${ms} * interval '1 millisecond'`

export interface NewDelivery {
  schoolId: string
  notificationId: string
  userId: string
  channel: Channel
  status: DeliveryStatus
  reason?: string | null
  notBefore?: Date | null
  sentAt?: Date | null
}

export interface InsertedDelivery {
  id: string
  notificationId: string
  channel: Channel
  status: DeliveryStatus
}

/** Delivery rows (one per notification, recipient and channel) and daily digests. */
export function createDeliveriesRepository(db: DbOrTx) {
  return {
    /**
     * Inserts the planned rows not there yet, in one statement with the search for what may be
     * sent now: returns the rows this call made, and the ids of all the queued deliveries of
     * these notifications (a dispatch run again queues what an earlier run left). The rows travel
     * as one JSON parameter: building a multi-row INSERT of a dispatch batch's 300 rows cost the
     * worker more than the database's work on it.
     */
    async insertPlanned(rows: NewDelivery[]): Promise<{ inserted: InsertedDelivery[]; queued: string[] }> {
      if (rows.length === 0) return { inserted: [], queued: [] }
      const values = JSON.stringify(
        rows.map((r) => ({ ...r, reason: r.reason ?? null, notBefore: r.notBefore ?? null, sentAt: r.sentAt ?? null })),
      )
      const notificationIds = JSON.stringify([...new Set(rows.map((r) => r.notificationId))])
      // The second half does not see the rows the first inserts (one snapshot): the two are apart.
      const result = await db.execute(sql`
        with made as (
          insert into ${deliveries} (school_id, notification_id, user_id, channel, status, reason, not_before, sent_at)
          select v."schoolId", v."notificationId", v."userId", v.channel, v.status, v.reason, v."notBefore", v."sentAt"
          from jsonb_to_recordset(${values}::jsonb) as v("schoolId" uuid, "notificationId" uuid, "userId" uuid, channel text,
            status text, reason text, "notBefore" timestamptz, "sentAt" timestamptz)
          on conflict do nothing
          returning id, notification_id, channel, status
        )
        select id, notification_id as "notificationId", channel, status, true as made from made
        union all
        select ${deliveries.id}, ${deliveries.notificationId}, ${deliveries.channel}, ${deliveries.status}, false from ${deliveries}
        where ${deliveries.notificationId} = any(array(select value::uuid from jsonb_array_elements_text(${notificationIds}::jsonb)))
          and ${deliveries.status} = 'queued'`)
      const found = (result as unknown as { rows: (InsertedDelivery & { made: boolean })[] }).rows
      return {
        inserted: found.filter((d) => d.made),
        queued: found.filter((d) => d.status === 'queued').map((d) => d.id),
      }
    },

    /**
     * Claims deliveries for sending, for one job, and returns each claimed row with what sending
     * it needs (its notification, the recipient and, for push, their devices), in one statement.
     * A row already sent, failed or skipped is not claimed again, so a job that runs twice sends
     * once. A row 'sending' is claimed again only by the job that claimed it (BullMQ runs a job
     * again when its worker died), never by another job that happens to hold the same delivery,
     * and only once the lease of the run holding it has passed: BullMQ also starts a job again
     * when Redis lost its lock while its first run goes on sending (see `renewLease`).
     */
    async claim(ids: string[], claim: Claim, now: Date) {
      if (ids.length === 0) return []
      const claimed = db.$with('claimed').as(
        db
          .update(deliveries)
          .set({
            status: 'sending',
            claimedBy: claim.jobId,
            claimToken: claim.token,
            leaseUntil: leaseEnd(claim.leaseMs),
            attempts: sql`${deliveries.attempts} + 1`,
            updatedAt: now,
          })
          .where(
            and(
              inArray(deliveries.id, ids),
              or(
                eq(deliveries.status, 'queued'),
                and(
                  eq(deliveries.status, 'sending'),
                  eq(deliveries.claimedBy, claim.jobId),
                  or(isNull(deliveries.leaseUntil), sql`${deliveries.leaseUntil} < clock_timestamp()`),
                ),
                and(eq(deliveries.status, 'held'), lte(deliveries.notBefore, now)),
              ),
            ),
          )
          .returning({
            id: deliveries.id,
            notificationId: deliveries.notificationId,
            userId: deliveries.userId,
            channel: deliveries.channel,
            reached: deliveries.reached,
          }),
      )
      const p = pushSubscriptions
      return db
        .with(claimed)
        .select({
          delivery: {
            id: claimed.id,
            notificationId: claimed.notificationId,
            userId: claimed.userId,
            channel: claimed.channel,
            reached: claimed.reached,
          },
          notification: notifications,
          recipient: { id: users.id, name: users.name, email: users.email, language: users.language, disabledAt: users.disabledAt },
          devices: sql<PushDevice[]>`case when ${claimed.channel} = 'push' then coalesce((
            select json_agg(json_build_object('id', ${p.id}, 'endpoint', ${p.endpoint}, 'p256dh', ${p.p256dh}, 'auth', ${p.auth})
              order by ${p.createdAt})
            from ${p} where ${p.userId} = ${claimed.userId}), '[]'::json) else '[]'::json end`,
        })
        .from(claimed)
        .leftJoin(notifications, eq(notifications.id, claimed.notificationId))
        .leftJoin(users, eq(users.id, notifications.userId))
    },

    /**
     * Extends the lease of a run's rows still 'sending' and returns them: a row missing from the
     * answer is no longer the run's to send. The database's clock, so workers' clocks don't matter.
     */
    async renewLease(ids: string[], claim: Claim): Promise<string[]> {
      if (ids.length === 0) return []
      const rows = await db
        .update(deliveries)
        .set({ leaseUntil: leaseEnd(claim.leaseMs) })
        .where(and(inArray(deliveries.id, ids), eq(deliveries.status, 'sending'), eq(deliveries.claimToken, claim.token)))
        .returning({ id: deliveries.id })
      return rows.map((r) => r.id)
    },

    /** Of these rows, those another run of the same job is sending under a lease not yet passed. */
    async leasedElsewhere(ids: string[], claim: Claim): Promise<string[]> {
      if (ids.length === 0) return []
      const rows = await db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(
          and(
            inArray(deliveries.id, ids),
            eq(deliveries.status, 'sending'),
            eq(deliveries.claimedBy, claim.jobId),
            ne(deliveries.claimToken, claim.token),
            sql`${deliveries.leaseUntil} >= clock_timestamp()`,
          ),
        )
      return rows.map((r) => r.id)
    },

    /**
     * Records the outcomes of many deliveries in one statement: the rows travel as one JSON
     * parameter, so the statement costs the same to build and send for 1 row or 100. The push
     * devices an attempt reached get their last success in the same statement. The `= any(array
     * (...))` conditions make PostgreSQL find the rows by primary key: joined to the JSON alone,
     * it guesses 100 rows and scans the whole table instead, whatever the table's size.
     */
    async settle(outcomes: Settlement[]) {
      if (outcomes.length === 0) return
      const rows = JSON.stringify(
        outcomes.map((o) => ({ id: o.id, status: o.status, reason: o.reason ?? null, error: o.error ?? null, reached: o.reached })),
      )
      const pushedTo = JSON.stringify(outcomes.flatMap((o) => o.pushedTo ?? []))
      await db.execute(sql`
        with pushed as (
          update ${pushSubscriptions} set last_success_at = now()
          where ${pushSubscriptions.id} = any(array(select value::uuid from jsonb_array_elements_text(${pushedTo}::jsonb)))
        )
        update ${deliveries} set
          status = v.status,
          reason = v.reason,
          last_error = v.error,
          reached = coalesce(v.reached, ${deliveries.reached}),
          sent_at = case when v.status = 'sent' then now() else ${deliveries.sentAt} end,
          updated_at = now()
        from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, status text, reason text, error text, reached jsonb)
        where ${deliveries.id} = v.id
          and ${deliveries.id} = any(array(select (e->>'id')::uuid from jsonb_array_elements(${rows}::jsonb) as e))`)
    },

    /** Held deliveries whose quiet hours have ended. */
    async dueHeld(now: Date, limit: number): Promise<DeliveryRow[]> {
      return db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.status, 'held'), lte(deliveries.notBefore, now)))
        .orderBy(asc(deliveries.notBefore))
        .limit(limit)
    },

    async markQueued(ids: string[]) {
      if (ids.length === 0) return
      await db
        .update(deliveries)
        .set({ status: 'queued', updatedAt: new Date() })
        .where(and(inArray(deliveries.id, ids), eq(deliveries.status, 'held')))
    },

    /** People with emails waiting for a digest, with their digest settings. */
    async digestCandidates() {
      return db
        .selectDistinct({
          userId: deliveries.userId,
          timeZone: notificationPreferences.timeZone,
          digest: notificationPreferences.digest,
          digestTime: notificationPreferences.digestTime,
        })
        .from(deliveries)
        .leftJoin(notificationPreferences, eq(notificationPreferences.userId, deliveries.userId))
        .where(and(eq(deliveries.status, 'digest'), isNull(deliveries.digestId)))
    },

    async digestOf(userId: string, date: string) {
      await db.insert(notificationDigests).values({ userId, digestDate: date }).onConflictDoNothing()
      const [row] = await db
        .select()
        .from(notificationDigests)
        .where(and(eq(notificationDigests.userId, userId), eq(notificationDigests.digestDate, date)))
      return row
    },

    async digestExists(userId: string, date: string): Promise<boolean> {
      const [row] = await db
        .select({ id: notificationDigests.id })
        .from(notificationDigests)
        .where(and(eq(notificationDigests.userId, userId), eq(notificationDigests.digestDate, date)))
      return Boolean(row)
    },

    /** Takes every waiting email of the person into this digest; returns them with their notifications. */
    async claimForDigest(userId: string, digestId: string) {
      await db
        .update(deliveries)
        .set({ digestId, updatedAt: new Date() })
        .where(and(eq(deliveries.userId, userId), eq(deliveries.status, 'digest'), isNull(deliveries.digestId)))
      return db
        .select({ delivery: deliveries, notification: notifications })
        .from(deliveries)
        .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
        .where(and(eq(deliveries.digestId, digestId), eq(deliveries.status, 'digest')))
        .orderBy(asc(notifications.createdAt))
    },

    async finishDigest(digestId: string) {
      await db
        .update(deliveries)
        .set({ status: 'sent', sentAt: new Date(), updatedAt: new Date() })
        .where(and(eq(deliveries.digestId, digestId), eq(deliveries.status, 'digest')))
      await db.update(notificationDigests).set({ status: 'sent', sentAt: new Date() }).where(eq(notificationDigests.id, digestId))
    },

    /** Failed deliveries of a school, newest first, with the recipient's name. */
    async failedOf(schoolId: string, limit: number) {
      return db
        .select({ delivery: deliveries, kind: notifications.kind, recipientName: users.name })
        .from(deliveries)
        .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
        .innerJoin(users, eq(users.id, deliveries.userId))
        .where(and(eq(deliveries.schoolId, schoolId), eq(deliveries.status, 'failed')))
        .orderBy(desc(deliveries.updatedAt))
        .limit(limit)
    },

    /** Puts a failed delivery of the school back in the queue; undefined if there is none. */
    async requeueFailed(schoolId: string, id: string): Promise<DeliveryRow | undefined> {
      const [row] = await db
        .update(deliveries)
        .set({ status: 'queued', reason: null, retries: sql`${deliveries.retries} + 1`, updatedAt: new Date() })
        .where(and(eq(deliveries.id, id), eq(deliveries.schoolId, schoolId), eq(deliveries.status, 'failed')))
        .returning()
      return row
    },
  }
}
export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>
