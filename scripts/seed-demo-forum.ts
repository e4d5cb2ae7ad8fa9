import type { Db } from '../server/db/database.ts'
import { createForumsService } from '../server/modules/forum/forums.service.ts'
import { createItemsService } from '../server/modules/forum/items.service.ts'
import type { Actor } from '../server/plugins/auth.plugin.ts'

const FORUM = {
  nameCy: 'Fforwm Teuluoedd',
  nameEn: 'Family Forum',
  descriptionCy: 'Teuluoedd yn codi’r hyn sy’n bwysig iddyn nhw, a’r ysgol yn ateb.',
  descriptionEn: 'Families raise what matters to them, and the school answers.',
  openItemLimit: 3,
}

const ITEMS = [
  { language: 'cy', title: 'Clwb brecwast am ddim', description: 'A allai’r ysgol gynnig clwb brecwast am ddim bob bore?' },
  { language: 'en', title: 'Safer crossing at the gate', description: 'Cars park on the zigzags at home time.' },
] as const

/**
 * The demo school's Family Forum: the first parents with sign-in links as its chair and members,
 * the FEO as facilitator, and two items raised (one in Welsh, one in English). Run again, it
 * finds the forum and changes nothing.
 */
export async function seedDemoForum(db: Db, schoolId: string, owner: Actor, facilitatorId: string | undefined, parentIds: string[]) {
  const admin: Actor = { ...owner, roles: new Map([[schoolId, ['admin']]]) }
  const forums = createForumsService({ db })
  if ((await forums.list(admin, schoolId)).some((f) => f.nameEn === FORUM.nameEn)) return
  const forum = await forums.create(admin, schoolId, FORUM)
  if (facilitatorId)
    await forums.setMember(admin, schoolId, forum.id, facilitatorId, { role: 'facilitator', representsClassId: null, representsYear: null })
  for (const [i, userId] of parentIds.entries()) {
    await forums.setMember(admin, schoolId, forum.id, userId, {
      role: i === 0 ? 'chair' : 'member',
      representsClassId: null,
      representsYear: null,
    })
  }
  const items = createItemsService({ db, clock: () => new Date(), kick: () => {}, emit: () => {} })
  for (const [i, item] of ITEMS.entries()) {
    const authorId = parentIds[i]
    if (!authorId) continue
    await items.propose({ ...owner, userId: authorId, roles: new Map([[schoolId, ['parent']]]) }, schoolId, forum.id, {
      ...item,
      anonymous: false,
    })
  }
}
