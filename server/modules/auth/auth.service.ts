import { randomUUID } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Redis } from 'ioredis'
import type { LanguageChoice } from '../../../shared/i18n.ts'
import { JOBS } from '../../../shared/jobs.ts'
import type { Db, DbOrTx } from '../../db/database.ts'
import { AppError } from '../../errors.ts'
import type { Jobs } from '../../jobs/queues.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { SESSION_DAYS } from '../../plugins/auth.plugin.ts'
import { isStaff } from '../../policies/tenancy.policy.ts'
import { enforceRateLimit } from '../../rate-limit.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import { createAuthRepository } from './auth.repository.ts'
import { createSessionsRepository } from './sessions.repository.ts'
import { deriveToken, hashToken, randomToken } from './tokens.ts'

export const MAGIC_LINK_MINUTES = 15
export const INVITATION_DAYS = 14
const SETUP_HOURS = 24

export interface AuthServiceDeps {
  db: Db
  redis: Redis
  jobs: Jobs
  secret: string
  publicUrl: string
  redisPrefix: string
  signInLimit: number
  clock?: () => Date
}

export interface NewSession {
  token: string
  csrfToken: string
  userId: string
  schoolId: string | null
}

export const signInUrl = (publicUrl: string, token: string) => `${publicUrl}/signin/verify?token=${encodeURIComponent(token)}`
export const invitationUrl = (publicUrl: string, token: string) => `${publicUrl}/invitation?token=${encodeURIComponent(token)}`
export const setupUrl = (publicUrl: string, token: string) => `${publicUrl}/setup?token=${encodeURIComponent(token)}`

