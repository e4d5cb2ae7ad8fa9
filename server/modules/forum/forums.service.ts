import type { Forum, ForumCandidate, ForumDraft, ForumSummary, SetMember } from '../../../shared/schemas/forum.ts'
import { STAFF_ROLES } from '../../../shared/schemas/people.ts'
import type { Db, DbOrTx } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertSchoolRole, isStaff } from '../../policies/tenancy.policy.ts'
import { assertMay, type ForumAccess, mayCreateForum, mayFacilitate, mayRead } from './forum.policy.ts'
import { createForumsRepository, type ForumRow } from './forums.repository.ts'

const ANY_ROLE = [...STAFF_ROLES, 'parent'] as const

/** The asker's roles in the school (404 for someone not of it). */
export const schoolRoles = (actor: Actor | null, schoolId: string) => assertSchoolRole(actor, schoolId, ANY_ROLE).roles.get(schoolId) ?? []

/**
 * Loads a forum with what the asker is to it; 404 when it is not this school's, 403 when the
 * asker may not read its pages (a parent who is not a member).
 */
export async function loadForum(db: DbOrTx, actor: Actor | null, schoolId: string, forumId: string) {
  const roles = schoolRoles(actor, schoolId)
  const repo = createForumsRepository(db)
  const forum = await repo.find(schoolId, forumId)
  if (!forum) throw notFound()
  const access: ForumAccess = {
    userId: (actor as Actor).userId,
    schoolRoles: roles,
    forumRole: await repo.roleOf(forumId, (actor as Actor).userId),
  }
  assertMay(mayRead(access))
  return { forum, access, actor: actor as Actor }
}
export type LoadedForum = Awaited<ReturnType<typeof loadForum>>

/** Forums and their membership. Every function takes the actor first. */
export function createForumsService(deps: { db: Db }) {
  const repo = createForumsRepository(deps.db)

  async function view(forum: ForumRow, access: ForumAccess): Promise<Forum> {
    const members = await repo.members(forum.id)
    const summary = (await repo.list(forum.schoolId, access.userId)).find((f) => f.id === forum.id)
    return {
      id: forum.id,
      nameCy: forum.nameCy,
      nameEn: forum.nameEn,
      descriptionCy: forum.descriptionCy,
      descriptionEn: forum.descriptionEn,
      openItemLimit: forum.openItemLimit,
      myRole: access.forumRole,
      canFacilitate: mayFacilitate(access),
      members: members.length,
      openItems: summary?.openItems ?? 0,
      memberList: members.map((m) => ({ ...m, role: m.role as Forum['memberList'][number]['role'] })),
    }
  }

  return {
    /** Staff see every forum of the school; a parent the forums they belong to. */
    async list(actor: Actor | null, schoolId: string): Promise<ForumSummary[]> {
      const roles = schoolRoles(actor, schoolId)
      const userId = (actor as Actor).userId
      const rows = await repo.list(schoolId, userId)
      return rows
        .filter((f) => isStaff(roles) || f.myRole !== null)
        .map((f) => ({
          ...f,
          canFacilitate: mayFacilitate({ userId, schoolRoles: roles, forumRole: f.myRole }),
        }))
    },

    async create(actor: Actor | null, schoolId: string, draft: ForumDraft): Promise<Forum> {
      const roles = schoolRoles(actor, schoolId)
      assertMay(mayCreateForum(roles))
      const id = await repo.insert(schoolId, draft)
      const { forum, access } = await loadForum(deps.db, actor, schoolId, id)
      return view(forum, access)
    },

    async get(actor: Actor | null, schoolId: string, forumId: string): Promise<Forum> {
      const { forum, access } = await loadForum(deps.db, actor, schoolId, forumId)
      return view(forum, access)
    },

    async candidates(actor: Actor | null, schoolId: string, forumId: string): Promise<ForumCandidate[]> {
      const { access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      return repo.candidates(schoolId)
    },

    /**
     * Adds a person of the school to the forum or changes their role. Facilitators are staff; a
     * class represented must be this school's.
     */
    async setMember(actor: Actor | null, schoolId: string, forumId: string, userId: string, member: SetMember): Promise<Forum> {
      const { forum, access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      const theirRoles = await repo.schoolRolesOf(schoolId, userId)
      if (theirRoles.length === 0) throw new AppError('forum.member_unknown', 400)
      if (member.role === 'facilitator' && !isStaff(theirRoles)) throw new AppError('forum.facilitator_not_staff', 400)
      if (member.representsClassId && !(await repo.classOfSchool(schoolId, member.representsClassId))) {
        throw new AppError('forum.class_unknown', 400)
      }
      await repo.upsertMember(schoolId, forumId, userId, member)
      return view(forum, access)
    },

    async removeMember(actor: Actor | null, schoolId: string, forumId: string, userId: string): Promise<Forum> {
      const { forum, access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayFacilitate(access))
      if (!(await repo.removeMember(forumId, userId))) throw notFound()
      return view(forum, { ...access, forumRole: userId === access.userId ? null : access.forumRole })
    },
  }
}
export type ForumsService = ReturnType<typeof createForumsService>
