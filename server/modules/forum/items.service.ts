import { sql } from 'drizzle-orm'
import { rooms } from '../../../shared/realtime.ts'
import type {
  AgendaItem,
  AgendaItemSummary,
  ChangeItemStatus,
  ItemComment,
  ItemStatus,
  ItemText,
  PostComment,
  ProposeItem,
} from '../../../shared/schemas/forum.ts'
import type { Db, DbOrTx } from '../../db/database.ts'
import { AppError, forbidden, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertMay, type ForumAccess, mayComment, mayFacilitate, mayPropose, maySeeAuthor, maySupport } from './forum.policy.ts'
import { type ForumDeps, itemPath, itemTitles, notifyForum } from './forum-events.ts'
import { loadForum } from './forums.service.ts'
import { mayMove, NEXT_STATUSES, OPEN_STATUSES } from './item-flow.ts'
import { notifyItemStatus } from './item-moves.ts'
import { createItemsRepository, type ItemRow } from './items.repository.ts'

const blank = (s: string | undefined | null) => !s || s.trim() === ''

/** What one asker sees of an item: never an anonymous author they may not know. */
export function itemSummary(item: ItemRow, access: ForumAccess): AgendaItemSummary {
  return {
    id: item.id,
    forumId: item.forumId,
    titleCy: item.titleCy,
    titleEn: item.titleEn,
    originalLanguage: item.originalLanguage as 'cy' | 'en',
    status: item.status as ItemStatus,
    anonymous: item.anonymous,
    authorName: maySeeAuthor(access, item) ? item.authorName : null,
    mine: item.authorId === access.userId,
    supports: item.supports,
    supportedByMe: item.supportedByMe,
    carriedOver: item.carriedOver,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  }
}

