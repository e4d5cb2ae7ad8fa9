/**
 * A term's newsletters and messages for the engagement bench's school (engagement-school.ts),
 * set-based like the rest of the seed (ids: engagement-keys.ts):
 *
 * - 12 newsletters to every adult, one every nine days back from three days ago: a recipient
 *   row, a notification and three deliveries each (in-app sent; email sent, failed one time in
 *   20 and always to an address that bounces, skipped without an address or with newsletter
 *   emails turned off; push sent, failed one time in 15, skipped without a device). Four in
 *   ten opened (in the app if they ever signed in, else from the email), except one household
 *   in six that never opens anything.
 * - About 3,200 direct conversations (up to four per family, with the class teacher, the FEO,
 *   another teacher or the admin; only adults who ever signed in write) of 2 to 12 messages,
 *   22,700 in all, families and staff in turn (one in 25 has one more: the family's last
 *   message waits for a reply), in the conversation's language (Welsh or English;
 *   `messages.language` is written only where the column exists); their last messages spread
 *   over the last 16 weeks. A notification (in-app and email) for every other staff reply.
 * - A class announcement channel per class, with its families and four posts by the teacher.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'
import {
  ADMIN,
  ADULTS,
  EMAIL_BOUNCES,
  FEO,
  HAS_EMAIL,
  HAS_PUSH,
  hasColumn,
  key,
  LANGUAGE,
  NEWSLETTER_EMAIL_OFF,
  now,
  type SchoolKeys,
  SHAPE,
  SIGNED_IN,
  school,
  TEACHER_OF,
} from './engagement-keys.ts'

export const NEWSLETTERS = 12

/** Newsletters, their recipients, notifications and deliveries. */
export async function seedNewsletters(db: Db, k: SchoolKeys, adults: number): Promise<void> {
  const sentAt = sql`(date_trunc('day', ${now(k)}) - (3 + n * 9) * interval '1 day' + interval '15 hours 30 minutes')`
  // Opened in the app by those who ever signed in, from the email by those with an address.
  const opened = sql.raw(`(${SIGNED_IN} or ${HAS_EMAIL}) and f % 6 <> 5 and (f * 5 + a * 3 + n) % 10 < 4`)
  const viaApp = sql.raw(`${SIGNED_IN} and ((f + n) % 2 = 0 or not ${HAS_EMAIL})`)
  const openedAt = sql`${sentAt} + ((f + n) % 48 + 1) * interval '1 hour'`
  const recipients = sql`${ADULTS} cross join generate_series(0, ${NEWSLETTERS - 1}::int) n`
  await db.execute(sql`insert into newsletters (id, school_id, author_id, category, title_cy, title_en, body_cy, body_en, audience,
      status, revision, sent_at, fanned_out_at, recipients_count, created_at, updated_at)
    select ${key(k, 'newsletter', 'n')}, ${k.schoolId}, ${key(k, 'staff', String(ADMIN))}, 'newsletter',
      'Newyddion wythnos ' || n, 'News of week ' || n, 'Bydd y plant yn mynd i Sain Ffagan ddydd Gwener.',
      'The children go to St Fagans on Friday.', '{"kind":"school"}'::jsonb, 'sent', 1, ${sentAt}, ${sentAt} + interval '3 seconds',
      ${adults}, ${sentAt} - interval '1 day', ${sentAt}
    from generate_series(0, ${NEWSLETTERS - 1}::int) n`)
  await db.execute(sql`insert into notifications (id, school_id, user_id, category, kind, path, dedupe_key, language, read_at, created_at)
    select ${key(k, 'newsletter-notification', 'n', 'f', 'a')}, ${k.schoolId}, ${key(k, 'adult', 'f', 'a')}, 'newsletters', 'newsletter',
      '/newsletters/' || ${key(k, 'newsletter', 'n')}, 'newsletter-' || ${key(k, 'newsletter', 'n')}, ${sql.raw(LANGUAGE)},
      case when ${opened} and ${viaApp} then ${openedAt} end, ${sentAt}
    from ${recipients}`)
  await db.execute(sql`insert into newsletter_recipients (school_id, newsletter_id, user_id, language, notification_id, opened_at, opened_via, created_at)
    select ${k.schoolId}, ${key(k, 'newsletter', 'n')}, ${key(k, 'adult', 'f', 'a')}, ${sql.raw(LANGUAGE)},
      ${key(k, 'newsletter-notification', 'n', 'f', 'a')}, case when ${opened} then ${openedAt} end,
      case when ${opened} then case when ${viaApp} then 'app' else 'email' end end, ${sentAt}
    from ${recipients}`)
  const status = sql.raw(`case channel
      when 'in_app' then 'sent'
      when 'email' then case when not ${HAS_EMAIL} or ${NEWSLETTER_EMAIL_OFF} then 'skipped'
        when ${EMAIL_BOUNCES} or (f + n) % 20 = 0 then 'failed' else 'sent' end
      else case when not ${HAS_PUSH} then 'skipped' when (f + n) % 15 = 0 then 'failed' else 'sent' end end`)
  const reason = sql.raw(`case
      when channel = 'email' and not ${HAS_EMAIL} then 'no_address'
      when channel = 'email' and ${NEWSLETTER_EMAIL_OFF} then 'preference'
      when channel = 'email' and (${EMAIL_BOUNCES} or (f + n) % 20 = 0) then 'bad_address'
      when channel = 'push' and not ${HAS_PUSH} then 'no_address'
      when channel = 'push' and (f + n) % 15 = 0 then 'push_gone' end`)
  await db.execute(sql`insert into deliveries (school_id, notification_id, user_id, channel, status, reason, attempts, sent_at, created_at, updated_at)
    select ${k.schoolId}, ${key(k, 'newsletter-notification', 'n', 'f', 'a')}, ${key(k, 'adult', 'f', 'a')}, channel, status, reason,
      case when status = 'skipped' then 0 else 1 end, case when status = 'sent' then ${sentAt} + interval '20 seconds' end,
      ${sentAt}, ${sentAt} + interval '20 seconds'
    from (select f, a, n, channel, ${status} as status, ${reason} as reason
      from ${recipients} cross join unnest(array['in_app', 'email', 'push']) channel) d`)
}

