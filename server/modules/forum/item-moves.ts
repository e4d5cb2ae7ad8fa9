import type { ItemStatus } from '../../../shared/schemas/forum.ts'
import type { DbOrTx } from '../../db/database.ts'
import { itemPath, itemTitles, notifyForum } from './forum-events.ts'
import { createItemsRepository, type ItemRow } from './items.repository.ts'

type NotifiedItem = Pick<
  ItemRow,
  'id' | 'schoolId' | 'forumId' | 'authorId' | 'originalLanguage' | 'titleCy' | 'titleEn' | 'declineReasonCy' | 'declineReasonEn'
>

/**
 * Tells an item's author and supporters (not the person who made the change) that it moved on,
 * each in their own language, in the caller's transaction.
 */
export async function notifyItemStatus(tx: DbOrTx, item: NotifiedItem, to: ItemStatus | 'carried_over', actorId: string, now: Date) {
  const supporters = (await createItemsRepository(tx).supporterIds([item.id])).get(item.id) ?? []
  const people = [...new Set([...(item.authorId ? [item.authorId] : []), ...supporters])].filter((id) => id !== actorId)
  await notifyForum(tx, {
    schoolId: item.schoolId,
    userIds: people,
    kind: `forum_item_${to}`,
    params: { ...itemTitles(item), reasonCy: item.declineReasonCy ?? '', reasonEn: item.declineReasonEn ?? '' },
    path: itemPath(item.forumId, item.id),
    key: `forum-item-${item.id}-${to}-${now.getTime()}`,
  })
}

/**
 * Moves items together by an agenda or by approved minutes, in the caller's transaction: their
 * status, a history row each, and a notification to each item's author and supporters (as
 * `tell`: `carried_over` for items a meeting did not reach).
 */
export async function moveItems(
  tx: DbOrTx,
  items: NotifiedItem[],
  move: { from: ItemStatus; to: ItemStatus; carriedOver: boolean; tell: ItemStatus | 'carried_over'; actorId: string; now: Date },
) {
  if (items.length === 0) return
  const repo = createItemsRepository(tx)
  const ids = items.map((i) => i.id)
  await repo.setStatuses(ids, move.to, move.carriedOver)
  await repo.recordEvents(
    items.map((i) => ({
      schoolId: i.schoolId,
      itemId: i.id,
      actorId: move.actorId,
      kind: 'status',
      fromStatus: move.from,
      toStatus: move.to,
    })),
  )
  for (const item of items) await notifyItemStatus(tx, item, move.tell, move.actorId, move.now)
}
