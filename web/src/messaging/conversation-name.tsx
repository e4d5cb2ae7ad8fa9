import type { Conversation } from '../../../shared/schemas/messaging.ts'
import { T } from '../i18n.tsx'
import { conversationName } from './thread-messages.ts'

/**
 * A conversation's name: the group's title, the other people's names, or the class's channel,
 * named by the class in the person's language (Welsh first when both).
 */
export function ConversationName({ conversation, me }: { conversation: Conversation; me: string }) {
  const name = conversationName(conversation, me)
  if (name) return <>{name}</>
  const className = conversation.className
  if (!className) return <T k="web.messaging.announcement_title" />
  return <T k="web.messaging.announcement_class" values={(lng) => ({ name: className[lng] })} />
}
