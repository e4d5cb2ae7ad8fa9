/**
 * Who may do what in messaging. Pure functions over facts the service has read, so HTTP routes,
 * socket events and jobs get the same answer. A refusal is an AppError: 404 where the asker
 * must not learn that a thing exists, 403 where they may see it but not do this.
 */
import { EDIT_WINDOW_MS } from '../../../shared/schemas/messaging.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import { AppError, notFound } from '../../errors.ts'

export type Side = 'staff' | 'family'

/** Staff who may message any family of the school, not only those of their classes. */
const SCHOOL_WIDE: readonly Role[] = ['admin', 'feo', 'dsl']

export function sideOf(roles: readonly Role[]): Side | null {
  if (roles.some((role) => role !== 'parent')) return 'staff'
  if (roles.includes('parent')) return 'family'
  return null
}

export function isSchoolWideStaff(roles: readonly Role[]): boolean {
  return roles.some((role) => SCHOOL_WIDE.includes(role))
}

export interface DirectFacts {
  askerRoles: readonly Role[]
  targetRoles: readonly Role[]
  /** The target teaches a class of one of the asker's learners (asker a parent), or the reverse. */
  linkedByClass: boolean
}

/**
 * Direct conversations are between one family member and one staff member. A parent may write to
 * a teacher of one of their learners' classes, the FEO, the DSL or an admin; never to unrelated
 * staff or another parent. A teacher may write to families of their classes; FEO, DSL and admins
 * to any family of the school.
 */
export function assertMayStartDirect(facts: DirectFacts): void {
  const asker = sideOf(facts.askerRoles)
  const target = sideOf(facts.targetRoles)
  if (!asker || !target) throw notFound()
  if (asker === target) throw new AppError('messaging.not_a_contact', 403)
  if (asker === 'family') {
    if (isSchoolWideStaff(facts.targetRoles) || facts.linkedByClass) return
    throw new AppError('messaging.not_a_contact', 403)
  }
  if (isSchoolWideStaff(facts.askerRoles) || facts.linkedByClass) return
  throw new AppError('messaging.not_a_contact', 403)
}

/** Groups with chosen families are started by staff; a teacher only with families of their classes. */
export function assertMayStartGroup(askerRoles: readonly Role[], allFamiliesOfOwnClasses: boolean): void {
  if (sideOf(askerRoles) !== 'staff') throw new AppError('messaging.staff_only', 403)
  if (!isSchoolWideStaff(askerRoles) && !allFamiliesOfOwnClasses) throw new AppError('messaging.not_a_contact', 403)
}

export interface ConversationFacts {
  kind: 'direct' | 'group' | 'announcement'
  closedAt: Date | null
}

/** A participant may post unless the conversation is closed, or it is an announcement channel and they are family. */
export function mayPost(conversation: ConversationFacts, side: Side): boolean {
  if (conversation.closedAt) return false
  return conversation.kind !== 'announcement' || side === 'staff'
}

export function assertMayPost(conversation: ConversationFacts, side: Side): void {
  if (conversation.closedAt) throw new AppError('messaging.closed', 409)
  if (!mayPost(conversation, side)) throw new AppError('messaging.announcement_reply_privately', 403)
}

/** Only the author edits, only within the window, and not in a closed conversation. */
export function assertMayEdit(message: { authorId: string; createdAt: Date }, askerId: string, closed: boolean, now: Date): void {
  if (message.authorId !== askerId) throw new AppError('messaging.not_author', 403)
  if (closed) throw new AppError('messaging.closed', 409)
  if (now.getTime() - message.createdAt.getTime() > EDIT_WINDOW_MS) throw new AppError('messaging.edit_window_passed', 409)
}

/** Staff in the conversation close it; so can an admin of the school. */
export function assertMayClose(side: Side | null, askerRoles: readonly Role[]): void {
  if (side === 'staff' || askerRoles.includes('admin')) return
  throw new AppError('messaging.staff_only', 403)
}

/** Reports are read by the school's designated safeguarding lead. */
export function isSafeguardingLead(roles: readonly Role[]): boolean {
  return roles.includes('dsl')
}
