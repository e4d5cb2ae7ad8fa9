import type { Db } from '../server/db/database.ts'
import { createContactsRepository } from '../server/modules/engagement/contacts.repository.ts'
import { createEngagementService } from '../server/modules/engagement/engagement.service.ts'
import { today } from '../server/modules/engagement/school-calendar.ts'

/**
 * The FEO's workspace in the demo school: two families who have never signed in, in the FEO's
 * caseload, a phone call logged with the first, and a follow-up due today, so the home page
 * and the lists have something to show. Run again, it finds the caseload and changes nothing.
 */
export async function seedDemoEngagement(db: Db, schoolId: string, feoId: string | undefined) {
  if (!feoId) return
  const contacts = createContactsRepository(db)
  if ((await contacts.caseload(schoolId, feoId)).size > 0) return
  const engagement = createEngagementService({ db, clock: () => new Date() })
  const { families } = await engagement.snapshot(schoolId, feoId)
  const unreachable = families.filter((f) => f.adults.every((a) => !a.signedInEver)).slice(-2)
  for (const family of unreachable) await contacts.addToCaseload(schoolId, feoId, family.familyId)
  const first = unreachable[0]
  if (!first) return
  await contacts.insert({
    schoolId,
    adultId: first.familyId,
    kind: 'phone',
    note: 'Galwad ffôn: yn hapus i gael y cylchlythyr ar bapur. / Phone call: happy to have the newsletter on paper.',
    recordedBy: feoId,
  })
  await contacts.insert({
    schoolId,
    adultId: first.familyId,
    kind: 'note',
    note: 'Gwahodd i’r bore coffi. / Invite to the coffee morning.',
    followUpOn: today(new Date()),
    recordedBy: feoId,
  })
}
