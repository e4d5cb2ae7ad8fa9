import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { i18n } from 'i18next'
import { createI18n, type LanguageChoice, localeFromAcceptLanguage } from '../../shared/i18n.ts'

declare module 'fastify' {
  interface FastifyInstance {
    i18n: i18n
  }
  interface FastifyRequest {
    /** The asker's language: their saved choice, else Accept-Language, else both. */
    language(): LanguageChoice
    /** Translates for the asker; with both languages, Welsh comes first. */
    t(key: string, options?: Record<string, unknown>): string
  }
}

export function translate(i18n: i18n, language: LanguageChoice, key: string, options: Record<string, unknown> = {}): string {
  if (language === 'both') {
    return `${i18n.t(key, { ...options, lng: 'cy' })} / ${i18n.t(key, { ...options, lng: 'en' })}`
  }
  return i18n.t(key, { ...options, lng: language })
}

export default fp(
  async (app: FastifyInstance) => {
    const i18n = await createI18n()
    app.decorate('i18n', i18n)
    app.decorateRequest('language', function (this: FastifyRequest): LanguageChoice {
      return this.actor?.language ?? localeFromAcceptLanguage(this.headers['accept-language']) ?? 'both'
    })
    app.decorateRequest('t', function (this: FastifyRequest, key: string, options?: Record<string, unknown>) {
      return translate(i18n, this.language(), key, options)
    })
  },
  { name: 'i18n', dependencies: ['auth'] },
)
