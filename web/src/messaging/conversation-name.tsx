import type { Conversation } from '../../../shared/schemas/messaging.ts'
import type { ClassGroup } from '../../../shared/schemas/people.ts'
import { T } from '../i18n.tsx'
import { conversationName } from './thread-messages.ts'

/** A conversation's name: the group's title, the other people's names, or the class's channel. */
export function ConversationName({ conversation, me, classes }: { conversation: Conversation; me: string; classes: ClassGroup[] }) {
  const name = conversationName(conversation, me)
  if (name) return <>{name}</>
  const group = classes.find((c) => c.id === conversation.classId)
  if (!group) return <T k="web.messaging.announcement_title" />
  return <T k="web.messaging.announcement_class" values={(lng) => ({ name: lng === 'cy' ? group.nameCy : group.nameEn })} />
}
