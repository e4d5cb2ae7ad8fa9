import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import webpush from 'web-push'
import type { Config } from './config.ts'
import type { Db } from './db/database.ts'
import { instanceSettings } from './db/schema.ts'

export interface InstanceSecrets {
  sessionSecret: string
  vapid: { publicKey: string; privateKey: string }
}

/** Reads a setting, creating it with `make()` when absent; the first process to write wins. */
async function ensureSetting(db: Db, key: string, make: () => string): Promise<string> {
  await db.insert(instanceSettings).values({ key, value: make() }).onConflictDoNothing()
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, key))
  if (!row) throw new Error(`instance setting ${key} could not be stored`)
  return row.value
}

/**
 * Secrets configured in the environment win; otherwise they are generated at first start and
 * kept in the database, so every server and worker process of one installation shares them.
 */
export async function ensureInstanceSecrets(db: Db, config: Config): Promise<InstanceSecrets> {
  const sessionSecret = config.sessionSecret ?? (await ensureSetting(db, 'session_secret', () => randomBytes(32).toString('base64url')))
  if (config.vapid) return { sessionSecret, vapid: config.vapid }
  const generated = webpush.generateVAPIDKeys()
  const publicKey = await ensureSetting(db, 'vapid_public_key', () => generated.publicKey)
  const privateKey = await ensureSetting(db, 'vapid_private_key', () => generated.privateKey)
  return { sessionSecret, vapid: { publicKey, privateKey } }
}
