import { type Static, Type } from 'typebox'
import { ClassGroup, LanguageChoice, Role, Uuid } from './people.ts'

const Name = Type.String({ minLength: 1, maxLength: 120 })

export const NewClassGroup = Type.Object({
  nameCy: Name,
  nameEn: Name,
  yearGroup: Type.Optional(Type.Union([Type.Integer({ minimum: -1, maximum: 13 }), Type.Null()])),
})
export type NewClassGroup = Static<typeof NewClassGroup>

export const ClassGroupList = Type.Array(ClassGroup)

export const Member = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  language: LanguageChoice,
  roles: Type.Array(Role),
  /** An admin turned this person's access to the school off. */
  disabled: Type.Boolean(),
})
export type Member = Static<typeof Member>

export const NewStaffMember = Type.Object({
  name: Name,
  email: Type.String({ format: 'email', maxLength: 254 }),
  role: Type.Union([Type.Literal('admin'), Type.Literal('teacher'), Type.Literal('feo'), Type.Literal('dsl')]),
  language: Type.Optional(LanguageChoice),
})
export type NewStaffMember = Static<typeof NewStaffMember>

export const AssignTeacher = Type.Object({ teacherId: Uuid })
export const ClassParams = Type.Object({ schoolId: Uuid, classId: Uuid })
export const MemberQuery = Type.Object({ role: Type.Optional(Role) })
