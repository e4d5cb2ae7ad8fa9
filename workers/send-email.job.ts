import type { i18n } from 'i18next'
import type { Db } from '../server/db/database.ts'
import { renderEmail } from '../server/email/render-email.ts'
import { createAuthRepository } from '../server/modules/auth/auth.repository.ts'
import { INVITATION_DAYS, invitationUrl, MAGIC_LINK_MINUTES, signInUrl } from '../server/modules/auth/auth.service.ts'
import { deriveToken } from '../server/modules/auth/tokens.ts'
import { createSchoolsRepository } from '../server/modules/schools/schools.repository.ts'
import type { LanguageChoice } from '../shared/i18n.ts'
import type { InvitationEmailJob, SignInEmailJob } from '../shared/jobs.ts'
import type { Mailer } from './mailer.ts'

export interface EmailJobDeps {
  db: Db
  i18n: i18n
  mailer: Mailer
  secret: string
  publicUrl: string
  now?: () => Date
}

export type JobOutcome = 'success' | 'skipped'

/** Sends a sign-in link; a link already used or expired is skipped (a retried job sends nothing stale). */
export async function sendSignInEmail(deps: EmailJobDeps, data: SignInEmailJob): Promise<JobOutcome> {
  const repo = createAuthRepository(deps.db)
  const link = await repo.magicLinkById(data.magicLinkId)
  const now = deps.now?.() ?? new Date()
  if (!link || link.usedAt || link.expiresAt <= now) return 'skipped'
  const user = await repo.userById(link.userId)
  if (!user?.email || user.disabledAt) return 'skipped'
  const url = signInUrl(deps.publicUrl, deriveToken(deps.secret, 'magic', link.id))
  const content = renderEmail(deps.i18n, user.language as LanguageChoice, {
    prefix: 'email.sign_in',
    after: ['email.sign_in.ignore', 'email.sign_in.welsh_welcome'],
    vars: { name: user.name, minutes: MAGIC_LINK_MINUTES },
    url,
  })
  await deps.mailer.send(user.email, content)
  return 'success'
}

/** Sends an invitation link made by an admin. */
export async function sendInvitationEmail(deps: EmailJobDeps, data: InvitationEmailJob): Promise<JobOutcome> {
  const repo = createAuthRepository(deps.db)
  const invitation = await repo.invitationById(data.invitationId)
  const now = deps.now?.() ?? new Date()
  if (!invitation?.userId || !invitation.schoolId || invitation.usedAt || invitation.expiresAt <= now) return 'skipped'
  const user = await repo.userById(invitation.userId)
  const school = await createSchoolsRepository(deps.db).school(invitation.schoolId)
  if (!user?.email || !school) return 'skipped'
  const language = user.language as LanguageChoice
  const url = invitationUrl(deps.publicUrl, deriveToken(deps.secret, 'invitation', invitation.id))
  const content = renderEmail(deps.i18n, language, {
    prefix: 'email.invitation',
    after: ['email.sign_in.welsh_welcome'],
    vars: (lng) => ({ name: user.name, school: lng === 'cy' ? school.nameCy : school.nameEn, days: INVITATION_DAYS }),
    url,
  })
  await deps.mailer.send(user.email, content)
  return 'success'
}
