/**
 * The soak bench's school, written in bulk (one INSERT ... SELECT per table): `parents` families
 * (one adult and one learner each, languages cy, en and both in turn, no quiet hours so a
 * newsletter goes at once), 50 staff (an admin, an FEO and 48 teachers, 40 of them with a class;
 * families are spread over the 40 classes), each family's direct conversation with its class
 * teacher (as `POST /conversations` would leave it), a Family Forum with every parent a member
 * and the FEO facilitating, with `FORUM_ITEMS` proposed items, and a live session (cookie and
 * CSRF token, as sign-in leaves them) for everybody.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'
import { sessions } from '../server/db/schema.ts'
import { hashToken, randomToken } from '../server/modules/auth/tokens.ts'
import { defaultChannels } from '../server/modules/notifications/preferences.ts'
import { SESSION_COOKIE } from '../server/plugins/auth.plugin.ts'

export const STAFF = 50
const CLASSES = 40
const FORUM_ITEMS = 20

export interface SoakPerson {
  id: string
  cookie: string
  csrf: string
  /** Parents: the direct conversation with their class teacher. */
  conversationId?: string
}

export interface SoakSchool {
  schoolId: string
  forumId: string
  itemIds: string[]
  admin: SoakPerson
  /** The FEO and the teachers (the admin sends the newsletters). */
  staff: SoakPerson[]
  parents: SoakPerson[]
}