/**
 * The direct conversations as a subquery: family f, slot j (0-3, kept for about half), adult a,
 * staff member s, message count m, the last message's time and the gap between messages.
 */
function conversationSlots(k: SchoolKeys): SQL {
  const { families, classes } = SHAPE
  return sql`(select f, j, a, s, m, lang,
      ${now(k)} - ((f * 4 + j) * 37 % 115) * interval '1 day' - ((f + j) % 20 + 1) * interval '1 hour' as last_at,
      (4 + (f * 4 + j) % 30) * interval '1 hour' as gap
    from (select f, j, case when j % 2 = 1 and f % 5 < 2 then 1 else 0 end as a,
        case j when 0 then ${sql.raw(TEACHER_OF(`f % ${classes}`))} when 1 then ${FEO}
          when 2 then ${sql.raw(TEACHER_OF(`f % ${classes} + 3`))} else ${ADMIN} end as s,
        2 * (1 + (f * 4 + j) * 7 % 6) + ((f * 4 + j) % 25 = 0)::int as m,
        case when (f + j) % 3 = 0 or ((f + j) % 3 = 2 and j % 2 = 0) then 'cy' else 'en' end as lang
      from generate_series(0, ${families - 1}::int) f cross join generate_series(0, 3) j where (f * 3 + j * 5) % 8 < 5) c
    where ${sql.raw(SIGNED_IN)}) slots`
}

