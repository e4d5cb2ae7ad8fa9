import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { isDatabaseUnavailable } from '../db/database.ts'
import { AppError } from '../errors.ts'
import { unstorableField } from '../unstorable-input.ts'

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error
}

/**
 * The code of a 503 for an error that means a service the app needs is away for a moment, or
 * null: PostgreSQL unreachable is `service_unavailable`; Redis unreachable (ioredis gave up a
 * command while reconnecting) is `unavailable`. Socket acknowledgements use it too.
 */
export function unavailableCode(error: unknown): 'service_unavailable' | 'unavailable' | null {
  if (isDatabaseUnavailable(error)) return 'service_unavailable'
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown }
  if (name === 'MaxRetriesPerRequestError' || message === 'Connection is closed.') return 'unavailable'
  return null
}

/**
 * One place maps errors to answers: `{ code, message }` in the asker's language. Validation
 * errors name the field; 5xx answers never carry details, which stay in the log.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (error, request, reply) => {
      if (error instanceof AppError) {
        return reply.status(error.statusCode).send({
          code: error.code,
          message: request.t(`errors.${error.code}`, error.params),
          ...(error.details ? { errors: error.details } : {}),
        })
      }
      if (isFastifyError(error) && error.validation) {
        const first = error.validation[0]
        const field =
          (first?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') ||
          String((first?.params as { missingProperty?: string } | undefined)?.missingProperty ?? error.validationContext ?? '')
        return reply.status(400).send({
          code: 'validation.invalid',
          message: request.t('errors.validation.invalid', { field }),
          errors: error.validation.map((v) => ({
            field:
              v.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
              String((v.params as { missingProperty?: string }).missingProperty ?? ''),
            reason: v.message ?? 'invalid',
          })),
        })
      }
      const status = isFastifyError(error) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
      if (status === 429) return reply.status(429).send({ code: 'rate_limited', message: request.t('errors.rate_limited') })
      if (status === 413) return reply.status(413).send({ code: 'too_large', message: request.t('errors.too_large') })
      if (status === 415)
        return reply.status(415).send({ code: 'unsupported_media_type', message: request.t('errors.unsupported_media_type') })
      if (status < 500) return reply.status(status).send({ code: 'bad_request', message: request.t('errors.bad_request') })
      // PostgreSQL or Redis away (restarting, network cut): a clear "try again", not a 500.
      const unavailable = unavailableCode(error)
      if (unavailable) {
        request.log.warn({ err: error }, 'service unavailable')
        return reply.status(503).send({ code: unavailable, message: request.t(`errors.${unavailable}`) })
      }
      request.log.error({ err: error }, 'request failed')
      // A server-side failure keeps a 503 (try again later) if it said so; anything else is 500.
      const serverStatus = (error as { statusCode?: number }).statusCode === 503 ? 503 : 500
      return reply.status(serverStatus).send({
        code: 'internal',
        message: request.t('errors.internal'),
      })
    })
    // After validation (and Ajv's coercion), before any handler: what PostgreSQL cannot take is a
    // bad field, not a 500 (see unstorable-input.ts).
    app.addHook('preHandler', async (request) => {
      for (const [part, value] of [
        ['params', request.params],
        ['querystring', request.query],
        ['body', request.body],
      ] as const) {
        const field = unstorableField(value)
        if (field !== null) throw new AppError('validation.invalid', 400, { field: field || part })
      }
    })
    app.setNotFoundHandler(async (request, reply) => {
      return reply.status(404).send({ code: 'not_found', message: request.t('errors.not_found') })
    })
  },
  { name: 'errors', dependencies: ['i18n'] },
)
