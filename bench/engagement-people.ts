/**
 * The engagement bench's people (engagement-school.ts describes the school), one INSERT ...
 * SELECT over generate_series per table: classes, learners, adults, staff, their memberships,
 * links, push devices, past sign-ins and newsletter choices, and the FEO's live session.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'
import { schools, sessions } from '../server/db/schema.ts'
import { hashToken, randomToken } from '../server/modules/auth/tokens.ts'
import { defaultChannels } from '../server/modules/notifications/preferences.ts'
import { SESSION_COOKIE } from '../server/plugins/auth.plugin.ts'
import {
  ADMIN,
  ADULTS,
  FEO,
  HAS_EMAIL,
  HAS_PUSH,
  idOf,
  key,
  LANGUAGE,
  NEWSLETTER_EMAIL_OFF,
  now,
  rowsOf,
  type SchoolKeys,
  SHAPE,
  SIGNED_IN,
  school,
  TEACHER_OF,
  TWO_DEVICES,
} from './engagement-keys.ts'

export interface SchoolPeople extends SchoolKeys {
  adults: number
  learners: number
  /** Headers for requests as the school's FEO. */
  feo: { cookie: string }
  feoId: string
}

/** One school's people: classes, learners, adults, staff, links, devices and sign-ins. */
export async function seedEngagementPeople(db: Db, tag: string, at: Date): Promise<SchoolPeople> {
  const [created] = await db
    .insert(schools)
    .values({ nameCy: `Ysgol Meincnod ${tag}`, nameEn: `Bench School ${tag}` })
    .returning()
  if (!created) throw new Error('no school')
  const k: SchoolKeys = { schoolId: created.id, tag, now: at }
  const run = (statement: SQL) => db.execute(statement)
  const { classes, families } = SHAPE

  await run(sql`insert into classes (id, school_id, name_cy, name_en, year_group)
    select ${key(k, 'class', 'c')}, ${k.schoolId}, 'Blwyddyn ' || c % 7 || ' ' || chr(65 + c / 7),
      'Year ' || c % 7 || ' ' || chr(65 + c / 7), c % 7
    from generate_series(0, ${classes - 1}::int) c`)
  await run(sql`insert into learners (id, school_id, external_ref, name, class_id)
    select ${key(k, 'learner', 'f', 's')}, ${k.schoolId}, ${tag}::text || '-' || f || '-' || s, 'Learner ' || f || '-' || s,
      ${key(k, 'class', `case when s = 0 then f % ${classes} else (f * 3 + 11) % ${classes} end`)}
    from generate_series(0, ${families - 1}::int) f cross join generate_series(0, 1) s where s = 0 or f % 7 = 0`)
  await run(sql`insert into users (id, name, email, phone, language, created_at)
    select ${key(k, 'adult', 'f', 'a')}, 'Parent ' || f || '-' || a,
      case when ${sql.raw(HAS_EMAIL)} then 'p' || f || '-' || a || '-' || ${tag}::text || '@bench.test' end,
      case when not ${sql.raw(HAS_EMAIL)} then '07700 9' || lpad((f * 2 + a)::text, 5, '0') end,
      ${sql.raw(LANGUAGE)}, ${now(k)} - interval '200 days'
    from ${ADULTS}`)
  await run(sql`insert into users (id, name, email, language)
    select ${key(k, 'staff', 's')}, case s when ${FEO} then 'Bench FEO' when ${ADMIN} then 'Bench Admin' else 'Teacher ' || s end,
      's' || s || '-' || ${tag}::text || '@bench.test', 'both'
    from generate_series(0, ${SHAPE.teachers + 1}::int) s`)
  await run(sql`insert into memberships (school_id, user_id, role)
    select ${school(k)}, ${key(k, 'adult', 'f', 'a')}, 'parent' from ${ADULTS}
    union all
    select ${school(k)}, ${key(k, 'staff', 's')}, case s when ${FEO} then 'feo' when ${ADMIN} then 'admin' else 'teacher' end
    from generate_series(0, ${SHAPE.teachers + 1}::int) s`)
  await run(sql`insert into guardian_learners (school_id, guardian_id, learner_id)
    select ${k.schoolId}, ${key(k, 'adult', 'f', 'a')}, ${key(k, 'learner', 'f', 's')}
    from ${ADULTS} cross join generate_series(0, 1) s where s = 0 or f % 7 = 0`)
  await run(sql`insert into class_teachers (school_id, class_id, teacher_id)
    select ${k.schoolId}, ${key(k, 'class', 'c')}, ${key(k, 'staff', TEACHER_OF('c'))} from generate_series(0, ${classes - 1}::int) c`)
  await run(sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth, created_at)
    select ${key(k, 'adult', 'f', 'a')}, 'https://push.bench.test/' || ${tag}::text || '/' || f || '-' || a || '-' || d, 'p256dh', 'auth',
      ${now(k)} - (f % 90) * interval '1 day'
    from ${ADULTS} cross join generate_series(1, 2) d
    where ${sql.raw(HAS_PUSH)} and (d = 1 or ${sql.raw(TWO_DEVICES)})`)
  // Signed in at some time: a session row, most of them long expired.
  await run(sql`insert into sessions (user_id, school_id, token_hash, csrf_token, created_at, expires_at)
    select ${key(k, 'adult', 'f', 'a')}, ${k.schoolId}, md5(${tag}::text || ':session:' || f || ':' || a), 'csrf',
      ${now(k)} - ((f * 11 + a) % 120) * interval '1 day', ${now(k)} - ((f * 11 + a) % 120 - 30) * interval '1 day'
    from ${ADULTS} where ${sql.raw(SIGNED_IN)}`)
  const newsletterEmailOff = { ...defaultChannels(), newsletters: { email: false, push: true } }
  await run(sql`insert into notification_preferences (user_id, channels)
    select ${key(k, 'adult', 'f', 'a')}, ${JSON.stringify(newsletterEmailOff)}::jsonb from ${ADULTS} where ${sql.raw(NEWSLETTER_EMAIL_OFF)}`)

  const feoId = await idOf(db, key(k, 'staff', String(FEO)))
  const token = randomToken()
  await db.insert(sessions).values({
    userId: feoId,
    schoolId: k.schoolId,
    tokenHash: hashToken(token),
    csrfToken: randomToken(),
    expiresAt: new Date(at.getTime() + 86_400_000),
  })
  const [counted] = await rowsOf<{ adults: number; learners: number }>(
    db,
    sql`select
    (select count(*)::int from memberships where school_id = ${k.schoolId} and role = 'parent') as adults,
    (select count(*)::int from learners where school_id = ${k.schoolId}) as learners`,
  )
  const { adults, learners } = counted ?? { adults: 0, learners: 0 }
  return { ...k, adults, learners, feoId, feo: { cookie: `${SESSION_COOKIE}=${token}` } }
}
