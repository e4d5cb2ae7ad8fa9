import type { Role } from '../../../shared/schemas/people.ts'
import { notFound } from '../../errors.ts'
import { isSafeguardingLead, type Side, sideOf } from './messaging.policy.ts'
import type { ConversationRow, MessagingRepository, ParticipantRow } from './messaging.repository.ts'

/** Who is asking, as messaging needs it: HTTP requests and sockets both give this much. */
export interface MessagingActor {
  userId: string
  /** Roles per school id. */
  roles: Map<string, Role[]>
}

export interface ConversationAccess {
  conversation: ConversationRow
  /** Null only for the safeguarding lead reading a conversation they are not in. */
  participant: ParticipantRow | null
  roles: Role[]
  side: Side
}

/** The asker's roles in the school; someone with none gets 404, as for every school route. */
export function rolesIn(actor: MessagingActor, schoolId: string): Role[] {
  const roles = actor.roles.get(schoolId) ?? []
  if (roles.length === 0) throw notFound()
  return roles
}

/**
 * Loads a conversation for a participant. Anyone else gets 404 (not 403), so ids of other
 * people's conversations are not even confirmed to exist. With `asLead`, the school's designated
 * safeguarding lead may read any conversation of the school (the caller audits that read).
 */
export async function loadConversation(
  repo: MessagingRepository,
  actor: MessagingActor,
  schoolId: string,
  conversationId: string,
  options: { asLead?: boolean } = {},
): Promise<ConversationAccess> {
  // Someone with no role in the school is refused before any query.
  rolesIn(actor, schoolId)
  return accessTo(actor, schoolId, await repo.conversationFor(schoolId, conversationId, actor.userId), options)
}

/**
 * The rule of loadConversation on rows already read (a batch of sends reads them for many
 * askers at once): `found` is the conversation, if it is of this school, and the asker's
 * participation in it.
 */
export function accessTo<P extends { side: string }>(
  actor: MessagingActor,
  schoolId: string,
  found: { conversation: ConversationRow; participant: P | null } | null,
  options: { asLead?: boolean } = {},
): { conversation: ConversationRow; participant: P | null; roles: Role[]; side: Side } {
  const roles = rolesIn(actor, schoolId)
  const side = sideOf(roles)
  if (!side || !found) throw notFound()
  const { conversation, participant } = found
  if (!participant && !(options.asLead && isSafeguardingLead(roles))) throw notFound()
  return { conversation, participant, roles, side: (participant?.side as Side | undefined) ?? side }
}
