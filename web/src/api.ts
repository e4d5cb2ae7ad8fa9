import type { LanguageChoice } from '../../shared/i18n.ts'
import type { Me } from '../../shared/schemas/people.ts'

export type { Me }

/** One problem in one row of an uploaded file, or one invalid field. */
export interface RowError {
  line?: number
  field: string
  reason: string
}

/** A 4xx/5xx answer (`{ code, message }`, message already localised), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly errors: RowError[]

  constructor(status: number, code: string, message: string, errors: RowError[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.errors = errors
  }
}

let csrfToken: string | null = null
let acceptLanguage = '*'

/** Remembers the session's CSRF token (sent on every write) from the latest Me, or forgets it. */
export function setSession(me: Me | null): void {
  csrfToken = me?.csrfToken ?? null
}

/**
 * Asks the server to answer in the chosen language before sign-in (after sign-in the saved
 * profile language wins). "*" names neither language, which the server reads as both.
 */
export function setRequestLanguage(choice: LanguageChoice): void {
  acceptLanguage = choice === 'both' ? '*' : choice
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': acceptLanguage }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network', '')
  }
  const text = await response.text()
  let data: unknown
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!response.ok) {
    const error = (data ?? {}) as { code?: string; message?: string; errors?: RowError[] }
    throw new ApiError(response.status, error.code ?? 'unknown', error.message ?? '', error.errors ?? [])
  }
  return data as T
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: (path: string) => request<void>('DELETE', path),
}