export function createAuthService(deps: AuthServiceDeps) {
  const now = deps.clock ?? (() => new Date())
  const repo = createAuthRepository(deps.db)

  async function limit(kind: string, key: string) {
    await enforceRateLimit(deps.redis, `${deps.redisPrefix}:rl:${kind}:${key}`, deps.signInLimit, 15 * 60)
  }

  async function startSession(db: DbOrTx, userId: string, schoolId: string | null, replacing: Actor | null): Promise<NewSession> {
    const sessions = createSessionsRepository(db)
    // A new session on every sign-in (rotation): a cookie planted before sign-in is worthless after it.
    if (replacing) await sessions.revoke(replacing.sessionId, now())
    const token = randomToken()
    const csrfToken = randomToken()
    await sessions.insert({
      userId,
      schoolId,
      tokenHash: hashToken(token),
      csrfToken,
      expiresAt: new Date(now().getTime() + SESSION_DAYS * 86400_000),
    })
    await recordAudit(db, { schoolId, actorId: userId, action: 'auth.sign_in' })
    return { token, csrfToken, userId, schoolId }
  }

  return {
    /**
     * Emails a 15-minute, single-use sign-in link to a known, active person. The answer is the
     * same whether or not the address is known, so sign-in never reveals who uses the platform.
     */
    async requestMagicLink(email: string, ip: string): Promise<void> {
      const address = email.trim().toLowerCase()
      await limit('ip', ip)
      await limit('email', address)
      const user = await repo.userByEmail(address)
      if (!user || user.disabledAt) return
      const id = randomUUID()
      await repo.insertMagicLink({
        id,
        userId: user.id,
        tokenHash: hashToken(deriveToken(deps.secret, 'magic', id)),
        expiresAt: new Date(now().getTime() + MAGIC_LINK_MINUTES * 60_000),
      })
      try {
        await deps.jobs.add(JOBS.signInEmail, { magicLinkId: id }, `sign-in-${id}`)
      } catch (err) {
        await repo.deleteMagicLink(id)
        throw new AppError('unavailable', 503, {}, undefined, err)
      }
    },

    /** Exchanges a magic-link token for a session; a used or expired token gets one clear error. */
    async consumeMagicLink(token: string, replacing: Actor | null): Promise<NewSession> {
      return deps.db.transaction(async (tx) => {
        const r = createAuthRepository(tx)
        const link = await r.consumeMagicLink(hashToken(token), now())
        if (!link) throw new AppError('auth.invalid_token', 400)
        const user = await r.userById(link.userId)
        if (!user || user.disabledAt) throw new AppError('auth.invalid_token', 400)
        return startSession(tx, user.id, await r.firstSchoolOf(user.id), replacing)
      })
    },

    /** Exchanges an invitation (emailed or printed by an admin) for a session in its school. */
    async acceptInvitation(token: string, replacing: Actor | null): Promise<NewSession> {
      return deps.db.transaction(async (tx) => {
        const r = createAuthRepository(tx)
        const invitation = await r.consumeInvitation(hashToken(token), 'member', now())
        if (!invitation?.userId) throw new AppError('auth.invalid_token', 400)
        const user = await r.userById(invitation.userId)
        if (!user || user.disabledAt) throw new AppError('auth.invalid_token', 400)
        return startSession(tx, user.id, invitation.schoolId, replacing)
      })
    },

    /** Staff may sign in with a password; the same answer for an unknown email and a wrong password. */
    async signInWithPassword(email: string, password: string, ip: string, replacing: Actor | null): Promise<NewSession> {
      const address = email.trim().toLowerCase()
      await limit('ip', ip)
      await limit('email', address)
      const user = await repo.userByEmail(address)
      const ok = user?.passwordHash && !user.disabledAt ? await verify(user.passwordHash, password) : false
      if (!user || !ok) throw new AppError('auth.bad_credentials', 401)
      return deps.db.transaction(async (tx) => startSession(tx, user.id, await createAuthRepository(tx).firstSchoolOf(user.id), replacing))
    },

    /** Sets or changes a staff member's password (argon2id). Parents sign in by link only. */
    async setPassword(actor: Actor, password: string): Promise<void> {
      const staff = [...actor.roles.values()].some((roles) => isStaff(roles))
      if (!staff) throw new AppError('forbidden', 403)
      await repo.setPassword(actor.userId, await hash(password))
      await recordAudit(deps.db, { schoolId: actor.schoolId, actorId: actor.userId, action: 'auth.password_set' })
    },

    async signOut(actor: Actor): Promise<void> {
      await createSessionsRepository(deps.db).revoke(actor.sessionId, now())
      await recordAudit(deps.db, { schoolId: actor.schoolId, actorId: actor.userId, action: 'auth.sign_out' })
    },

    /** With no school yet, makes the one-time link that creates the first school; null otherwise. */
    async createSetupLink(): Promise<string | null> {
      if ((await repo.schoolCount()) > 0) return null
      const id = randomUUID()
      const token = deriveToken(deps.secret, 'invitation', id)
      await deps.db.transaction(async (tx) => {
        const r = createAuthRepository(tx)
        await r.expireSetupInvitations(now())
        await r.insertInvitation({
          id,
          kind: 'setup',
          tokenHash: hashToken(token),
          expiresAt: new Date(now().getTime() + SETUP_HOURS * 3600_000),
        })
      })
      return setupUrl(deps.publicUrl, token)
    },

    /** Creates the first school and its admin from the one-time setup link, all or nothing. */
    async completeSetup(
      token: string,
      input: { school: { nameCy: string; nameEn: string }; admin: { name: string; email: string; language: LanguageChoice } },
    ): Promise<NewSession> {
      return deps.db.transaction(async (tx) => {
        const r = createAuthRepository(tx)
        const invitation = await r.consumeInvitation(hashToken(token), 'setup', now())
        if (!invitation) throw new AppError('auth.invalid_token', 400)
        const school = await r.insertSchool(input.school)
        const email = input.admin.email.trim().toLowerCase()
        const user = (await r.userByEmail(email)) ?? (await r.insertUser({ email, name: input.admin.name, language: input.admin.language }))
        await r.insertMembership({ schoolId: school.id, userId: user.id, role: 'admin' })
        await recordAudit(tx, { schoolId: school.id, actorId: user.id, action: 'school.created', subjectId: school.id })
        return startSession(tx, user.id, school.id, null)
      })
    },

    /**
     * Makes an invitation link for a member of the school (admins only), to print or to email.
     * Someone outside the school is not found: an admin cannot invite another school's people.
     */
    async inviteMember(actor: Actor, schoolId: string, userId: string, send: boolean): Promise<{ invitationId: string; url: string }> {
      const id = randomUUID()
      const token = deriveToken(deps.secret, 'invitation', id)
      await deps.db.transaction(async (tx) => {
        const r = createAuthRepository(tx)
        if (!(await r.isMember(schoolId, userId))) throw new AppError('not_found', 404)
        await r.insertInvitation({
          id,
          schoolId,
          kind: 'member',
          userId,
          createdBy: actor.userId,
          tokenHash: hashToken(token),
          expiresAt: new Date(now().getTime() + INVITATION_DAYS * 86400_000),
        })
        await recordAudit(tx, { schoolId, actorId: actor.userId, action: 'member.invited', subjectId: userId, data: { send } })
      })
      if (send) {
        try {
          await deps.jobs.add(JOBS.invitationEmail, { invitationId: id }, `invitation-${id}`)
        } catch (err) {
          throw new AppError('unavailable', 503, {}, undefined, err)
        }
      }
      return { invitationId: id, url: invitationUrl(deps.publicUrl, token) }
    },

    /** The link an invitation row stands for, rebuilt from its id (for the email job). */
    invitationLink(invitationId: string): string {
      return invitationUrl(deps.publicUrl, deriveToken(deps.secret, 'invitation', invitationId))
    },
  }
}
export type AuthService = ReturnType<typeof createAuthService>
