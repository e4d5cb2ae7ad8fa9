import type { ItemStatus } from '../../../shared/schemas/forum.ts'

/**
 * The item status flow. `scheduled` is reached only by putting an accepted item on an agenda,
 * and leaves it back to `accepted` (carried over) when the meeting did not reach it or it is
 * taken off the agenda; approved minutes move a reached item to `discussed`.
 */
export const NEXT_STATUSES: Record<ItemStatus, readonly ItemStatus[]> = {
  proposed: ['accepted', 'declined', 'withdrawn'],
  accepted: ['scheduled', 'declined', 'withdrawn'],
  scheduled: ['discussed', 'accepted'],
  discussed: ['actioned', 'declined'],
  actioned: [],
  declined: [],
  withdrawn: [],
}

export const mayMove = (from: ItemStatus, to: ItemStatus) => NEXT_STATUSES[from].includes(to)

/** Items still in play: they count against a member's open-item limit. */
export const OPEN_STATUSES: readonly ItemStatus[] = ['proposed', 'accepted']

/** Items the whole school sees on "you said, we did": taken up by the forum, whatever came of it. */
export const RECORD_STATUSES: readonly ItemStatus[] = ['accepted', 'scheduled', 'discussed', 'actioned', 'declined']