/** Agenda items: propose, translate, support, move through the flow, pass on, discuss. */
export function createItemsService(deps: ForumDeps & { db: Db }) {
  const repo = createItemsRepository(deps.db)

  async function view(item: ItemRow, access: ForumAccess): Promise<AgendaItem> {
    const showAuthor = maySeeAuthor(access, item)
    const history = await repo.history(item.id)
    return {
      ...itemSummary(item, access),
      descriptionCy: item.descriptionCy,
      descriptionEn: item.descriptionEn,
      declineReasonCy: item.declineReasonCy,
      declineReasonEn: item.declineReasonEn,
      referredAt: item.referredAt?.toISOString() ?? null,
      history: history.map((e) => ({
        kind: e.kind as AgendaItem['history'][number]['kind'],
        fromStatus: (e.fromStatus as ItemStatus | null) ?? null,
        toStatus: (e.toStatus as ItemStatus | null) ?? null,
        actorName: e.actorId === item.authorId && !showAuthor ? null : e.actorName,
        language: (e.language as 'cy' | 'en' | null) ?? null,
        at: e.at.toISOString(),
      })),
    }
  }

  /** The forum (read access checked) and the item in it; 404 when the item is not this forum's. */
  async function load(actor: Actor | null, schoolId: string, forumId: string, itemId: string, db: DbOrTx = deps.db, lock = false) {
    const loaded = await loadForum(db, actor, schoolId, forumId)
    const item = await createItemsRepository(db).find(forumId, itemId, loaded.access.userId, lock)
    if (!item) throw notFound()
    return { ...loaded, item }
  }

  const afterChange = (forumId: string, itemId: string) => {
    deps.kick()
    deps.emit(rooms.forumItem(itemId), 'forum.item.updated', { forumId, itemId })
  }

  async function reload(forumId: string, itemId: string, access: ForumAccess) {
    return view((await repo.find(forumId, itemId, access.userId)) as ItemRow, access)
  }

  return {
    load,

    async list(actor: Actor | null, schoolId: string, forumId: string): Promise<AgendaItemSummary[]> {
      const { access } = await loadForum(deps.db, actor, schoolId, forumId)
      return (await repo.list(forumId, access.userId)).map((item) => itemSummary(item, access))
    },

    async get(actor: Actor | null, schoolId: string, forumId: string, itemId: string): Promise<AgendaItem> {
      const { item, access } = await load(actor, schoolId, forumId, itemId)
      return view(item, access)
    },

    /**
     * A member raises an item in the language they write in. A member may have at most the
     * forum's open-item limit of items proposed or accepted at once (checked under a lock per
     * member, so two proposals at the same moment cannot both pass it).
     */
    async propose(actor: Actor | null, schoolId: string, forumId: string, proposal: ProposeItem): Promise<AgendaItem> {
      const { forum, access } = await loadForum(deps.db, actor, schoolId, forumId)
      assertMay(mayPropose(access))
      if (blank(proposal.title)) throw new AppError('forum.title_required', 400, {}, [{ field: 'title', reason: 'required' }])
      const id = await deps.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`forum-propose:${forumId}:${access.userId}`}))`)
        const items = createItemsRepository(tx)
        const open = await items.countOpenBy(forumId, access.userId, OPEN_STATUSES)
        if (open >= forum.openItemLimit) throw new AppError('forum.too_many_open_items', 409, { count: forum.openItemLimit })
        const suffix = proposal.language === 'cy' ? 'Cy' : 'En'
        const itemId = await items.insert({
          schoolId,
          forumId,
          authorId: access.userId,
          anonymous: proposal.anonymous,
          originalLanguage: proposal.language,
          [`title${suffix}`]: proposal.title.trim(),
          [`description${suffix}`]: proposal.description.trim(),
        })
        await items.recordEvents([
          { schoolId, itemId, actorId: access.userId, kind: 'proposed', toStatus: 'proposed', language: proposal.language },
        ])
        return itemId
      })
      deps.kick()
      return reload(forumId, id, access)
    },

    /**
     * Writes one language of an item: its original only by the author while it is proposed; the
     * other language by the author or a facilitator, until the item is withdrawn.
     */
    async setText(actor: Actor | null, schoolId: string, forumId: string, itemId: string, text: ItemText): Promise<AgendaItem> {
      const { item, access } = await load(actor, schoolId, forumId, itemId)
      const isAuthor = item.authorId === access.userId
      if (text.language === item.originalLanguage) {
        if (!isAuthor) throw forbidden()
        if (item.status !== 'proposed') throw new AppError('forum.original_locked', 409)
      } else if (!isAuthor && !mayFacilitate(access)) throw forbidden()
      if (item.status === 'withdrawn') throw new AppError('forum.item_closed', 409)
      if (blank(text.title)) throw new AppError('forum.title_required', 400, {}, [{ field: 'title', reason: 'required' }])
      const suffix = text.language === 'cy' ? 'Cy' : 'En'
      await deps.db.transaction(async (tx) => {
        const items = createItemsRepository(tx)
        await items.update(itemId, { [`title${suffix}`]: text.title.trim(), [`description${suffix}`]: text.description.trim() })
        await items.recordEvents([{ schoolId, itemId, actorId: access.userId, kind: 'text', language: text.language }])
      })
      afterChange(forumId, itemId)
      return reload(forumId, itemId, access)
    },

    /** One support per member per item, while the item is open; not for its own author. */
    async support(actor: Actor | null, schoolId: string, forumId: string, itemId: string, on: boolean): Promise<AgendaItem> {
      const { item, access } = await load(actor, schoolId, forumId, itemId)
      assertMay(maySupport(access))
      if (!['proposed', 'accepted', 'scheduled'].includes(item.status)) throw new AppError('forum.item_closed', 409)
      if (on) {
        if (item.authorId === access.userId) throw new AppError('forum.support_own_item', 409)
        if (!(await repo.addSupport(schoolId, itemId, access.userId))) throw new AppError('forum.already_supported', 409)
      } else if (!(await repo.removeSupport(itemId, access.userId))) throw new AppError('forum.not_supported', 409)
      afterChange(forumId, itemId)
      return reload(forumId, itemId, access)
    },

    /**
     * Moves an item along the flow: the author withdraws their own (while proposed or accepted);
     * facilitators accept, decline (reason in both languages), mark discussed or actioned.
     * Scheduling is done by agendas. Notifies the author and supporters in their language.
     */
    async changeStatus(actor: Actor | null, schoolId: string, forumId: string, itemId: string, change: ChangeItemStatus) {
      const { access } = await loadForum(deps.db, actor, schoolId, forumId)
      await deps.db.transaction(async (tx) => {
        const { item } = await load(actor, schoolId, forumId, itemId, tx, true)
        const from = item.status as ItemStatus
        if (change.status === 'withdrawn') {
          if (item.authorId !== access.userId) throw forbidden()
        } else assertMay(mayFacilitate(access))
        const viaAgendaOnly = from === 'scheduled' && change.status === 'accepted'
        if (!mayMove(from, change.status) || viaAgendaOnly) {
          const allowed = NEXT_STATUSES[from].filter((s) => s !== 'scheduled' && !(from === 'scheduled' && s === 'accepted'))
          throw new AppError('forum.status_not_allowed', 409, { from, to: change.status, allowed: allowed.join(', ') || '-' })
        }
        if (change.status === 'declined' && (blank(change.reasonCy) || blank(change.reasonEn))) {
          const missing = (['reasonCy', 'reasonEn'] as const).filter((f) => blank(change[f]))
          throw new AppError(
            'forum.reason_required',
            400,
            {},
            missing.map((field) => ({ field, reason: 'required' })),
          )
        }
        const items = createItemsRepository(tx)
        await items.update(itemId, {
          status: change.status,
          carriedOver: false,
          ...(change.status === 'declined' ? { declineReasonCy: change.reasonCy?.trim(), declineReasonEn: change.reasonEn?.trim() } : {}),
        })
        await items.recordEvents([{ schoolId, itemId, actorId: access.userId, kind: 'status', fromStatus: from, toStatus: change.status }])
        await notifyItemStatus(
          tx,
          { ...item, declineReasonCy: change.reasonCy ?? null, declineReasonEn: change.reasonEn ?? null },
          change.status,
          access.userId,
          deps.clock(),
        )
      })
      afterChange(forumId, itemId)
      return reload(forumId, itemId, access)
    },

    /** A facilitator passes an item (an anonymous concern, say) to the school's designated safeguarding leads. */
    async refer(actor: Actor | null, schoolId: string, forumId: string, itemId: string, leads: () => Promise<string[]>) {
      const { item, access } = await load(actor, schoolId, forumId, itemId)
      assertMay(mayFacilitate(access))
      const dsl = await leads()
      if (dsl.length === 0) throw new AppError('forum.no_safeguarding_lead', 409)
      await deps.db.transaction(async (tx) => {
        const items = createItemsRepository(tx)
        await items.update(itemId, { referredAt: item.referredAt ?? deps.clock() })
        await items.recordEvents([{ schoolId, itemId, actorId: access.userId, kind: 'referred' }])
        await notifyForum(tx, {
          schoolId,
          userIds: dsl,
          kind: 'forum_item_referred',
          params: itemTitles(item),
          path: itemPath(forumId, itemId),
          key: `forum-referred-${itemId}-${Date.now()}`,
          category: 'safeguarding',
        })
      })
      afterChange(forumId, itemId)
      return reload(forumId, itemId, access)
    },

    async comments(actor: Actor | null, schoolId: string, forumId: string, itemId: string): Promise<ItemComment[]> {
      const { access, item } = await load(actor, schoolId, forumId, itemId)
      return (await repo.comments(itemId)).map((r) => commentView(r, item, access))
    },

    /** Stores a comment (a resend with the same client id returns the stored one) and tells the item's room. */
    async postComment(actor: Actor | null, schoolId: string, forumId: string, itemId: string, post: PostComment): Promise<ItemComment> {
      const { access, item } = await load(actor, schoolId, forumId, itemId)
      assertMay(mayComment(access))
      if (blank(post.body)) throw new AppError('forum.comment_empty', 400, {}, [{ field: 'body', reason: 'required' }])
      const row = await repo.insertComment({ schoolId, itemId, authorId: access.userId, clientId: post.clientId, body: post.body.trim() })
      if (!row || row.comment.itemId !== itemId) throw new AppError('forum.client_id_reused', 409)
      // Everyone in the item's room gets the same event: as a member who may not know an anonymous author sees it.
      const asAnyMember: ForumAccess = { userId: '', schoolRoles: ['parent'], forumRole: 'member' }
      deps.emit(rooms.forumItem(itemId), 'forum.comment.created', { forumId, comment: commentView(row, item, asAnyMember) })
      return commentView(row, item, access)
    },
  }
}

/** A comment as one asker sees it: an anonymous item's author stays "a family" in its thread too. */
function commentView(
  row: {
    comment: { id: string; itemId: string; clientId: string; authorId: string | null; body: string; createdAt: Date }
    authorName: string | null
  },
  item: { anonymous: boolean; authorId: string | null; referredAt: Date | null },
  access: ForumAccess,
): ItemComment {
  const byHiddenAuthor = item.anonymous && row.comment.authorId === item.authorId && !maySeeAuthor(access, item)
  return {
    id: row.comment.id,
    itemId: row.comment.itemId,
    clientId: row.comment.clientId,
    authorName: byHiddenAuthor ? null : (row.authorName ?? ''),
    mine: row.comment.authorId === access.userId,
    body: row.comment.body,
    createdAt: row.comment.createdAt.toISOString(),
  }
}
export type ItemsService = ReturnType<typeof createItemsService>
