/**
 * The deletions retention makes, one batch per call, as set-based SQL. Every school-scoped batch
 * first works out what is held in that school: subjects of unreleased holds (a family hold
 * covers every adult linked to the same learners, found through the links), conversations with
 * an unresolved message report, and conversations a held person takes part in. Nothing held is
 * deleted, whatever its age.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { RetentionCategory } from '../../../shared/schemas/retention.ts'
import type { DbOrTx } from '../../db/database.ts'

/** What one batch removed: `rows` is the count of the category's main rows (0 means done). */
export interface BatchResult {
  rows: number
  counts: Record<string, number>
}

async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}

async function firstRow(db: DbOrTx, query: SQL): Promise<Record<string, string | number>> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, string | number>[] }
  return result.rows[0] ?? {}
}

/** The CTEs naming what a school holds: held_users(user_id), held_conversations(id). */
function heldIn(schoolId: string): SQL {
  return sql`
    family_adults(user_id) as (
      select subject_id from retention_holds
      where school_id = ${schoolId} and released_at is null and subject_type = 'family'
      union
      select other.guardian_id from family_adults f
      join guardian_learners mine on mine.guardian_id = f.user_id and mine.school_id = ${schoolId}
      join guardian_learners other on other.learner_id = mine.learner_id and other.school_id = ${schoolId}
    ),
    held_users(user_id) as (
      select user_id from family_adults
      union
      select subject_id from retention_holds
      where school_id = ${schoolId} and released_at is null and subject_type = 'user'
    ),
    held_conversations(id) as (
      select subject_id from retention_holds
      where school_id = ${schoolId} and released_at is null and subject_type = 'conversation'
      union
      select conversation_id from message_reports where school_id = ${schoolId} and resolved_at is null
      union
      select p.conversation_id from conversation_participants p
      where p.school_id = ${schoolId} and p.user_id in (select user_id from held_users)
    )`
}

const toCounts = (row: Record<string, string | number>): BatchResult => {
  const counts = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]))
  return { rows: counts.rows ?? 0, counts: Object.fromEntries(Object.entries(counts).filter(([k]) => k !== 'rows')) }
}

/**
 * One batch of a school's category. Conversations go whole (messages, their edits and
 * attachments, read marks, resolved reports, by cascade) once their last message is older than
 * the cutoff; a conversation with no message counts from when it was started.
 */
export async function deleteBatch(
  db: DbOrTx,
  category: RetentionCategory,
  schoolId: string,
  cutoff: Date,
  limit: number,
): Promise<BatchResult> {
  const at = cutoff.toISOString()
  switch (category) {
    case 'messages':
      return toCounts(
        await firstRow(
          db,
          sql`with recursive ${heldIn(schoolId)},
          doomed as (
            select c.id from conversations c
            where c.school_id = ${schoolId} and coalesce(c.last_message_at, c.created_at) < ${at}
              and c.id not in (select id from held_conversations)
            limit ${limit}
          ),
          gone as (delete from conversations where id in (select id from doomed) returning id)
          select (select count(*) from gone) as rows, (select count(*) from gone) as conversations,
            (select count(*) from messages where conversation_id in (select id from doomed)) as messages,
            (select count(*) from message_attachments where conversation_id in (select id from doomed)) as attachments,
            (select count(*) from message_edits e join messages m on m.id = e.message_id
              where m.conversation_id in (select id from doomed)) as edits`,
        ),
      )
    case 'notifications':
      // A notification still on its way (queued, held for quiet hours, waiting for a digest) stays.
      return toCounts(
        await firstRow(
          db,
          sql`with recursive ${heldIn(schoolId)},
          doomed as (
            select n.id from notifications n
            where n.school_id = ${schoolId} and n.created_at < ${at}
              and n.user_id not in (select user_id from held_users)
              and not exists (select 1 from deliveries d where d.notification_id = n.id
                and d.status in ('queued', 'held', 'digest', 'sending'))
            limit ${limit}
          ),
          gone as (delete from notifications where id in (select id from doomed) returning id)
          select (select count(*) from gone) as rows, (select count(*) from gone) as notifications,
            (select count(*) from deliveries where notification_id in (select id from doomed)) as deliveries`,
        ),
      )
    case 'newsletter_reach':
      // Who received a newsletter, when they opened it and other contacts recorded for it; the
      // newsletter itself (what the school published) stays.
      return toCounts(
        await firstRow(
          db,
          sql`with recursive ${heldIn(schoolId)},
          old_newsletters as (
            select id from newsletters where school_id = ${schoolId} and sent_at < ${at}
          ),
          doomed as (
            select r.id from newsletter_recipients r
            where r.school_id = ${schoolId} and r.newsletter_id in (select id from old_newsletters)
              and r.user_id not in (select user_id from held_users)
            limit ${limit}
          ),
          doomed_contacts as (
            select c.id from newsletter_contacts c
            where c.school_id = ${schoolId} and c.newsletter_id in (select id from old_newsletters)
              and c.user_id not in (select user_id from held_users)
            limit ${limit}
          ),
          gone as (delete from newsletter_recipients where id in (select id from doomed) returning id),
          gone_contacts as (delete from newsletter_contacts where id in (select id from doomed_contacts) returning id)
          select (select count(*) from gone) + (select count(*) from gone_contacts) as rows,
            (select count(*) from gone) as recipients, (select count(*) from gone_contacts) as contacts`,
        ),
      )
    case 'contact_log':
      // An open follow-up is work still to do: it stays until it is done.
      return toCounts(
        await firstRow(
          db,
          sql`with recursive ${heldIn(schoolId)},
          doomed as (
            select c.id from family_contacts c
            where c.school_id = ${schoolId} and c.happened_at < ${at}
              and c.adult_id not in (select user_id from held_users)
              and not (c.follow_up_on is not null and c.follow_up_done_at is null)
            limit ${limit}
          ),
          gone as (delete from family_contacts where id in (select id from doomed) returning id)
          select (select count(*) from gone) as rows, (select count(*) from gone) as contacts`,
        ),
      )
  }
}

/**
 * Expired or revoked sessions, used or expired sign-in links and invitations, older than the
 * cutoff: instance-wide (a sign-in link belongs to a person, not to a school). They are
 * credentials, not records, so holds do not apply to them.
 */
export async function deleteSignInBatch(db: DbOrTx, cutoff: Date, limit: number): Promise<BatchResult> {
  const at = cutoff.toISOString()
  return toCounts(
    await firstRow(
      db,
      sql`with
      s as (delete from sessions where id in (select id from sessions
        where expires_at < ${at} or revoked_at < ${at} limit ${limit}) returning id),
      m as (delete from magic_links where id in (select id from magic_links where expires_at < ${at} limit ${limit}) returning id),
      i as (delete from invitations where id in (select id from invitations where expires_at < ${at} limit ${limit}) returning id)
      select (select count(*) from s) + (select count(*) from m) + (select count(*) from i) as rows,
        (select count(*) from s) as sessions, (select count(*) from m) as sign_in_links, (select count(*) from i) as invitations`,
    ),
  )
}

/** Every school, oldest first (the job's order, so its progress reads the same each night). */
export async function schoolIds(db: DbOrTx): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(db, sql`select id from schools order by created_at, id`)
  return rows.map((r) => r.id)
}

/** Serialises retention and hold placement per school: a hold placed during a run waits for the batch. */
export async function lockSchool(db: DbOrTx, schoolId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`retention:${schoolId}`}))`)
}
