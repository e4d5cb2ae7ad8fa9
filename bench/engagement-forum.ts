/**
 * The engagement bench's family forum and FEO records (ids: engagement-keys.ts):
 *
 * - One Family Forum: the FEO facilitates; 41 parents (family 0, 37, 74, ...) are members,
 *   the first the chair. 24 items over the term (every fifth anonymous), each with its
 *   `proposed` event, about ten supports and four comments; a meeting a month ago with six
 *   items on its agenda and 27 members' attendance, and one in two weeks.
 * - 500 contact log rows (a family in three), by the FEO, over the last 16 weeks: phone calls,
 *   home visits, coffee mornings, meetings and notes; a follow-up on one in four (some done,
 *   some due, some later). A caseload of 60 families for the FEO.
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'
import { FEO, key, now, type SchoolKeys, school } from './engagement-keys.ts'

/** Forum members are family m * MEMBER_EVERY's first adult, for m in 0..MEMBERS-1. */
const MEMBERS = 41
const MEMBER_EVERY = 37
const ITEMS = 24
const STATUSES = `(array['proposed', 'accepted', 'scheduled', 'discussed', 'actioned', 'declined'])`

export async function seedForum(db: Db, k: SchoolKeys): Promise<void> {
  const forum = key(k, 'forum')
  const member = key(k, 'adult', `m * ${MEMBER_EVERY}`, '0')
  const item = key(k, 'forum-item', 'i')
  const members = sql.raw(`generate_series(0, ${MEMBERS - 1}) m`)
  const items = sql.raw(`generate_series(0, ${ITEMS - 1}) i`)
  const itemAt = sql`${now(k)} - (110 - i * 4) * interval '1 day'`
  const past = key(k, 'meeting', '0')
  await db.execute(
    sql`insert into forums (id, school_id, name_cy, name_en) values (${forum}, ${k.schoolId}, 'Fforwm Teuluoedd', 'Family Forum')`,
  )
  await db.execute(sql`insert into forum_members (school_id, forum_id, user_id, role)
    select ${school(k)}, ${forum}, ${key(k, 'staff', String(FEO))}, 'facilitator'
    union all
    select ${school(k)}, ${forum}, ${member}, case when m = 0 then 'chair' else 'member' end from ${members}`)
  await db.execute(sql`insert into forum_items (id, school_id, forum_id, author_id, anonymous, original_language, title_cy, title_en,
      description_cy, description_en, status, created_at, updated_at)
    select ${item}, ${k.schoolId}, ${forum}, ${key(k, 'adult', `(i % ${MEMBERS}) * ${MEMBER_EVERY}`, '0')}, i % 5 = 4,
      case when i % 2 = 0 then 'cy' else 'en' end, case when i % 2 = 0 then 'Clwb ar ôl ysgol ' || i else '' end,
      case when i % 2 = 1 then 'After-school club ' || i else '' end, '', '', ${sql.raw(STATUSES)}[i % 6 + 1], ${itemAt}, ${itemAt}
    from ${items}`)
  await db.execute(sql`insert into forum_item_events (school_id, item_id, actor_id, kind, to_status, language, created_at)
    select ${k.schoolId}, ${item}, ${key(k, 'adult', `(i % ${MEMBERS}) * ${MEMBER_EVERY}`, '0')}, 'proposed', 'proposed',
      case when i % 2 = 0 then 'cy' else 'en' end, ${itemAt}
    from ${items}`)
  await db.execute(sql`insert into forum_item_supports (school_id, item_id, user_id, created_at)
    select ${k.schoolId}, ${item}, ${member}, ${itemAt} + (m % 9 + 1) * interval '1 day'
    from ${items} cross join ${members} where (m + i) % 4 = 0 and m <> i % ${MEMBERS}`)
  await db.execute(sql`insert into forum_item_comments (school_id, item_id, author_id, client_id, body, created_at)
    select ${k.schoolId}, ${item}, ${member}, gen_random_uuid(), 'Syniad da / Good idea', ${itemAt} + (m % 7 + 1) * interval '1 day'
    from ${items} cross join ${members} where (m + i) % 10 = 1`)
  await db.execute(sql`insert into forum_meetings (id, school_id, forum_id, starts_at, duration_minutes, place, status, publications,
      published_at, minutes_status, minutes_approved_at)
    values (${past}, ${k.schoolId}, ${forum}, ${now(k)} - interval '30 days', 60, 'Neuadd / Hall', 'published', 1,
      ${now(k)} - interval '40 days', 'approved', ${now(k)} - interval '20 days'),
    (${key(k, 'meeting', '1')}, ${k.schoolId}, ${forum}, ${now(k)} + interval '14 days', 60, 'Neuadd / Hall', 'planned', 0, null, 'none', null)`)
  await db.execute(sql`insert into forum_agenda_entries (school_id, meeting_id, item_id, position, title_cy, title_en, duration_minutes, reached)
    select ${k.schoolId}, ${past}, ${item}, i, '', '', 10, true from generate_series(0, 5) i`)
  await db.execute(sql`insert into forum_attendance (school_id, meeting_id, user_id, attending, language, updated_at)
    select ${k.schoolId}, ${past}, ${member}, m % 4 <> 0, (array['cy', 'en', 'interpretation'])[m % 3 + 1],
      ${now(k)} - interval '35 days'
    from ${members} where m % 3 <> 2`)
}

export async function seedContacts(db: Db, k: SchoolKeys): Promise<void> {
  const feo = key(k, 'staff', String(FEO))
  const happened = sql`${now(k)} - (f * 7 % 112) * interval '1 day' - (f % 9) * interval '1 hour'`
  await db.execute(sql`insert into family_contacts (school_id, adult_id, kind, note, happened_at, follow_up_on, follow_up_done_at,
      recorded_by, created_at)
    select ${k.schoolId}, ${key(k, 'adult', 'f', '0')}, (array['phone', 'home_visit', 'coffee_morning', 'meeting', 'note'])[f / 3 % 5 + 1],
      'Siaradwyd am bresenoldeb / Talked about attendance', ${happened},
      case when f % 4 = 0 then (${now(k)} + (f % 30 - 10) * interval '1 day')::date end,
      case when f % 4 = 0 and f % 30 < 10 and f % 8 = 0 then ${now(k)} - interval '1 day' end, ${feo}, ${happened}
    from generate_series(0, 1499, 3) f`)
  await db.execute(sql`insert into feo_caseload (school_id, feo_id, adult_id)
    select ${k.schoolId}, ${feo}, ${key(k, 'adult', 'f', '0')} from generate_series(0, 1499, 25) f`)
}
