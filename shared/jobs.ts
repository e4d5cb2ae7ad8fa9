/**
 * Queue and job names and payloads. Names are part of the stored state in Redis: never rename one.
 * Payloads carry ids only; a job re-reads its rows, so a retried job is harmless.
 */
import { type Static, Type } from 'typebox'

export const QUEUES = { email: 'email', families: 'families' } as const
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

export const JOBS = {
  signInEmail: 'email.sign_in',
  invitationEmail: 'email.invitation',
  importFamilies: 'families.import',
} as const

export const SignInEmailJob = Type.Object({ magicLinkId: Type.String({ format: 'uuid' }) })
export type SignInEmailJob = Static<typeof SignInEmailJob>
export const InvitationEmailJob = Type.Object({ invitationId: Type.String({ format: 'uuid' }) })
export type InvitationEmailJob = Static<typeof InvitationEmailJob>
export const ImportFamiliesJob = Type.Object({ importId: Type.String({ format: 'uuid' }) })
export type ImportFamiliesJob = Static<typeof ImportFamiliesJob>

/** Which queue each job name goes to. */
export const JOB_QUEUE = {
  [JOBS.signInEmail]: QUEUES.email,
  [JOBS.invitationEmail]: QUEUES.email,
  [JOBS.importFamilies]: QUEUES.families,
} as const satisfies Record<(typeof JOBS)[keyof typeof JOBS], QueueName>

export interface JobPayloads {
  [JOBS.signInEmail]: SignInEmailJob
  [JOBS.invitationEmail]: InvitationEmailJob
  [JOBS.importFamilies]: ImportFamiliesJob
}
export type JobName = keyof JobPayloads
