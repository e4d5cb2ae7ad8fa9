import { type SQL, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import { rowsOf } from './engagement.repository.ts'

/** Moments that split the year into half-terms: [start of the first, end of each]. */
export type Boundaries = readonly Date[]

/** The half-term (0-based) a moment falls in, or null outside them all. */
function bucket(column: SQL, boundaries: Boundaries): SQL {
  const whens = boundaries
    .slice(1)
    .map(
      (end, i) =>
        sql`when ${column} >= ${(boundaries[i] as Date).toISOString()}::timestamptz and ${column} < ${end.toISOString()}::timestamptz then ${i}::int`,
    )
  return sql`(case ${sql.join(whens, sql` `)} end)`
}

export interface ActivityRow {
  userId: string
  term: number
}

/** Per person and half-term: what the engagement charts count. */
export function createChartsRepository(db: DbOrTx) {
  return {
    /** Each newsletter recipient per half-term, and whether any newsletter of it reached them. */
    newsletters: (schoolId: string, boundaries: Boundaries) => {
      const term = bucket(sql`n.sent_at`, boundaries)
      const from = (boundaries[0] as Date).toISOString()
      return rowsOf<ActivityRow & { reached: boolean }>(
        db,
        sql`with delivered as (
            select distinct d.notification_id from deliveries d
            where d.school_id = ${schoolId} and d.status = 'sent' and d.channel <> 'in_app' and d.sent_at >= ${from}::timestamptz
          ), contacted as (
            select distinct nc.newsletter_id, nc.user_id from newsletter_contacts nc where nc.school_id = ${schoolId}
          )
          select r.user_id as "userId", ${term} as term,
            bool_or(r.opened_at is not null or dl.notification_id is not null or ct.user_id is not null) as reached
          from newsletters n
          join newsletter_recipients r on r.newsletter_id = n.id
          left join delivered dl on dl.notification_id = r.notification_id
          left join contacted ct on ct.newsletter_id = r.newsletter_id and ct.user_id = r.user_id
          where n.school_id = ${schoolId} and n.sent_at >= ${from}::timestamptz
          group by 1, 2`,
      )
    },

    /** People who wrote a message, per half-term. */
    messages: (schoolId: string, boundaries: Boundaries) => {
      const term = bucket(sql`m.created_at`, boundaries)
      return rowsOf<ActivityRow>(
        db,
        sql`select distinct m.author_id as "userId", ${term} as term from messages m
          where m.school_id = ${schoolId} and m.created_at >= ${(boundaries[0] as Date).toISOString()}::timestamptz`,
      )
    },

    /**
     * People who took part in a forum, per half-term: proposed an item (anonymous ones are not
     * counted, so a small class cannot give their author away), supported, commented, attended.
     */
    forum: (schoolId: string, boundaries: Boundaries, now: Date) => {
      const term = bucket(sql`x.at`, boundaries)
      const from = (boundaries[0] as Date).toISOString()
      return rowsOf<ActivityRow>(
        db,
        sql`select distinct x.user_id as "userId", ${term} as term from (
            select created_at as at, author_id as user_id from forum_items
              where school_id = ${schoolId} and not anonymous and created_at >= ${from}::timestamptz
            union all select created_at, user_id from forum_item_supports
              where school_id = ${schoolId} and created_at >= ${from}::timestamptz
            union all select c.created_at, c.author_id from forum_item_comments c join forum_items i on i.id = c.item_id
              where c.school_id = ${schoolId} and c.created_at >= ${from}::timestamptz and not (i.anonymous and i.author_id = c.author_id)
            union all select m.starts_at, a.user_id from forum_attendance a join forum_meetings m on m.id = a.meeting_id
              where a.school_id = ${schoolId} and a.attending and m.starts_at >= ${from}::timestamptz
                and m.starts_at <= ${now.toISOString()}::timestamptz
          ) x where x.user_id is not null`,
      )
    },
  }
}
