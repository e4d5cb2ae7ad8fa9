/**
 * A domain error: services throw it with a stable code that is also the catalog key under
 * `errors.` in shared/locales; the error handler maps it to a status and a localised message.
 */
export class AppError extends Error {
  readonly code: string
  readonly statusCode: number
  readonly params: Record<string, string | number>
  readonly details: { line?: number; field: string; reason: string }[] | undefined
  constructor(
    code: string,
    statusCode: number,
    params: Record<string, string | number> = {},
    details?: { line?: number; field: string; reason: string }[],
    cause?: unknown,
  ) {
    super(code, { cause })
    this.code = code
    this.statusCode = statusCode
    this.params = params
    this.details = details
  }
}

/**
 * A refusal to someone with no role in the school asked about: answered as not found (its ids
 * are not even confirmed to exist) but written to the audit log as a refusal.
 */
export class OutsideSchoolError extends AppError {
  readonly schoolId: string
  constructor(schoolId: string) {
    super('not_found', 404)
    this.schoolId = schoolId
  }
}

export const notFound = () => new AppError('not_found', 404)
export const forbidden = () => new AppError('forbidden', 403)
export const unauthenticated = () => new AppError('auth.required', 401)
