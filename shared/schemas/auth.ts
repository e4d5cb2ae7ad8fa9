import { type Static, Type } from 'typebox'
import { LanguageChoice } from './people.ts'

export const Email = Type.String({ format: 'email', maxLength: 254 })

export const MagicLinkRequest = Type.Object({ email: Email })
export type MagicLinkRequest = Static<typeof MagicLinkRequest>

export const TokenBody = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200 }) })
export type TokenBody = Static<typeof TokenBody>

export const PasswordSignIn = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) })
export type PasswordSignIn = Static<typeof PasswordSignIn>

export const SetPassword = Type.Object({ password: Type.String({ minLength: 12, maxLength: 200 }) })
export type SetPassword = Static<typeof SetPassword>

export const Accepted = Type.Object({ message: Type.String() })

const Name = Type.String({ minLength: 1, maxLength: 200 })
export const SetupRequest = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 200 }),
  school: Type.Object({ nameCy: Name, nameEn: Name }),
  admin: Type.Object({ name: Name, email: Email, language: LanguageChoice }),
})
export type SetupRequest = Static<typeof SetupRequest>

export const SetupStatus = Type.Object({ needed: Type.Boolean() })

export const UpdateMe = Type.Object({ language: Type.Optional(LanguageChoice), name: Type.Optional(Name) }, { minProperties: 1 })
export type UpdateMe = Static<typeof UpdateMe>

export const Invitation = Type.Object({ invitationId: Type.String({ format: 'uuid' }), url: Type.String() })
export const InviteRequest = Type.Object({ send: Type.Boolean({ description: 'Also email the link', default: false }) })
