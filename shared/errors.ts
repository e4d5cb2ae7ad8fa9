import { type Static, Type } from 'typebox'

/** Every 4xx and 5xx answer: a stable code and a message in the asker's language. */
export const ErrorResponse = Type.Object({
  code: Type.String({ description: 'Stable machine-readable code, e.g. auth.invalid_token' }),
  message: Type.String({ description: 'Localised, human-readable message' }),
  errors: Type.Optional(Type.Array(Type.Object({ line: Type.Optional(Type.Integer()), field: Type.String(), reason: Type.String() }))),
})
export type ErrorResponse = Static<typeof ErrorResponse>