/** Conversations, participants, messages and the notifications of staff replies; announcement channels. */
export async function seedMessages(db: Db, k: SchoolKeys): Promise<void> {
  const slots = conversationSlots(k)
  const adult = key(k, 'adult', 'f', 'a')
  const staff = key(k, 'staff', 's')
  const conversation = key(k, 'conversation', 'f', 'j')
  const withLanguage = await hasColumn(db, 'messages', 'language')
  await db.execute(sql`insert into conversations (id, school_id, kind, direct_key, created_by, last_seq, last_message_at, created_at)
    select ${conversation}, ${k.schoolId}, 'direct', least(${adult}::text, ${staff}::text) || ':' || greatest(${adult}::text, ${staff}::text),
      ${adult}, m, last_at, last_at - (m - 1) * gap
    from ${slots}`)
  await db.execute(sql`insert into conversation_participants (school_id, conversation_id, user_id, side, last_read_seq, last_delivered_seq)
    select ${school(k)}, ${conversation}, ${adult}, 'family', m, m from ${slots}
    union all
    select ${school(k)}, ${conversation}, ${staff}, 'staff', m - m % 2, m from ${slots}`)
  // Family and staff in turn, family first; bodies in the conversation's language.
  await db.execute(sql`insert into messages (id, school_id, conversation_id, seq, author_id, client_id, body, created_at
      ${withLanguage ? sql`, language` : sql``})
    select ${key(k, 'message', 'f', 'j', 'q')}, ${k.schoolId}, ${conversation}, q, case when q % 2 = 1 then ${adult} else ${staff} end,
      gen_random_uuid(), case lang
        when 'cy' then case when q % 2 = 1 then 'Bore da, oes modd cael gair am y daith ddydd Gwener? (' || q || ')'
          else 'Diolch am eich neges, fe ffonia i chi heddiw. (' || q || ')' end
        else case when q % 2 = 1 then 'Hello, could we have a word about the trip on Friday? (' || q || ')'
          else 'Thank you for your message, I will ring you today. (' || q || ')' end end,
      last_at - (m - q) * gap
      ${withLanguage ? sql`, lang` : sql``}
    from ${slots} cross join generate_series(1, m) q`)
  await db.execute(sql`insert into notifications (id, school_id, user_id, category, kind, path, read_at, created_at)
    select ${key(k, 'message-notification', 'f', 'j', 'q')}, ${k.schoolId}, ${adult}, 'messages', 'message_received',
      '/conversations/' || ${conversation}, case when q < m then last_at - (m - q - 1) * gap end, last_at - (m - q) * gap + interval '5 minutes'
    from ${slots} cross join generate_series(2, m, 2) q where q % 4 = 2`)
  await db.execute(sql`insert into deliveries (school_id, notification_id, user_id, channel, status, reason, attempts, sent_at, created_at, updated_at)
    select ${k.schoolId}, n.id, n.user_id, channel, case when channel = 'email' and u.email is null then 'skipped' else 'sent' end,
      case when channel = 'email' and u.email is null then 'no_address' end, 1, n.created_at, n.created_at, n.created_at
    from notifications n join users u on u.id = n.user_id cross join unnest(array['in_app', 'email']) channel
    where n.school_id = ${k.schoolId} and n.kind = 'message_received'`)

  // A class announcement channel each: the class teacher posts, the class's families read.
  const channel = key(k, 'announcement', 'c')
  await db.execute(sql`insert into conversations (id, school_id, kind, class_id, created_by, last_seq, last_message_at, created_at)
    select ${channel}, ${k.schoolId}, 'announcement', ${key(k, 'class', 'c')}, ${key(k, 'staff', TEACHER_OF('c'))}, 4,
      ${now(k)} - (c % 10 + 1) * interval '1 day', ${now(k)} - interval '100 days'
    from generate_series(0, ${SHAPE.classes - 1}::int) c`)
  await db.execute(sql`insert into conversation_participants (school_id, conversation_id, user_id, side, last_read_seq, last_delivered_seq)
    select ${school(k)}, ${channel}, ${key(k, 'staff', TEACHER_OF('c'))}, 'staff', 4, 4 from generate_series(0, ${SHAPE.classes - 1}::int) c
    union all
    select distinct ${school(k)}, v.id, gl.guardian_id, 'family', (gl.guardian_id::text < '8')::int * 4, 4
    from conversations v join learners l on l.class_id = v.class_id join guardian_learners gl on gl.learner_id = l.id
    where v.school_id = ${k.schoolId} and v.kind = 'announcement'`)
  await db.execute(sql`insert into messages (school_id, conversation_id, seq, author_id, client_id, body, created_at)
    select ${k.schoolId}, ${channel}, q, ${key(k, 'staff', TEACHER_OF('c'))}, gen_random_uuid(),
      'Nodyn atgoffa / Reminder ' || q, ${now(k)} - (c % 10 + 1 + (4 - q) * 20) * interval '1 day'
    from generate_series(0, ${SHAPE.classes - 1}::int) c cross join generate_series(1, 4) q`)
}
