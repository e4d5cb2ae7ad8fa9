/**
 * The newsletter bench's school, written straight to the database with one INSERT ... SELECT
 * over generate_series per table (10,000 families in about a second): classes of 30, one
 * learner and one parent per family (languages cy, en and both in turn), a second adult in
 * every 50th household (English, so where the first chose Welsh the household rule gives both),
 * every parent with an email address and a preferences row without quiet hours (parents'
 * default 21:00-07:00 would hold the sends at night), and an admin with a live session.
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../server/db/database.ts'
import { classes, memberships, schools, sessions, users } from '../server/db/schema.ts'
import { hashToken, randomToken } from '../server/modules/auth/tokens.ts'
import { defaultChannels } from '../server/modules/notifications/preferences.ts'
import { SESSION_COOKIE } from '../server/plugins/auth.plugin.ts'

/** Learners per class. */
const CLASS_SIZE = 30
/** Every this many households has a second adult. */
const SECOND_ADULT_EVERY = 50

export interface NewsletterSchool {
  schoolId: string
  /** Adults a newsletter to the whole school reaches: one per family plus the second adults. */
  parents: number
  families: number
  classIds: string[]
  /** Headers for app.inject writes as the school's admin (session cookie and CSRF token). */
  admin: { cookie: string; 'x-csrf-token': string }
}

export async function makeNewsletterSchool(db: Db, families: number, run: string): Promise<NewsletterSchool> {
  const [school] = await db
    .insert(schools)
    .values({ nameCy: `Ysgol Meincnod ${run}`, nameEn: `Bench School ${run}` })
    .returning()
  if (!school) throw new Error('no school')
  const schoolId = school.id
  const last = families - 1
  const classCount = Math.ceil(families / CLASS_SIZE)

  await db.execute(sql`insert into classes (school_id, name_cy, name_en, year_group)
    select ${schoolId}, 'Dosbarth ' || c, 'Class ' || c, c % 7 from generate_series(0, ${classCount - 1}) c`)
  await db.execute(sql`insert into learners (school_id, external_ref, name, class_id)
    select ${schoolId}, 'B' || i, 'Learner ' || i, c.id
    from generate_series(0, ${last}) i join classes c on c.school_id = ${schoolId} and c.name_en = 'Class ' || (i / ${CLASS_SIZE})`)
  // First adults: cy, en, both in turn. Second adults: English, in every SECOND_ADULT_EVERY-th household.
  await db.execute(sql`insert into users (name, email, language)
    select 'Parent ' || i, 'bench-' || i || '@bench.test', (array['cy', 'en', 'both'])[i % 3 + 1] from generate_series(0, ${last}) i
    union all
    select 'Parent ' || i || ' (2)', 'bench-' || i || '-2@bench.test', 'en' from generate_series(0, ${last}, ${SECOND_ADULT_EVERY}) i`)
  await db.execute(sql`insert into guardian_learners (school_id, guardian_id, learner_id)
    select ${schoolId}, u.id, l.id from users u
    join learners l on l.school_id = ${schoolId} and l.external_ref = 'B' || split_part(split_part(u.email, '@', 1), '-', 2)
    where u.email like 'bench-%@bench.test'`)
  await db.execute(sql`insert into memberships (school_id, user_id, role)
    select ${schoolId}, id, 'parent' from users where email like 'bench-%@bench.test'`)
  await db.execute(sql`insert into notification_preferences (user_id, channels, quiet_start, quiet_end)
    select id, ${JSON.stringify(defaultChannels())}::jsonb, null, null from users where email like 'bench-%@bench.test'`)

  const [admin] = await db
    .insert(users)
    .values({ name: 'Bench Admin', email: `admin-${run}@bench.test`, language: 'both' })
    .returning()
  if (!admin) throw new Error('no admin')
  await db.insert(memberships).values({ schoolId, userId: admin.id, role: 'admin' })
  const token = randomToken()
  const csrfToken = randomToken()
  await db
    .insert(sessions)
    .values({ userId: admin.id, schoolId, tokenHash: hashToken(token), csrfToken, expiresAt: new Date(Date.now() + 86_400_000) })

  const classIds = (
    await db.select({ id: classes.id }).from(classes).where(eq(classes.schoolId, schoolId)).orderBy(asc(classes.nameEn))
  ).map((c) => c.id)
  return {
    schoolId,
    families,
    parents: families + Math.ceil(families / SECOND_ADULT_EVERY),
    classIds,
    admin: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken },
  }
}
