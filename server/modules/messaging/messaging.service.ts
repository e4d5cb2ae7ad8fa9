import type {
  Contact,
  Conversation,
  EditMessage,
  Message,
  MessagePage,
  MessagePageQuery,
  PostAnnouncement,
  SentMessage,
  StartConversation,
} from '../../../shared/schemas/messaging.ts'
import { AppError, notFound } from '../../errors.ts'
import { editMessage } from './edit-message.ts'
import {
  assertMayClose,
  assertMayPost,
  assertMayStartDirect,
  assertMayStartGroup,
  isSchoolWideStaff,
  mayPost,
  type Side,
  sideOf,
} from './messaging.policy.ts'
import { type ConversationRow, createContactsRepository, createMessagingRepository } from './messaging.repository.ts'
import { type ConversationAccess, loadConversation, type MessagingActor, rolesIn } from './messaging-access.ts'
import type { MessagingDeps } from './messaging-deps.ts'
import { createOfficeHoursRepository } from './office-hours.repository.ts'
import { officeHoursResume } from './office-hours.ts'
import { createMessageSender } from './send-message.ts'

export type { MessagingActor } from './messaging-access.ts'

/** Conversations and messages for HTTP routes and socket events alike. */
export function createMessagingService(deps: MessagingDeps) {
  const repo = createMessagingRepository(deps.db)
  const contactsRepo = createContactsRepository(deps.db)
  const sendMessage = createMessageSender(deps)

  async function describe(schoolId: string, rows: { conversation: ConversationRow; lastReadSeq: number; side: string }[]) {
    const ids = rows.map((r) => r.conversation.id)
    const participants = await repo.participants(ids)
    const lastMessages = new Map((await repo.lastMessages(rows.map((r) => r.conversation))).map((m) => [m.conversationId, m]))
    const staffIds = [...new Set(participants.filter((p) => p.side === 'staff').map((p) => p.userId))]
    const hours = await createOfficeHoursRepository(deps.db).effectiveFor(schoolId, staffIds)
    const classIds = [...new Set(rows.flatMap((r) => (r.conversation.classId ? [r.conversation.classId] : [])))]
    const classNames = new Map((await contactsRepo.classes(schoolId, classIds)).map((c) => [c.id, { cy: c.nameCy, en: c.nameEn }]))
    const now = deps.clock()
    return rows.map(({ conversation, lastReadSeq, side }): Conversation => {
      const members = participants.filter((p) => p.conversationId === conversation.id)
      const staff = conversation.kind === 'direct' && side === 'family' ? members.find((p) => p.side === 'staff') : undefined
      const office = staff ? hours.get(staff.userId) : undefined
      const resume = staff && office ? officeHoursResume(now, office) : null
      return {
        id: conversation.id,
        kind: conversation.kind as Conversation['kind'],
        title: conversation.title,
        classId: conversation.classId,
        className: conversation.classId ? (classNames.get(conversation.classId) ?? null) : null,
        participants: members.map((p) => ({
          userId: p.userId,
          name: p.name,
          side: p.side as Side,
          lastReadSeq: p.lastReadSeq,
          lastDeliveredSeq: p.lastDeliveredSeq,
        })),
        lastSeq: conversation.lastSeq,
        lastMessage: lastMessages.get(conversation.id) ?? null,
        unread: Math.max(0, conversation.lastSeq - lastReadSeq),
        closedAt: conversation.closedAt?.toISOString() ?? null,
        canPost: mayPost(conversation, side as Side),
        away: staff && resume ? { userId: staff.userId, name: staff.name, replyFrom: resume.toISOString() } : null,
      }
    })
  }

  async function describeOne(actor: MessagingActor, schoolId: string, conversationId: string): Promise<Conversation> {
    const access = await loadConversation(repo, actor, schoolId, conversationId)
    const [one] = await describe(schoolId, [
      { conversation: access.conversation, lastReadSeq: access.participant?.lastReadSeq ?? 0, side: access.side },
    ])
    return one as Conversation
  }

  async function participantIds(conversationId: string): Promise<string[]> {
    return (await repo.participants([conversationId])).map((p) => p.userId)
  }

  async function requireParticipant(actor: MessagingActor, schoolId: string, conversationId: string): Promise<ConversationAccess> {
    const access = await loadConversation(repo, actor, schoolId, conversationId)
    if (!access.participant) throw new AppError('messaging.not_participant', 403)
    return access
  }

  async function startDirect(actor: MessagingActor, schoolId: string, targetId: string, askerRoles: ReturnType<typeof rolesIn>) {
    if (targetId === actor.userId) throw new AppError('messaging.not_a_contact', 400)
    const targetRoles = await repo.rolesIn(schoolId, targetId)
    if (targetRoles.length === 0) throw notFound()
    const askerSide = sideOf(askerRoles)
    let linkedByClass = false
    if (askerSide === 'family' && targetRoles.includes('teacher'))
      linkedByClass = await repo.teachesLearnerOf(schoolId, targetId, actor.userId)
    if (askerSide === 'staff' && askerRoles.includes('teacher'))
      linkedByClass = await repo.teachesLearnerOf(schoolId, actor.userId, targetId)
    assertMayStartDirect({ askerRoles, targetRoles, linkedByClass })
    const directKey = [actor.userId, targetId].sort().join(':')
    const conversation = await deps.db.transaction(async (tx) => {
      const r = createMessagingRepository(tx)
      const found =
        (await r.conversationByDirectKey(schoolId, directKey)) ??
        (await r.insertConversation({ schoolId, kind: 'direct', directKey, createdBy: actor.userId })) ??
        (await r.conversationByDirectKey(schoolId, directKey))
      if (!found) throw new Error('direct conversation neither found nor created')
      await r.addParticipants(schoolId, found.id, [
        { userId: actor.userId, side: askerSide as Side },
        { userId: targetId, side: askerSide === 'family' ? 'staff' : 'family' },
      ])
      return found
    })
    return conversation.id
  }

  async function startGroup(
    actor: MessagingActor,
    schoolId: string,
    title: string,
    learnerIds: string[],
    askerRoles: ReturnType<typeof rolesIn>,
  ) {
    const guardians = await repo.guardiansOfLearners(schoolId, learnerIds)
    const found = new Set(guardians.map((g) => g.learnerId))
    if (learnerIds.some((id) => !found.has(id))) throw new AppError('messaging.unknown_family', 400)
    const taught = new Set(await repo.classIdsTaughtBy(schoolId, actor.userId))
    assertMayStartGroup(
      askerRoles,
      guardians.every((g) => g.classId !== null && taught.has(g.classId)),
    )
    return deps.db.transaction(async (tx) => {
      const r = createMessagingRepository(tx)
      const conversation = await r.insertConversation({ schoolId, kind: 'group', title, createdBy: actor.userId })
      if (!conversation) throw new Error('group conversation not created')
      await r.addParticipants(schoolId, conversation.id, [
        { userId: actor.userId, side: 'staff' },
        ...[...new Set(guardians.map((g) => g.guardianId))].map((userId) => ({ userId, side: 'family' as const })),
      ])
      return conversation.id
    })
  }

  return {
    /** The asker's conversations in the school, most recent first, with unread counts. */
    async list(actor: MessagingActor, schoolId: string): Promise<Conversation[]> {
      rolesIn(actor, schoolId)
      return describe(schoolId, await repo.conversationsOf(schoolId, actor.userId, 200))
    },

    get: describeOne,

    /**
     * Starts (or finds) a direct conversation, or starts a group with chosen families. A direct
     * conversation between two people is one conversation, however often it is started.
     */
    async start(actor: MessagingActor, schoolId: string, input: StartConversation): Promise<Conversation> {
      const askerRoles = rolesIn(actor, schoolId)
      const id =
        input.kind === 'direct'
          ? await startDirect(actor, schoolId, input.userId, askerRoles)
          : await startGroup(actor, schoolId, input.title, input.learnerIds, askerRoles)
      deps.toUsers(schoolId, await participantIds(id), 'conversation.updated', { conversationId: id })
      return describeOne(actor, schoolId, id)
    },

    /**
     * A class announcement: posted to the class's channel, which every guardian of the class
     * reads; families answer the teacher privately (a direct conversation), never each other.
     */
    async announce(actor: MessagingActor, schoolId: string, input: PostAnnouncement): Promise<SentMessage> {
      const roles = rolesIn(actor, schoolId)
      if (!(await contactsRepo.classExists(schoolId, input.classId))) throw notFound()
      const teachers = await repo.teachersOfClass(schoolId, input.classId)
      if (!teachers.includes(actor.userId) && !isSchoolWideStaff(roles)) throw new AppError('messaging.not_class_teacher', 403)
      const guardians = await repo.guardiansOfClass(schoolId, input.classId)
      const conversationId = await deps.db.transaction(async (tx) => {
        const r = createMessagingRepository(tx)
        const channel =
          (await r.conversationOfClass(schoolId, input.classId)) ??
          (await r.insertConversation({ schoolId, kind: 'announcement', classId: input.classId, createdBy: actor.userId })) ??
          (await r.conversationOfClass(schoolId, input.classId))
        if (!channel) throw new Error('announcement channel neither found nor created')
        // Families who joined the class since the last announcement join the channel now.
        await r.addParticipants(schoolId, channel.id, [
          ...[...new Set([...teachers, actor.userId])].map((userId) => ({ userId, side: 'staff' as const })),
          ...guardians.map((userId) => ({ userId, side: 'family' as const })),
        ])
        return channel.id
      })
      return sendMessage(actor, schoolId, conversationId, { clientId: input.clientId, body: input.body })
    },

    send: sendMessage,

    edit: (actor: MessagingActor, schoolId: string, conversationId: string, messageId: string, input: EditMessage): Promise<Message> =>
      editMessage(deps, actor, schoolId, conversationId, messageId, input.body),

    /** A page of history (scrolling back) or everything after a number (catching up after a reconnect). */
    async page(actor: MessagingActor, schoolId: string, conversationId: string, query: MessagePageQuery): Promise<MessagePage> {
      const access = await requireParticipant(actor, schoolId, conversationId)
      const page = await repo.page(conversationId, { after: query.after, before: query.before, limit: query.limit ?? 50 })
      return { ...page, lastSeq: access.conversation.lastSeq }
    },

    /** Moves the asker's read mark (never back) and shows it to the other participants. */
    async markRead(actor: MessagingActor, schoolId: string, conversationId: string, seq: number, delivered = false) {
      const access = await requireParticipant(actor, schoolId, conversationId)
      const upTo = Math.min(seq, access.conversation.lastSeq)
      const row = delivered
        ? await repo.markDelivered(conversationId, actor.userId, upTo)
        : await repo.markRead(conversationId, actor.userId, upTo)
      if (!row) throw notFound()
      const receipt = { conversationId, userId: actor.userId, lastReadSeq: row.lastReadSeq, lastDeliveredSeq: row.lastDeliveredSeq }
      deps.toUsers(schoolId, await participantIds(conversationId), 'conversation.receipt', receipt)
      return receipt
    },

    /** Tells the others that the asker is typing (nothing is stored). */
    async typing(actor: MessagingActor, schoolId: string, conversationId: string): Promise<void> {
      const access = await requireParticipant(actor, schoolId, conversationId)
      assertMayPost(access.conversation, access.side)
      const participants = await repo.participants([conversationId])
      const name = participants.find((p) => p.userId === actor.userId)?.name ?? ''
      const others = participants.filter((p) => p.userId !== actor.userId).map((p) => p.userId)
      deps.toUsers(schoolId, others, 'conversation.typing', { conversationId, userId: actor.userId, name })
    },

    /** Staff close a conversation: it stays readable, nobody can post to it. */
    async close(actor: MessagingActor, schoolId: string, conversationId: string): Promise<Conversation> {
      const access = await loadConversation(repo, actor, schoolId, conversationId)
      assertMayClose(access.participant ? access.side : null, access.roles)
      if (!access.participant) throw notFound()
      if (!access.conversation.closedAt) await repo.closeConversation(conversationId, actor.userId, deps.clock())
      deps.toUsers(schoolId, await participantIds(conversationId), 'conversation.updated', { conversationId })
      return describeOne(actor, schoolId, conversationId)
    },

    /** Messages matching every word, in the asker's own conversations of the school only. */
    async search(actor: MessagingActor, schoolId: string, q: string): Promise<Message[]> {
      rolesIn(actor, schoolId)
      return repo.search(schoolId, actor.userId, q, 50)
    },

    /** Classes the asker may post announcements to: their own classes (teachers), all of them (FEO, admin). */
    async announcementClasses(actor: MessagingActor, schoolId: string) {
      const roles = rolesIn(actor, schoolId)
      if (sideOf(roles) !== 'staff') return []
      return contactsRepo.classes(schoolId, isSchoolWideStaff(roles) ? 'all' : await repo.classIdsTaughtBy(schoolId, actor.userId))
    },

    /** Who the asker may start a direct conversation with (the same rule as starting one). */
    async contacts(actor: MessagingActor, schoolId: string): Promise<Contact[]> {
      const roles = rolesIn(actor, schoolId)
      const byUser = new Map<string, Contact>()
      const add = (userId: string, name: string, side: Contact['side'], role?: string, learner?: { id: string; name: string }) => {
        if (userId === actor.userId) return
        const contact = byUser.get(userId) ?? { userId, name, side, roles: [], learners: [], learnerIds: [] }
        if (role && !contact.roles.includes(role)) contact.roles.push(role)
        if (learner && !contact.learnerIds.includes(learner.id)) {
          contact.learners.push(learner.name)
          contact.learnerIds.push(learner.id)
        }
        byUser.set(userId, contact)
      }
      if (sideOf(roles) === 'family') {
        for (const s of await contactsRepo.teachersOfGuardian(schoolId, actor.userId)) add(s.userId, s.name, 'staff', 'teacher')
        for (const s of await contactsRepo.schoolWideStaff(schoolId)) add(s.userId, s.name, 'staff', s.role)
      } else {
        const scope = isSchoolWideStaff(roles) ? 'all' : await repo.classIdsTaughtBy(schoolId, actor.userId)
        for (const g of await contactsRepo.guardians(schoolId, scope))
          add(g.userId, g.name, 'family', undefined, { id: g.learnerId, name: g.learner })
      }
      return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name))
    },
  }
}
export type MessagingService = ReturnType<typeof createMessagingService>
