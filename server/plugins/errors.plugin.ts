import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../errors.ts'

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error
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
      request.log.error({ err: error }, 'request failed')
      // A server-side failure keeps a 503 (try again later) if it said so; anything else is 500.
      const serverStatus = (error as { statusCode?: number }).statusCode === 503 ? 503 : 500
      return reply.status(serverStatus).send({
        code: 'internal',
        message: request.t('errors.internal'),
      })
    })
    app.setNotFoundHandler(async (request, reply) => {
      return reply.status(404).send({ code: 'not_found', message: request.t('errors.not_found') })
    })
  },
  { name: 'errors', dependencies: ['i18n'] },
)
