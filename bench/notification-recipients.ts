/**
 * Recipients for the notification bench, written straight to the database in bulk, and the
 * messages the raw baselines send them: rendered by the same functions the pipeline uses, so
 * both modes put the same bytes on the wire.
 */
import { createECDH, randomBytes, randomUUID } from 'node:crypto'
import type { i18n } from 'i18next'
import type { Db } from '../server/db/database.ts'
import { memberships, notificationPreferences, pushSubscriptions, users } from '../server/db/schema.ts'
import { pushOptions } from '../server/modules/notifications/deliver-notification.ts'
import type { NotificationRow } from '../server/modules/notifications/notifications.repository.ts'
import { links, messageId, unsubscribeHeaders, unsubscribeToken } from '../server/modules/notifications/pipeline.ts'
import { defaultChannels, defaultPreferences, preferencesToRow } from '../server/modules/notifications/preferences.ts'
import { notificationEmail, pushPayload } from '../server/modules/notifications/render-notification.ts'
import type { LanguageChoice } from '../shared/i18n.ts'

/** A broadcast: non-essential, so it carries one-click unsubscribe like most mail a school sends. */
export const CATEGORY = 'newsletters' as const
export const KIND = 'test'
export const PATH = '/notifications'

export interface Recipient {
  id: string
  name: string
  email: string
  language: LanguageChoice
  device?: { endpoint: string; p256dh: string; auth: string }
}

const LANGUAGES: LanguageChoice[] = ['cy', 'en', 'both']
const CHUNK = 1000

/** Writes rows in multi-row INSERTs of CHUNK rows, one after another. */
async function inChunks<T>(rows: T[], write: (chunk: T[]) => PromiseLike<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK))
}

/** A browser-like subscription: a P-256 public key and a 16-byte auth secret, base64url. */
function device(endpoint: string) {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  return { endpoint, p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }
}

/**
 * `count` parents of the school, languages cy, en and both in turn, all with an email address
 * (`emailPrefix`-n@bench.test). With `pushEndpoint`, each also gets one push device and a
 * preference turning email off for the bench's category, so only push goes out for them.
 */
export async function makeRecipients(
  db: Db,
  options: { schoolId: string; count: number; emailPrefix: string; pushEndpoint?: (id: string) => string },
): Promise<Recipient[]> {
  const people = Array.from({ length: options.count }, (_, i) => ({
    name: `Bench ${i}`,
    email: `${options.emailPrefix}-${i}@bench.test`,
    language: LANGUAGES[i % LANGUAGES.length] as LanguageChoice,
  }))
  const recipients: Recipient[] = []
  await inChunks(people, async (chunk) => {
    const ids = await db.insert(users).values(chunk).returning({ id: users.id, email: users.email })
    const idOf = new Map(ids.map((u) => [u.email, u.id]))
    recipients.push(...chunk.map((person) => ({ ...person, id: idOf.get(person.email) as string })))
  })
  await inChunks(recipients, (chunk) =>
    db.insert(memberships).values(chunk.map((r) => ({ schoolId: options.schoolId, userId: r.id, role: 'parent' }))),
  )
  const { pushEndpoint } = options
  if (pushEndpoint) {
    for (const r of recipients) r.device = device(pushEndpoint(randomUUID()))
    const pushOnly = { ...defaultPreferences(true), channels: { ...defaultChannels(), [CATEGORY]: { email: false, push: true } } }
    await inChunks(recipients, (chunk) => db.insert(notificationPreferences).values(chunk.map((r) => preferencesToRow(r.id, pushOnly))))
    await inChunks(recipients, (chunk) =>
      db.insert(pushSubscriptions).values(chunk.map((r) => ({ userId: r.id, ...(r.device as NonNullable<Recipient['device']>) }))),
    )
  }
  return recipients
}

/** What the pipeline's notification row would hold, for rendering outside it. */
function notificationLike(schoolId: string, userId: string): NotificationRow {
  return {
    id: randomUUID(),
    schoolId,
    userId,
    category: CATEGORY,
    kind: KIND,
    params: {},
    path: PATH,
    dedupeKey: null,
    language: null,
    onlyChannel: null,
    calendar: null,
    readAt: null,
    createdAt: new Date(),
  }
}

interface RenderContext {
  i18n: i18n
  school: { id: string; nameCy: string; nameEn: string }
  publicUrl: string
  secret: string
  from: string
}

/** The email the pipeline sends this person, ready for nodemailer's sendMail. */
export function baselineEmail(ctx: RenderContext, r: Recipient) {
  const n = notificationLike(ctx.school.id, r.id)
  const unsubscribe = links.unsubscribe(ctx.publicUrl, unsubscribeToken(ctx.secret, r.id, CATEGORY))
  const content = notificationEmail(ctx.i18n, n, { name: r.name, language: r.language }, ctx.school, {
    open: links.open(ctx.publicUrl, PATH),
    preferences: links.preferences(ctx.publicUrl),
    unsubscribe,
  })
  return { from: ctx.from, to: r.email, ...content, messageId: messageId(ctx.publicUrl, n.id), headers: unsubscribeHeaders(unsubscribe) }
}

/** The push payload and options the pipeline sends this person's device. */
export function baselinePush(ctx: RenderContext, r: Recipient) {
  const n = notificationLike(ctx.school.id, r.id)
  const payload = JSON.stringify(pushPayload(ctx.i18n, n, r.language, links.open(ctx.publicUrl, PATH)))
  return { payload, options: pushOptions(CATEGORY, n.id.replaceAll('-', '').slice(0, 32)) }
}
