import { resolve } from 'node:path'

/** Validated configuration. Read once, in main.ts, from the environment; nothing else reads process.env. */
export interface Config {
  port: number
  host: string
  publicUrl: string
  /** PostgreSQL connection string; undefined means embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined
  dataDir: string
  redisUrl: string
  /** smtp:// or smtps:// URL; undefined means mails are written to the log (development). */
  smtpUrl: string | undefined
  mailFrom: string
  /** At least 32 characters; when absent one is generated and stored in the database. */
  sessionSecret: string | undefined
  vapid: { publicKey: string; privateKey: string } | undefined
  vapidSubject: string
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Prefix of every BullMQ queue and rate-limit key, so several instances can share one Redis. */
  redisPrefix: string
  /** Sign-in attempts allowed per email address and per IP address in 15 minutes. */
  signInLimit: number
  /** DKIM signing of outgoing mail; undefined means the mail server signs (or nobody does). */
  dkim: { domainName: string; keySelector: string; privateKey: string } | undefined
  /** Notification jobs one worker process runs at once. */
  notificationConcurrency: number
  /** A job whose worker stops answering (killed) is taken over by another after this long. */
  jobStalledSeconds: number
  /** Messages one person may send per minute (flooding protection). */
  messagesPerMinute: number
  /** How long a message may stay unread by an offline recipient before they are notified. */
  unreadNotifySeconds: number
  /**
   * How long to wait for a PostgreSQL connection, and for a query's answer, before a request fails
   * with a 503 ("try again in a minute") instead of hanging while the database is unreachable.
   */
  databaseConnectTimeoutMs: number
  databaseQueryTimeoutMs: number
  /**
   * Default retention periods in days (server/modules/retention/README.md); a school may set its
   * own per category. signIn (expired sessions and sign-in links) is instance-wide.
   */
  retention: { messages: number; notifications: number; newsletterReach: number; contactLog: number; signIn: number }
}

export class ConfigError extends Error {
  readonly variable: string
  constructor(variable: string, reason: string, value?: string) {
    super(`${variable} ${reason}${value === undefined ? '' : ` (got "${value}")`}`)
    this.variable = variable
  }
}

