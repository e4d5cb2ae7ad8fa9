import { sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/database.ts'
import { rowsOf, uuidArray } from './engagement.repository.ts'

const LIMIT = 200

export interface MessageEvent {
  at: string
  conversationId: string
  authorId: string
  authorName: string
  /** Only when the asker takes part in the conversation. */
  body: string | null
}

export interface NewsletterEvent {
  at: string
  newsletterId: string
  titleCy: string
  titleEn: string
  reached: boolean
  opened: boolean
}

export interface ForumEvent {
  at: string
  forumId: string
  activity: 'proposed' | 'supported' | 'commented' | 'attended'
  adultName: string
  forumCy: string
  forumEn: string
}

/** One family's history across messages, newsletters and the forum, newest first (each at most 200). */
export function createTimelineRepository(db: DbOrTx) {
  return {
    /** Messages in conversations any of the adults is in; bodies only where `viewerId` is a participant. */
    messages: (schoolId: string, adultIds: readonly string[], viewerId: string) =>
      rowsOf<MessageEvent>(
        db,
        sql`select m.created_at as at, m.conversation_id as "conversationId", m.author_id as "authorId", u.name as "authorName",
            case when exists (select 1 from conversation_participants v
              where v.conversation_id = m.conversation_id and v.user_id = ${viewerId}) then m.body end as body
          from messages m join users u on u.id = m.author_id
          where m.school_id = ${schoolId} and m.conversation_id in (
            select p.conversation_id from conversation_participants p
            join conversations c on c.id = p.conversation_id and c.kind <> 'announcement'
            where p.school_id = ${schoolId} and p.user_id = any(${uuidArray(adultIds)}))
          order by m.created_at desc limit ${LIMIT}`,
      ),

    /** Newsletters sent to the adults, and whether the family was reached by each (as the reach view counts it). */
    newsletters: (schoolId: string, adultIds: readonly string[]) =>
      rowsOf<NewsletterEvent>(
        db,
        sql`select coalesce(n.sent_at, n.updated_at) as at, n.id as "newsletterId", n.title_cy as "titleCy", n.title_en as "titleEn",
            bool_or(r.opened_at is not null) as opened,
            bool_or(r.opened_at is not null
              or exists (select 1 from deliveries d where d.notification_id = r.notification_id
                and d.status = 'sent' and d.channel <> 'in_app')
              or exists (select 1 from newsletter_contacts nc where nc.newsletter_id = r.newsletter_id and nc.user_id = r.user_id)) as reached
          from newsletter_recipients r join newsletters n on n.id = r.newsletter_id
          where r.school_id = ${schoolId} and r.user_id = any(${uuidArray(adultIds)})
          group by n.id
          order by 1 desc limit ${LIMIT}`,
      ),

    /**
     * The adults' part in the forum: items proposed (never an anonymous one), supports, comments
     * (none on an item they proposed anonymously), meetings they came to.
     */
    forum: (schoolId: string, adultIds: readonly string[], now: Date) =>
      rowsOf<ForumEvent>(
        db,
        sql`with adults as (select unnest(${uuidArray(adultIds)}) as id)
          select x.at, x.forum_id as "forumId", x.activity, u.name as "adultName", f.name_cy as "forumCy", f.name_en as "forumEn"
          from (
            select i.created_at as at, i.forum_id, 'proposed' as activity, i.author_id as user_id from forum_items i
              where i.school_id = ${schoolId} and not i.anonymous and i.author_id in (select id from adults)
            union all select s.created_at, i.forum_id, 'supported', s.user_id from forum_item_supports s
              join forum_items i on i.id = s.item_id
              where s.school_id = ${schoolId} and s.user_id in (select id from adults)
            union all select c.created_at, i.forum_id, 'commented', c.author_id from forum_item_comments c
              join forum_items i on i.id = c.item_id
              where c.school_id = ${schoolId} and c.author_id in (select id from adults)
                and not (i.anonymous and i.author_id = c.author_id)
            union all select m.starts_at, m.forum_id, 'attended', a.user_id from forum_attendance a
              join forum_meetings m on m.id = a.meeting_id
              where a.school_id = ${schoolId} and a.attending and m.starts_at <= ${now.toISOString()}::timestamptz
                and a.user_id in (select id from adults)
          ) x
          join users u on u.id = x.user_id
          join forums f on f.id = x.forum_id
          order by x.at desc limit ${LIMIT}`,
      ),
  }
}
