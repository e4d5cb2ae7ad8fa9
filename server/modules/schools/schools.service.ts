import type { LanguageChoice } from '../../../shared/i18n.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import type { Member, NewClassGroup, NewStaffMember } from '../../../shared/schemas/schools.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import { createSchoolsRepository } from './schools.repository.ts'

/** The school's own structure: classes, staff and who teaches which class. */
export function createSchoolsService(deps: { db: Db }) {
  const repo = createSchoolsRepository(deps.db)
  return {
    async getSchool(schoolId: string) {
      const school = await repo.school(schoolId)
      if (!school) throw notFound()
      return school
    },

    listClasses: (schoolId: string) => repo.classes(schoolId),

    /** Creates a class; names are unique per school in each language. */
    async createClass(actor: Actor, schoolId: string, input: NewClassGroup) {
      return deps.db.transaction(async (tx) => {
        const created = await createSchoolsRepository(tx).insertClass(schoolId, {
          nameCy: input.nameCy.trim(),
          nameEn: input.nameEn.trim(),
          yearGroup: input.yearGroup ?? null,
        })
        if (!created) throw new AppError('schools.class_exists', 409)
        await recordAudit(tx, { schoolId, actorId: actor.userId, action: 'class.created', subjectId: created.id })
        return created
      })
    },

    async listMembers(schoolId: string, role?: Role): Promise<Member[]> {
      const byUser = new Map<string, Member>()
      for (const row of await repo.members(schoolId, role)) {
        const member = byUser.get(row.id) ?? {
          id: row.id,
          name: row.name,
          email: row.email,
          language: row.language as LanguageChoice,
          roles: [],
          disabled: false,
        }
        member.roles.push(row.role as Role)
        if (row.disabledAt) member.disabled = true
        byUser.set(row.id, member)
      }
      return [...byUser.values()]
    },

    /** Adds a staff member (or gives an existing person a staff role here). */
    async addStaff(actor: Actor, schoolId: string, input: NewStaffMember): Promise<Member> {
      return deps.db.transaction(async (tx) => {
        const r = createSchoolsRepository(tx)
        const email = input.email.trim().toLowerCase()
        const user = (await r.userByEmail(email)) ?? (await r.insertUser({ name: input.name, email, language: input.language ?? 'both' }))
        await r.addMembership(schoolId, user.id, input.role)
        await recordAudit(tx, {
          schoolId,
          actorId: actor.userId,
          action: 'member.role_added',
          subjectId: user.id,
          data: { role: input.role },
        })
        return {
          id: user.id,
          name: user.name,
          email: user.email,
          language: user.language as LanguageChoice,
          roles: await r.rolesOf(schoolId, user.id),
          disabled: false,
        }
      })
    },

    /**
     * Turns a person's access to this school off or on (admins). Their roles here stop counting
     * at once; the caller disconnects their sockets. An admin cannot lock themselves out.
     */
    async setMemberAccess(actor: Actor, schoolId: string, userId: string, disabled: boolean): Promise<void> {
      if (userId === actor.userId) throw new AppError('schools.cannot_disable_self', 409)
      await deps.db.transaction(async (tx) => {
        const r = createSchoolsRepository(tx)
        if (!(await r.setMembershipDisabled(schoolId, userId, disabled ? new Date() : null))) throw notFound()
        await recordAudit(tx, {
          schoolId,
          actorId: actor.userId,
          action: disabled ? 'member.disabled' : 'member.enabled',
          subjectId: userId,
        })
      })
    },

    /** Links a teacher of this school to a class of this school. */
    async assignTeacher(actor: Actor, schoolId: string, classId: string, teacherId: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        const r = createSchoolsRepository(tx)
        if (!(await r.classById(schoolId, classId))) throw notFound()
        if (!(await r.rolesOf(schoolId, teacherId)).includes('teacher')) throw new AppError('schools.not_a_teacher', 422)
        await r.assignTeacher(schoolId, classId, teacherId)
        await recordAudit(tx, {
          schoolId,
          actorId: actor.userId,
          action: 'class.teacher_assigned',
          subjectId: classId,
          data: { teacherId },
        })
      })
    },
  }
}
export type SchoolsService = ReturnType<typeof createSchoolsService>
