import { type Static, Type } from 'typebox'

/** dsl: the school's designated safeguarding lead, who receives message reports. */
export const ROLES = ['admin', 'teacher', 'feo', 'dsl', 'parent'] as const
export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('teacher'),
  Type.Literal('feo'),
  Type.Literal('dsl'),
  Type.Literal('parent'),
])
export type Role = (typeof ROLES)[number]
export const STAFF_ROLES: readonly Role[] = ['admin', 'teacher', 'feo', 'dsl']

export const LanguageChoice = Type.Union([Type.Literal('cy'), Type.Literal('en'), Type.Literal('both')], {
  description: 'cy, en, or both (Welsh first)',
})

export const Uuid = Type.String({ format: 'uuid' })
export const SchoolParams = Type.Object({ schoolId: Uuid })
export type SchoolParams = Static<typeof SchoolParams>

export const School = Type.Object({ id: Uuid, nameCy: Type.String(), nameEn: Type.String() })
export type School = Static<typeof School>

export const ClassGroup = Type.Object({
  id: Uuid,
  nameCy: Type.String(),
  nameEn: Type.String(),
  yearGroup: Type.Union([Type.Integer(), Type.Null()]),
})
export type ClassGroup = Static<typeof ClassGroup>

export const Learner = Type.Object({
  id: Uuid,
  name: Type.String(),
  externalRef: Type.String(),
  class: Type.Union([ClassGroup, Type.Null()]),
})
export type Learner = Static<typeof Learner>

export const Me = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  language: LanguageChoice,
  hasPassword: Type.Boolean(),
  school: Type.Union([School, Type.Null()]),
  roles: Type.Array(Role, { description: 'Roles in the current school' }),
  learners: Type.Array(Learner, { description: "The person's own learners in the current school" }),
  csrfToken: Type.String({ description: 'Send as x-csrf-token on every write' }),
})
export type Me = Static<typeof Me>
