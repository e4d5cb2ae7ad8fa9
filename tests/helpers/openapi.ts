import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import type { App } from '../../server/app.ts'

/**
 * The routes of a built app, read from its OpenAPI document (what @fastify/swagger publishes at
 * /docs/json), so the security sweeps cover a new route without being edited. Also lists every
 * route Fastify knows (from `printRoutes`), to find routes the document does not describe.
 */

/** The part of JSON Schema the route schemas use (TypeBox, as @fastify/swagger prints it). */
export interface JsonSchema {
  type?: string | string[]
  format?: string
  pattern?: string
  enum?: unknown[]
  const?: unknown
  nullable?: boolean
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minProperties?: number
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  default?: unknown
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie'
  name: string
  required?: boolean
  schema: JsonSchema
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface Operation {
  /** `GET /api/schools/{schoolId}/classes`: stable, for messages and allowlists. */
  key: string
  method: Method
  /** The path template, OpenAPI style (`{param}`). */
  path: string
  pathParams: string[]
  query: Parameter[]
  /** The JSON body's schema; undefined when the route takes none (or takes multipart). */
  body?: JsonSchema
  /** The route takes a multipart upload (no JSON body schema to build from). */
  multipart: boolean
  tags: string[]
}

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])

/** Every operation of the app's OpenAPI document (call after `app.ready()`). */
export function listOperations(app: App): Operation[] {
  const doc = app.swagger() as {
    paths: Record<
      string,
      Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: JsonSchema }> }; tags?: string[] }>
    >
  }
  const operations: Operation[] = []
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [lower, op] of Object.entries(byMethod)) {
      const method = lower.toUpperCase()
      if (!METHODS.has(method)) continue
      const parameters = op.parameters ?? []
      const content = op.requestBody?.content ?? {}
      operations.push({
        key: `${method} ${path}`,
        method: method as Method,
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        query: parameters.filter((p) => p.in === 'query'),
        body: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content || /attachments$|images$/.test(path),
        tags: op.tags ?? [],
      })
    }
  }
  return operations
}

/** `/api/x/:id/` and `/api/x/{id}` alike: the form routes are compared in. */
export const normalisePath = (path: string) => path.replace(/:(\w+)/g, '{$1}').replace(/\/+$/, '') || '/'

/**
 * Every route Fastify serves (method and path), read from `app.printRoutes()`'s tree: each line
 * is one node, indented four characters per level, with its methods in parentheses.
 */
export function listServedRoutes(app: App): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const branch = line.indexOf('── ')
    if (branch < 0) continue
    const depth = Math.floor((branch - 1) / 4)
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(branch + 3))
    if (!match) continue
    stack.length = depth
    stack.push(match[1] as string)
    for (const method of (match[2] ?? '').split(', ').filter((m) => METHODS.has(m))) {
      routes.push({ method, path: normalisePath(stack.join('')) })
    }
  }
  return routes
}

/** A path template with its params filled in (each value URL-encoded). */
export function fillPath(path: string, value: (param: string, pathUpToParam: string) => string): string {
  return path.replace(/\{(\w+)\}/g, (whole, param: string, offset: number) =>
    encodeURIComponent(value(param, path.slice(0, offset) + whole)),
  )
}

/**
 * A value the schema accepts, built the plainest way: required properties only, the first
 * choice of a union, the smallest lengths. `idFor` gives a uuid for a property of that name
 * (the sweeps pass the ids of another school's objects).
 */
export function validSample(schema: JsonSchema | undefined, name = '', idFor: (name: string) => string = () => randomUUID()): unknown {
  if (!schema) return undefined
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  const choices = schema.anyOf ?? schema.oneOf
  if (choices) {
    const choice = choices.find((c) => !(c.nullable && c.enum?.[0] === null)) ?? choices[0]
    return validSample(choice, name, idFor)
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => validSample(part, name, idFor)))
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of schema.required ?? []) out[key] = validSample(schema.properties?.[key], key, idFor)
      // A patch needs at least some fields: add optional ones until there are enough.
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (Object.keys(out).length >= (schema.minProperties ?? 0)) break
        if (!(key in out)) out[key] = validSample(property, key, idFor)
      }
      return out
    }
    case 'array': {
      const count = Math.max(schema.minItems ?? 0, 1)
      return Array.from({ length: Math.min(count, schema.maxItems ?? count) }, () => validSample(schema.items, singular(name), idFor))
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1)
      return Math.min(Math.max(low, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER)
    }
    case 'boolean':
      return true
    case 'null':
      return null
    default:
      return sampleString(schema, name, idFor)
  }
}

const singular = (name: string) => name.replace(/Ids$/, 'Id').replace(/s$/, '')

function sampleString(schema: JsonSchema, name: string, idFor: (name: string) => string): string {
  const inFuture = new Date(Date.now() + 7 * 86400_000)
  switch (schema.format) {
    case 'uuid':
      return idFor(name)
    case 'date-time':
      return inFuture.toISOString()
    case 'date':
      return inFuture.toISOString().slice(0, 10)
    case 'email':
      return 'sweep@example.test'
    case 'uri':
      return 'https://example.test/sweep'
  }
  if (/timeZone$/i.test(name)) return 'Europe/London'
  if (schema.pattern) {
    // A fixed seed: the same string each run, so a refusal is reproducible.
    const [sample] = fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 42 })
    return sample as string
  }
  const text = 'Sweep text'.padEnd(schema.minLength ?? 0, '.')
  return schema.maxLength !== undefined ? text.slice(0, Math.max(schema.maxLength, schema.minLength ?? 0)) : text
}

/** A query string with every required query parameter given a valid value. */
export function validQuery(op: Operation, idFor: (name: string) => string): Record<string, string> {
  const query: Record<string, string> = {}
  for (const p of op.query) {
    if (!p.required) continue
    const value = p.schema.default ?? validSample(p.schema, p.name, idFor)
    query[p.name] = String(value)
  }
  return query
}
