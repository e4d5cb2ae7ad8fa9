import { sql } from 'drizzle-orm'
import { guardianLearners, notificationPreferences } from '../../server/db/schema.ts'
import { defaultChannels } from '../../server/modules/notifications/preferences.ts'
import type { LanguageChoice } from '../../shared/i18n.ts'
import type { NewsletterDraft } from '../../shared/schemas/newsletters.ts'
import type { TestContext } from '../helpers/setup.ts'

/**
 * Parents here have no quiet hours, so a newsletter goes at once whatever the hour the tests run
 * (parents' default 21:00-07:00 is tested in tests/notifications/quiet-hours.test.ts).
 */
export async function withoutQuietHours(ctx: TestContext, userId: string) {
  await ctx.app.db
    .insert(notificationPreferences)
    .values({ userId, channels: defaultChannels(), quietStart: null, quietEnd: null })
    .onConflictDoNothing()
}

/** A household: one learner in a class, with one adult per language given. */
export async function makeHousehold(ctx: TestContext, classId: string, languages: LanguageChoice[], name = 'Household') {
  const [first = 'both', ...others] = languages
  const { guardian, learner } = await ctx.makeFamily(ctx.school.id, { language: first, classId, guardianName: `${name} 1` })
  const adults = [guardian]
  for (const [i, language] of others.entries()) {
    const adult = await ctx.makeUser(ctx.school.id, 'parent', { language, name: `${name} ${i + 2}` })
    await ctx.app.db.insert(guardianLearners).values({ schoolId: ctx.school.id, guardianId: adult.id, learnerId: learner.id })
    adults.push(adult)
  }
  for (const adult of adults) await withoutQuietHours(ctx, adult.id)
  return { adults, learner }
}

export function draft(overrides: Partial<NewsletterDraft> = {}): NewsletterDraft {
  return {
    titleCy: 'Newyddion yr wythnos',
    titleEn: 'News of the week',
    bodyCy: '## Trip\n\nBydd y plant yn mynd i **Sain Ffagan** ddydd Gwener.\n\n- Dewch â phecyn bwyd\n- Dillad glaw',
    bodyEn: '## Trip\n\nThe children go to **St Fagans** on Friday.\n\n- Bring a packed lunch\n- Rain clothes',
    category: 'newsletter',
    audience: { kind: 'school' },
    singleLanguage: null,
    singleLanguageReason: null,
    ...overrides,
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Many one-adult families in one class, written in one statement (a 5,000-family school in a
 * second): languages cycle cy, en, both; no quiet hours. Returns their email addresses.
 */
export async function makeManyFamilies(ctx: TestContext, classId: string, count: number): Promise<string[]> {
  const tag = ctx.prefix
  const channels = JSON.stringify(defaultChannels())
  await ctx.app.db.execute(sql`
    with u as (
      insert into users (name, email, language)
      select 'Parent ' || i, 'parent-' || i || '-' || ${tag} || '@example.test',
        case i % 3 when 0 then 'cy' when 1 then 'en' else 'both' end
      from generate_series(1, ${count}::int) as i
      returning id, name
    ), m as (
      insert into memberships (school_id, user_id, role) select ${ctx.school.id}, id, 'parent' from u
    ), p as (
      insert into notification_preferences (user_id, channels, quiet_start, quiet_end) select id, ${channels}::jsonb, null, null from u
    ), l as (
      insert into learners (school_id, external_ref, name, class_id)
      select ${ctx.school.id}, 'L' || id, 'Learner of ' || name, ${classId} from u
      returning id, external_ref
    )
    insert into guardian_learners (school_id, guardian_id, learner_id)
    select ${ctx.school.id}, substring(l.external_ref from 2)::uuid, l.id from l`)
  return Array.from({ length: count }, (_, i) => `parent-${i + 1}-${tag}@example.test`)
}

/** A newsletter draft to these classes, written by the signed-in staff member; returns its id. */
export async function draftToClasses(ctx: TestContext, session: Awaited<ReturnType<TestContext['signIn']>>, classIds: string[]) {
  const created = await ctx.app.inject({
    method: 'POST',
    url: `/api/schools/${ctx.school.id}/newsletters`,
    headers: session.write,
    payload: draft({ audience: { kind: 'classes', classIds } }),
  })
  if (created.statusCode !== 201) throw new Error(`draft not created: ${created.body}`)
  return created.json().id as string
}