export async function makeSoakSchool(db: Db, parents: number, run: string): Promise<SoakSchool> {
  // The handle is typed for both drivers; node-postgres and PGlite both answer with `rows`.
  const rows = async <T>(query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows
  const [school] = await rows<{ id: string }>(
    sql`insert into schools (name_cy, name_en) values (${`Ysgol Meincnod ${run}`}, ${`Bench School ${run}`}) returning id`,
  )
  if (!school) throw new Error('no school')
  const schoolId = school.id
  const tag = `soak-${run}`
  // Staff: 0 admin, 1 FEO, 2.. teachers; teacher 2 + c has class c.
  await db.execute(sql`insert into users (name, email, language)
    select 'Staff ' || s, ${tag} || '-staff-' || s || '@bench.test', (array['cy', 'en', 'both'])[s % 3 + 1]
    from generate_series(0, ${STAFF - 1}) s`)
  await db.execute(sql`insert into memberships (school_id, user_id, role)
    select ${schoolId}, id, case split_part(split_part(email, '@', 1), '-', 4) when '0' then 'admin' when '1' then 'feo' else 'teacher' end
    from users where email like ${`${tag}-staff-%`}`)
  await db.execute(sql`insert into classes (school_id, name_cy, name_en, year_group)
    select ${schoolId}, 'Dosbarth ' || c, 'Class ' || c, c % 7 from generate_series(0, ${CLASSES - 1}) c`)
  await db.execute(sql`insert into class_teachers (school_id, class_id, teacher_id)
    select ${schoolId}, c.id, u.id from classes c join users u on u.email = ${`${tag}-staff-`} || (2 + split_part(c.name_en, ' ', 2)::int) || '@bench.test'
    where c.school_id = ${schoolId}`)
  await db.execute(sql`insert into users (name, email, language)
    select 'Parent ' || f, ${tag} || '-parent-' || f || '@bench.test', (array['cy', 'en', 'both'])[f % 3 + 1]
    from generate_series(0, ${parents - 1}) f`)
  await db.execute(sql`insert into memberships (school_id, user_id, role)
    select ${schoolId}, id, 'parent' from users where email like ${`${tag}-parent-%`}`)
  await db.execute(sql`insert into notification_preferences (user_id, channels, quiet_start, quiet_end)
    select id, ${JSON.stringify(defaultChannels())}::jsonb, null, null from users where email like ${`${tag}-%`}`)
  await db.execute(sql`insert into learners (school_id, external_ref, name, class_id)
    select ${schoolId}, 'S' || f, 'Learner ' || f, c.id
    from generate_series(0, ${parents - 1}) f join classes c on c.school_id = ${schoolId} and c.name_en = 'Class ' || (f % ${CLASSES})`)
  await db.execute(sql`insert into guardian_learners (school_id, guardian_id, learner_id)
    select ${schoolId}, u.id, l.id from users u
    join learners l on l.school_id = ${schoolId} and l.external_ref = 'S' || split_part(split_part(u.email, '@', 1), '-', 4)
    where u.email like ${`${tag}-parent-%`}`)
  // Each family's direct conversation with its class teacher.
  await db.execute(sql`with pairs as (
      select g.guardian_id as parent_id, ct.teacher_id
      from guardian_learners g join learners l on l.id = g.learner_id join class_teachers ct on ct.class_id = l.class_id
      where g.school_id = ${schoolId}
    ), made as (
      insert into conversations (school_id, kind, direct_key, created_by)
      select ${schoolId}, 'direct', least(parent_id::text collate "C", teacher_id::text collate "C") || ':' ||
        greatest(parent_id::text collate "C", teacher_id::text collate "C"), parent_id from pairs
      returning id, created_by
    )
    insert into conversation_participants (school_id, conversation_id, user_id, side)
    select ${schoolId}::uuid, m.id, m.created_by, 'family' from made m
    union all
    select ${schoolId}::uuid, m.id, p.teacher_id, 'staff' from made m join pairs p on p.parent_id = m.created_by`)
  // The Family Forum: every parent a member, the FEO facilitating, items proposed by parents.
  const [forum] = await rows<{ id: string }>(
    sql`insert into forums (school_id, name_cy, name_en) values (${schoolId}, 'Fforwm Teuluoedd', 'Family Forum') returning id`,
  )
  if (!forum) throw new Error('no forum')
  await db.execute(sql`insert into forum_members (school_id, forum_id, user_id, role)
    select ${schoolId}, ${forum.id}, user_id, case role when 'feo' then 'facilitator' else 'member' end
    from memberships where school_id = ${schoolId} and role in ('parent', 'feo')`)
  const items = await rows<{
    id: string
  }>(sql`insert into forum_items (school_id, forum_id, author_id, original_language, title_cy, title_en)
    select ${schoolId}, ${forum.id}, u.id, case when i % 2 = 0 then 'cy' else 'en' end,
      case when i % 2 = 0 then 'Clwb ar ôl ysgol ' || i else '' end, case when i % 2 = 1 then 'After-school club ' || i else '' end
    from generate_series(0, ${FORUM_ITEMS - 1}) i join users u on u.email = ${`${tag}-parent-`} || (i * 7) || '@bench.test'
    returning id`)

  const people = await rows<{ id: string; email: string; conversation_id: string | null }>(sql`
    select u.id, u.email, p.conversation_id from users u
    left join conversation_participants p on p.user_id = u.id and p.side = 'family'
    where u.email like ${`${tag}-%`} order by u.email`)
  const expiresAt = new Date(Date.now() + 7 * 86_400_000)
  const signedIn = people.map((p) => ({ ...p, token: randomToken(), csrf: randomToken() }))
  for (let i = 0; i < signedIn.length; i += 1000) {
    await db
      .insert(sessions)
      .values(
        signedIn.slice(i, i + 1000).map((p) => ({ userId: p.id, schoolId, tokenHash: hashToken(p.token), csrfToken: p.csrf, expiresAt })),
      )
  }
  const person = (p: (typeof signedIn)[number]): SoakPerson => ({
    id: p.id,
    cookie: `${SESSION_COOKIE}=${p.token}`,
    csrf: p.csrf,
    ...(p.conversation_id ? { conversationId: p.conversation_id } : {}),
  })
  const staffOf = (s: number) => signedIn.find((p) => p.email === `${tag}-staff-${s}@bench.test`)
  const admin = staffOf(0)
  if (!admin) throw new Error('no admin')
  return {
    schoolId,
    forumId: forum.id,
    itemIds: items.map((i) => i.id),
    admin: person(admin),
    staff: Array.from({ length: STAFF - 1 }, (_, s) => staffOf(s + 1))
      .filter((p) => p !== undefined)
      .map(person),
    parents: signedIn.filter((p) => p.email.includes('-parent-')).map(person),
  }
}
