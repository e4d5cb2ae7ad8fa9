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
