import { type SQL, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'

export interface LinkRow {
  adultId: string
  learnerId: string
  name: string
  classId: string | null
  classCy: string | null
  classEn: string | null
  year: number | null
}

export interface AdultRow {
  userId: string
  name: string
  language: 'cy' | 'en' | 'both'
  hasEmail: boolean
  pushDevices: number
  signedInEver: boolean
}

export interface AwaitingRow {
  conversationId: string
  authorId: string
  since: string
  staffNames: string[]
}

export interface ReplyStartRow {
  authorId: string
  language: 'cy' | 'en'
  minutes: number | null
}

/** The rows of a raw query, on node-postgres and PGlite alike. */
export async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute(query)
  return (result as unknown as { rows: T[] }).rows
}

/** A list of ids as one parameter: `= any(...)` with it. */
export const uuidArray = (ids: readonly string[]) =>
  sql`array(select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`

/** What the engagement lists read, per school: queries only, each one pass over its tables. */
export function createEngagementRepository(db: DbOrTx) {
  return {
    /** Every guardian-learner link of the school, with the learner's class: families are found from these. */
    links: (schoolId: string) =>
      rowsOf<LinkRow>(
        db,
        sql`select gl.guardian_id as "adultId", l.id as "learnerId", l.name, l.class_id as "classId",
            c.name_cy as "classCy", c.name_en as "classEn", c.year_group as year
          from guardian_learners gl
          join learners l on l.id = gl.learner_id
          left join classes c on c.id = l.class_id
          where gl.school_id = ${schoolId}`,
      ),

    /** The school's guardians, with the channels that can reach them. */
    adults: (schoolId: string) =>
      rowsOf<AdultRow>(
        db,
        sql`select u.id as "userId", u.name, u.language,
            (u.email is not null and u.disabled_at is null) as "hasEmail",
            (select count(*)::int from push_subscriptions p where p.user_id = u.id) as "pushDevices",
            exists (select 1 from sessions s where s.user_id = u.id) as "signedInEver"
          from users u
          where u.id in (select gl.guardian_id from guardian_learners gl where gl.school_id = ${schoolId})`,
      ),

    /**
     * The last moment each person was reached: an email or push delivered, an in-app notification
     * read, a newsletter opened, a message written, a contact recorded (a note is not a contact).
     */
    lastReached: (schoolId: string) =>
      rowsOf<{ userId: string; at: string }>(
        db,
        sql`select "userId", max(at) as at from (
            select user_id as "userId", max(sent_at) as at from deliveries
              where school_id = ${schoolId} and status = 'sent' and channel <> 'in_app' group by user_id
            union all select user_id, max(read_at) from notifications
              where school_id = ${schoolId} and read_at is not null group by user_id
            union all select user_id, max(opened_at) from newsletter_recipients
              where school_id = ${schoolId} and opened_at is not null group by user_id
            union all select author_id, max(created_at) from messages where school_id = ${schoolId} group by author_id
            union all select user_id, max(created_at) from newsletter_contacts where school_id = ${schoolId} group by user_id
            union all select adult_id, max(happened_at) from family_contacts
              where school_id = ${schoolId} and kind <> 'note' group by adult_id
          ) x group by "userId"`,
      ),

    /**
     * Open conversations whose latest words are a family's (found from each conversation's last
     * message): the first family message after the last staff message, when it was written before
     * `before`, and the staff in the conversation.
     */
    awaitingReply: (schoolId: string, before: Date) =>
      rowsOf<AwaitingRow>(
        db,
        sql`select c.id as "conversationId", w.author_id as "authorId", w.created_at as since,
            array(select u.name from conversation_participants sp join users u on u.id = sp.user_id
              where sp.conversation_id = c.id and sp.side = 'staff' order by u.name) as "staffNames"
          from conversations c
          cross join lateral (
            select m.author_id from messages m where m.conversation_id = c.id order by m.seq desc limit 1
          ) lm
          join conversation_participants lp on lp.conversation_id = c.id and lp.user_id = lm.author_id and lp.side = 'family'
          cross join lateral (
            select coalesce((select m.seq from messages m
              join conversation_participants sp on sp.conversation_id = m.conversation_id and sp.user_id = m.author_id and sp.side = 'staff'
              where m.conversation_id = c.id order by m.seq desc limit 1), 0) as seq
          ) last_staff
          cross join lateral (
            select m.author_id, m.created_at from messages m
            where m.conversation_id = c.id and m.seq > last_staff.seq order by m.seq limit 1
          ) w
          where c.school_id = ${schoolId} and c.closed_at is null and c.last_seq > 0
            and w.created_at < ${before.toISOString()}::timestamptz
          order by w.created_at`,
      ),

    /**
     * Each family message that opened a wait (the first after a staff message, or the first of
     * the conversation) since `since`, in Welsh or English, with the minutes until staff answered
     * (null while unanswered).
     */
    replyStarts: (schoolId: string, since: Date) =>
      rowsOf<ReplyStartRow>(
        db,
        sql`with authored as (
            select m.conversation_id, m.seq, m.author_id, m.created_at, m.language, p.side,
              lag(p.side) over (partition by m.conversation_id order by m.seq) as before,
              min(m.created_at) filter (where p.side = 'staff')
                over (partition by m.conversation_id order by m.seq rows between 1 following and unbounded following) as answered
            from messages m
            join conversation_participants p on p.conversation_id = m.conversation_id and p.user_id = m.author_id
              and p.school_id = ${schoolId}
            where m.school_id = ${schoolId} and m.created_at >= ${since.toISOString()}::timestamptz
          )
          select author_id as "authorId", language,
            extract(epoch from (answered - created_at))::float8 / 60 as minutes
          from authored
          where side = 'family' and (before is null or before = 'staff') and language in ('cy', 'en')`,
      ),
  }
}
export type EngagementRepository = ReturnType<typeof createEngagementRepository>
