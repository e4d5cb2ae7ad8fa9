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

/**
 * Uploads one file as multipart form data (field "file") with XMLHttpRequest, which, unlike
 * fetch, reports upload progress: onProgress gets the fraction sent, 0 to 1.
 */
export function upload<T>(path: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.withCredentials = true
    xhr.setRequestHeader('accept', 'application/json')
    xhr.setRequestHeader('accept-language', acceptLanguage)
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', ''))
    xhr.onload = () => {
      let data: unknown
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        data = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data as T)
        return
      }
      const error = (data ?? {}) as { code?: string; message?: string; errors?: RowError[] }
      reject(new ApiError(xhr.status, error.code ?? 'unknown', error.message ?? '', error.errors ?? []))
    }
    const form = new FormData()
    form.append('file', file)
    xhr.send(form)
  })
}
