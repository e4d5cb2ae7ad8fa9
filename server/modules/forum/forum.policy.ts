import type { ForumRole } from '../../../shared/schemas/forum.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import { forbidden } from '../../errors.ts'
import { isStaff } from '../../policies/tenancy.policy.ts'

/** What the asker is to one forum: their roles in the school, and their role in the forum (if any). */
export interface ForumAccess {
  userId: string
  schoolRoles: readonly Role[]
  forumRole: ForumRole | null
}

/** Admins and FEOs run every forum of their school; staff marked facilitator run theirs. */
export const FORUM_OWNER_ROLES: readonly Role[] = ['admin', 'feo']

export const mayCreateForum = (schoolRoles: readonly Role[]) => schoolRoles.some((r) => FORUM_OWNER_ROLES.includes(r))

export const mayFacilitate = (a: ForumAccess) => mayCreateForum(a.schoolRoles) || a.forumRole === 'facilitator'

/** Forum pages are for its members and the school's staff. */
export const mayRead = (a: ForumAccess) => isStaff(a.schoolRoles) || a.forumRole !== null

/** Members and chairs raise and support items; facilitators add standing items to agendas instead. */
export const mayPropose = (a: ForumAccess) => a.forumRole === 'member' || a.forumRole === 'chair'
export const maySupport = mayPropose

/** Members, chairs and whoever runs the forum take part in an item's thread. */
export const mayComment = (a: ForumAccess) => a.forumRole !== null || mayFacilitate(a)

/** Who a member says they are coming to a meeting: members and chairs (facilitators run it). */
export const mayAttend = (a: ForumAccess) => a.forumRole !== null

/**
 * Who wrote an anonymous item is known to the forum's facilitators only, and to the designated
 * safeguarding lead once a facilitator has passed the item to them. Its author knows their own.
 */
export function maySeeAuthor(a: ForumAccess, item: { anonymous: boolean; authorId: string | null; referredAt: Date | null }) {
  if (!item.anonymous || item.authorId === a.userId) return true
  if (mayFacilitate(a)) return true
  return a.schoolRoles.includes('dsl') && item.referredAt !== null
}

export function assertMay(allowed: boolean): void {
  if (!allowed) throw forbidden()
}