type Env = Record<string, string | undefined>

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`, raw)
  }
  return value
}

function url(env: Env, name: string, protocols: string[], fallback?: string): string | undefined {
  const raw = optional(env, name) ?? fallback
  if (raw === undefined) return undefined
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(name, `must be a URL starting with ${protocols.join(' or ')}`, raw)
  }
  if (!protocols.includes(`${parsed.protocol.replace(/:$/, '')}://`)) {
    throw new ConfigError(name, `must be a URL starting with ${protocols.join(' or ')}`, raw)
  }
  return raw
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const port = integer(env, 'PORT', 3000, 1, 65535)
  const publicUrl = (url(env, 'PUBLIC_URL', ['http://', 'https://'], `http://localhost:${port}`) as string).replace(/\/$/, '')
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres://', 'postgresql://'])
  const redisUrl = url(env, 'REDIS_URL', ['redis://', 'rediss://'], 'redis://127.0.0.1:6379') as string
  const smtpUrl = url(env, 'SMTP_URL', ['smtp://', 'smtps://'])
  const sessionSecret = optional(env, 'SESSION_SECRET')
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters long')
  }
  const vapidPublic = optional(env, 'VAPID_PUBLIC_KEY')
  const vapidPrivate = optional(env, 'VAPID_PRIVATE_KEY')
  if ((vapidPublic === undefined) !== (vapidPrivate === undefined)) {
    throw new ConfigError(
      vapidPublic === undefined ? 'VAPID_PUBLIC_KEY' : 'VAPID_PRIVATE_KEY',
      'must be set together with its pair, or neither',
    )
  }
  for (const [name, value, length] of [
    ['VAPID_PUBLIC_KEY', vapidPublic, 87],
    ['VAPID_PRIVATE_KEY', vapidPrivate, 43],
  ] as const) {
    if (value !== undefined && !new RegExp(`^[A-Za-z0-9_-]{${length}}$`).test(value)) {
      throw new ConfigError(name, `must be a URL-safe base64 key of ${length} characters`)
    }
  }
  const vapidSubject = optional(env, 'VAPID_SUBJECT') ?? 'mailto:admin@localhost'
  if (!/^(mailto:|https:\/\/)/.test(vapidSubject)) {
    throw new ConfigError('VAPID_SUBJECT', 'must start with mailto: or https://', vapidSubject)
  }
  const logLevel = optional(env, 'LOG_LEVEL') ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`, logLevel)
  }
  const redisPrefix = optional(env, 'REDIS_PREFIX') ?? 'cyswllt'
  if (!/^[a-z0-9_-]{1,40}$/i.test(redisPrefix)) {
    throw new ConfigError('REDIS_PREFIX', 'must be 1 to 40 letters, digits, _ or -', redisPrefix)
  }
  const dkimDomain = optional(env, 'DKIM_DOMAIN')
  const dkimSelector = optional(env, 'DKIM_SELECTOR')
  const dkimKey = optional(env, 'DKIM_PRIVATE_KEY')?.replaceAll('\\n', '\n')
  const dkimSet = [dkimDomain, dkimSelector, dkimKey].filter((v) => v !== undefined).length
  if (dkimSet !== 0 && dkimSet !== 3) {
    throw new ConfigError(
      [dkimDomain ? null : 'DKIM_DOMAIN', dkimSelector ? null : 'DKIM_SELECTOR', dkimKey ? null : 'DKIM_PRIVATE_KEY']
        .filter(Boolean)
        .join(', '),
      'must be set together with the other DKIM settings, or none of them',
    )
  }
  if (dkimKey !== undefined && !dkimKey.includes('PRIVATE KEY-----')) {
    throw new ConfigError('DKIM_PRIVATE_KEY', 'must be a PEM private key (-----BEGIN PRIVATE KEY----- ...)')
  }
  return {
    port,
    host: optional(env, 'HOST') ?? '0.0.0.0',
    publicUrl,
    databaseUrl,
    dataDir: resolve(cwd, optional(env, 'DATA_DIR') ?? 'data'),
    redisUrl,
    smtpUrl,
    mailFrom: optional(env, 'MAIL_FROM') ?? 'Cyswllt <no-reply@localhost>',
    sessionSecret,
    vapid: vapidPublic && vapidPrivate ? { publicKey: vapidPublic, privateKey: vapidPrivate } : undefined,
    vapidSubject,
    logLevel: logLevel as Config['logLevel'],
    redisPrefix,
    signInLimit: integer(env, 'SIGN_IN_LIMIT', 10, 1, 10000),
    dkim: dkimDomain && dkimSelector && dkimKey ? { domainName: dkimDomain, keySelector: dkimSelector, privateKey: dkimKey } : undefined,
    notificationConcurrency: integer(env, 'NOTIFICATION_CONCURRENCY', 20, 1, 500),
    jobStalledSeconds: integer(env, 'JOB_STALLED_SECONDS', 30, 1, 3600),
    messagesPerMinute: integer(env, 'MESSAGES_PER_MINUTE', 30, 1, 100_000),
    unreadNotifySeconds: integer(env, 'UNREAD_NOTIFY_SECONDS', 600, 1, 86_400),
    databaseConnectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_SECONDS', 5, 1, 300) * 1000,
    databaseQueryTimeoutMs: integer(env, 'DATABASE_QUERY_TIMEOUT_SECONDS', 60, 1, 3600) * 1000,
    retention: {
      messages: integer(env, 'RETENTION_MESSAGES_DAYS', 730, 7, 3650),
      notifications: integer(env, 'RETENTION_NOTIFICATIONS_DAYS', 400, 7, 3650),
      newsletterReach: integer(env, 'RETENTION_NEWSLETTER_REACH_DAYS', 400, 7, 3650),
      contactLog: integer(env, 'RETENTION_CONTACT_LOG_DAYS', 730, 7, 3650),
      signIn: integer(env, 'RETENTION_SIGN_IN_DAYS', 30, 1, 3650),
    },
  }
}
