import type { Me } from '../api.ts'
import { lazyPage } from '../lazy-page.tsx'
import { mayReadFamily, mayUseEngagement } from './engagement-model.ts'

// The FEO's screens are chunks of their own (see lazy-page.tsx): no parent downloads them.
const EngagementPage = lazyPage(() => import('../pages/engagement-page.tsx').then((m) => m.EngagementPage))
const FamilyPage = lazyPage(() => import('../pages/family-page.tsx').then((m) => m.FamilyPage))

const FAMILY = /^\/engagement\/families\/([0-9a-f-]{36})$/

/**
 * The engagement screens for a path, or null when it is not one of theirs or not for this
 * person: the workspace for FEOs and admins, a family's page for them and the safeguarding lead.
 * The server checks again.
 */
export function engagementPage(path: string, me: Me, schoolId: string) {
  if (path === '/engagement') return mayUseEngagement(me.roles) ? <EngagementPage schoolId={schoolId} /> : null
  const family = FAMILY.exec(path)?.[1]
  if (family && mayReadFamily(me.roles)) return <FamilyPage key={family} me={me} schoolId={schoolId} familyId={family} />
  return null
}
