/**
 * `npm run seed:demo`: a demo school to try Cyswllt with. Bilingual names, two classes, three
 * teachers, an FEO, an admin and 30 families with mixed language choices, loaded through the same
 * CSV import the admin screen uses, and a Family Forum whose members are the parents given
 * sign-in links. Prints sign-in links. Running it again changes nothing but
 * prints fresh links.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { ConfigError, loadConfig } from '../server/config.ts'
import { createDatabase } from '../server/db/database.ts'
import { schools } from '../server/db/schema.ts'
import { ensureInstanceSecrets } from '../server/instance.ts'
import { createJobs } from '../server/jobs/queues.ts'
import { createAuthService } from '../server/modules/auth/auth.service.ts'
import { createFamiliesRepository } from '../server/modules/families/families.repository.ts'
import { createFamiliesService } from '../server/modules/families/families.service.ts'
import { createSchoolsRepository } from '../server/modules/schools/schools.repository.ts'
import { createSchoolsService } from '../server/modules/schools/schools.service.ts'
import type { Actor } from '../server/plugins/auth.plugin.ts'
import { connectRedis, RedisUnreachableError } from '../server/redis.ts'
import { seedDemoEngagement } from './seed-demo-engagement.ts'
import { seedDemoForum } from './seed-demo-forum.ts'

const SCHOOL = { nameCy: 'Ysgol Gynradd Enghraifft', nameEn: 'Example Primary School' }
const CLASSES = [
  { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class', yearGroup: 2 },
  { nameCy: 'Dosbarth Onnen', nameEn: 'Ash Class', yearGroup: 5 },
]
const STAFF = [
  { name: 'Siân Roberts', email: 'admin@demo.cyswllt.test', role: 'admin', language: 'cy' },
  { name: 'Gareth Davies', email: 'gareth.davies@demo.cyswllt.test', role: 'teacher', language: 'cy', classIndex: 0 },
  { name: 'Emma Thomas', email: 'emma.thomas@demo.cyswllt.test', role: 'teacher', language: 'en', classIndex: 1 },
  { name: 'Owain Hughes', email: 'owain.hughes@demo.cyswllt.test', role: 'teacher', language: 'both', classIndex: 1 },
  { name: 'Nia Williams', email: 'nia.williams@demo.cyswllt.test', role: 'feo', language: 'both' },
] as const
const FIRST = ['Cerys', 'Osian', 'Lili', 'Tomos', 'Ffion', 'Jac', 'Alaw', 'Noah', 'Mali', 'Harri', 'Ava', 'Deio', 'Ella', 'Macsen', 'Isla']
const ADULTS = [
  'Rhian',
  'Dafydd',
  'Sarah',
  'Mark',
  'Mared',
  'Huw',
  'Kelly',
  'Iwan',
  'Bethan',
  'Lee',
  'Catrin',
  'Steffan',
  'Megan',
  'Rhys',
  'Zoe',
]
const SURNAMES = ['Jones', 'Evans', 'Smith', 'Lewis', 'Morgan', 'Price', 'Griffiths', 'Owen', 'Jenkins', 'Parry']
const LANGUAGES = ['cy', 'en', 'both'] as const

function familiesCsv(): string {
  const lines = ['learner_ref,learner_name,class,guardian_name,guardian_email,guardian_phone,language']
  for (let i = 0; i < 30; i++) {
    const surname = SURNAMES[i % SURNAMES.length]
    const learner = `${FIRST[i % FIRST.length]} ${surname}`
    const className = CLASSES[i % 2]?.nameEn
    const language = LANGUAGES[i % 3]
    const adult = `${ADULTS[i % ADULTS.length]} ${surname}`
    const email = `family${i + 1}@demo.cyswllt.test`
    lines.push(`DEMO${String(i + 1).padStart(3, '0')},${learner},${className},${adult},${email},,${language}`)
    // Every third family has a second adult; some are reached by phone only.
    if (i % 3 === 0)
      lines.push(
        `DEMO${String(i + 1).padStart(3, '0')},${learner},${className},Partner ${surname} ${i + 1},,07700 9${String(i).padStart(5, '0')},${language}`,
      )
  }
  return lines.join('\n')
}

try {
  const config = loadConfig(process.env)
  const redis = await connectRedis(config.redisUrl)
  const database = createDatabase(config)
  await database.migrate()
  const { db } = database
  const secrets = await ensureInstanceSecrets(db, config)
  const jobs = createJobs({ url: config.redisUrl }, config.redisPrefix)
  const auth = createAuthService({
    db,
    redis,
    jobs,
    secret: secrets.sessionSecret,
    publicUrl: config.publicUrl,
    redisPrefix: config.redisPrefix,
    signInLimit: config.signInLimit,
  })
  const schoolsService = createSchoolsService({ db })
  const families = createFamiliesService({ db, jobs })

  let [school] = await db.select().from(schools).where(eq(schools.nameEn, SCHOOL.nameEn))
  school ??= (await db.insert(schools).values(SCHOOL).returning())[0]
  if (!school) throw new Error('could not create the demo school')
  // The demo admin is created first, directly, so that everything after it is recorded as theirs.
  const people = createSchoolsRepository(db)
  const admin = (await people.userByEmail(STAFF[0].email)) ?? (await people.insertUser(STAFF[0]))
  await people.addMembership(school.id, admin.id, 'admin')
  const actor: Actor = {
    userId: admin.id,
    sessionId: '',
    name: admin.name,
    language: 'cy',
    schoolId: school.id,
    csrfToken: '',
    roles: new Map(),
  }
  const classes = await schoolsService.listClasses(school.id)
  for (const group of CLASSES) {
    if (!classes.some((c) => c.nameEn === group.nameEn)) classes.push(await schoolsService.createClass(actor, school.id, group))
  }
  const links: [string, string][] = []
  for (const person of STAFF) {
    const member = await schoolsService.addStaff(actor, school.id, person)
    if ('classIndex' in person) {
      const group = classes.find((c) => c.nameEn === CLASSES[person.classIndex]?.nameEn)
      if (group) await schoolsService.assignTeacher(actor, school.id, group.id, member.id)
    }
    links.push([`${person.role}: ${person.name} (${person.language})`, (await auth.inviteMember(actor, school.id, member.id, false)).url])
  }

  const csv = familiesCsv()
  const importId = randomUUID()
  const checked = await families.check(school.id, csv)
  await createFamiliesRepository(db).insertImport({
    id: importId,
    schoolId: school.id,
    createdBy: actor.userId,
    csv,
    totalRows: checked.rows.length,
  })
  await families.applyImport(importId, async (processed, total) => {
    process.stdout.write(`\r  families: ${processed}/${total} rows`)
  })
  process.stdout.write('\n')
  const parents = await schoolsService.listMembers(school.id, 'parent')
  const invited = parents.filter((p) => p.email).slice(0, 3)
  for (const parent of invited) {
    links.push([`parent: ${parent.name} (${parent.language})`, (await auth.inviteMember(actor, school.id, parent.id, false)).url])
  }
  const feo = (await schoolsService.listMembers(school.id, 'feo'))[0]
  await seedDemoForum(
    db,
    school.id,
    actor,
    feo?.id,
    invited.map((p) => p.id),
  )
  await seedDemoEngagement(db, school.id, feo?.id)

  console.log(`\n${SCHOOL.nameCy} / ${SCHOOL.nameEn}: ${classes.length} classes, ${parents.length} parents and carers\n`)
  console.log('Sign-in links (each works once, for 14 days) / Dolenni mewngofnodi:')
  for (const [who, url] of links) console.log(`  ${who}\n    ${url}`)
  await jobs.close()
  redis.disconnect()
  await database.close()
} catch (err) {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`)
  else if (err instanceof RedisUnreachableError) console.error(err.message)
  else console.error(err)
  process.exit(1)
}
