import { type SQL, sql } from 'drizzle-orm'
import type { Audience } from '../../../shared/schemas/newsletters.ts'
import type { DbOrTx } from '../../db/database.ts'

/** Postgres uuid[] literal from ids already validated as uuids by the route schema. */
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`

/** The learners an audience names, as SQL selecting `id` (always inside one school). */
export function audienceLearners(schoolId: string, audience: Audience): SQL {
  switch (audience.kind) {
    case 'school':
      return sql`select l.id from learners l where l.school_id = ${schoolId}`
    case 'years':
      return sql`select l.id from learners l join classes c on c.id = l.class_id
        where l.school_id = ${schoolId} and c.school_id = ${schoolId} and c.year_group = any(${`{${audience.yearGroups.join(',')}}`}::int[])`
    case 'classes':
      return sql`select l.id from learners l where l.school_id = ${schoolId} and l.class_id = any(${uuidArray(audience.classIds)})`
    case 'families':
      // A family chosen by one adult: all its learners, so every adult of it receives it.
      return sql`select gl.learner_id as id from guardian_learners gl
        where gl.school_id = ${schoolId} and gl.guardian_id = any(${uuidArray(audience.guardianIds)})`
    case 'forum':
      // The households of the forum's members who are parents (staff members and facilitators
      // have no learners here): all their learners, so every adult of each household receives it.
      return sql`select gl.learner_id as id from forum_members fm
        join guardian_learners gl on gl.guardian_id = fm.user_id and gl.school_id = ${schoolId}
        where fm.school_id = ${schoolId} and fm.forum_id = ${audience.forumId}`
  }
}

/**
 * `from ... where ...` of the guardian-learner links an audience reaches: its learners, with
 * guardians who are parents of the school with their access on.
 */
function audienceLinks(schoolId: string, audience: Audience): SQL {
  return sql`from guardian_learners gl
    join memberships m on m.user_id = gl.guardian_id and m.school_id = ${schoolId} and m.role = 'parent' and m.disabled_at is null
    where gl.school_id = ${schoolId} and gl.learner_id in (${audienceLearners(schoolId, audience)})`
}

/**
 * The adults an audience reaches: guardians of its learners who are parents of the school with
 * their access on. Each once, however many of their learners are in it.
 */
export function audienceGuardians(schoolId: string, audience: Audience): SQL {
  return sql`select distinct gl.guardian_id as user_id ${audienceLinks(schoolId, audience)}`
}

/**
 * The language each adult gets (Welsh Language Standards): their own choice (unknown is stored
 * as both); but an adult who chose English in a household where another adult chose Welsh gets
 * both, Welsh first, as every adult of that household gets the Welsh version. A household is the
 * adults who share a learner. A newsletter sent in one language on purpose goes in that one.
 */
export function recipientLanguage(schoolId: string, singleLanguage: 'cy' | 'en' | null): SQL {
  if (singleLanguage) return sql`${singleLanguage}::text`
  return sql`case when u.language = 'en' and exists (
      select 1 from guardian_learners mine
      join guardian_learners other on other.learner_id = mine.learner_id and other.guardian_id <> mine.guardian_id
      join users ou on ou.id = other.guardian_id
      where mine.guardian_id = u.id and mine.school_id = ${schoolId} and ou.language = 'cy'
    ) then 'both' else u.language end`
}

/** How many adults and learners an audience holds now (shown before sending). */
export async function countAudience(db: DbOrTx, schoolId: string, audience: Audience) {
  const result = await db.execute<{ guardians: number; learners: number }>(sql`select
      (select count(*)::int from (${audienceGuardians(schoolId, audience)}) g) as guardians,
      (select count(distinct gl.learner_id)::int ${audienceLinks(schoolId, audience)}) as learners`)
  const row = (result as unknown as { rows: { guardians: number; learners: number }[] }).rows[0]
  return { guardians: row?.guardians ?? 0, learners: row?.learners ?? 0 }
}
