import type { LanguageChoice, Locale } from '../../../shared/i18n.ts'
import type { AgendaItem, ChangeItemStatus, ForumRole, ItemStatus } from '../../../shared/schemas/forum.ts'
import type { Role } from '../../../shared/schemas/people.ts'
import { localesOf } from '../i18n.tsx'

/** Who may create forums (the server checks again): the school's admins and FEOs. */
export const mayCreateForum = (roles: readonly Role[]) => roles.some((role) => role === 'admin' || role === 'feo')

/** Families' roles in a forum: they propose, support and come to meetings. */
export const isFamilyMember = (role: ForumRole | null) => role === 'member' || role === 'chair'

export const FORUM_ROLES: readonly ForumRole[] = ['member', 'chair', 'facilitator']

/** Year -1 is the nursery class and 0 reception, as Welsh schools number them; 1 to 13 after. */
export const YEARS: readonly number[] = Array.from({ length: 15 }, (_, i) => i - 1)

export function yearKey(year: number): [string, Record<string, number>] {
  if (year === -1) return ['web.forum.members.nursery', {}]
  if (year === 0) return ['web.forum.members.reception', {}]
  return ['web.forum.members.year', { year }]
}

/** Text a person wrote in one language, the other maybe not added yet: each language falls back to the other. */
export function textIn(lng: Locale, cy: string, en: string): string {
  return lng === 'cy' ? cy || en : en || cy
}

/** The same as plain text for the chosen language(s), Welsh first: for attributes and short labels. */
export function plainText(choice: LanguageChoice, cy: string, en: string): string {
  return [...new Set(localesOf(choice).map((lng) => textIn(lng, cy, en)))].join(' / ')
}

type Change = ChangeItemStatus['status']

/**
 * The status changes a facilitator is offered for an item in this status (item-flow.ts on the
 * server decides; a change it refuses comes back as a 409 with the allowed steps). `scheduled`
 * is never offered: it comes from putting the item on an agenda.
 */
export function facilitatorChanges(status: ItemStatus): Change[] {
  switch (status) {
    case 'proposed':
      return ['accepted', 'declined']
    case 'accepted':
      return ['declined']
    case 'scheduled':
      return ['discussed']
    case 'discussed':
      return ['actioned', 'declined']
    default:
      return []
  }
}

/** The author may withdraw an item until it is on an agenda. */
export const mayWithdraw = (item: AgendaItem) => item.mine && (item.status === 'proposed' || item.status === 'accepted')

/** Support is given to items still open. */
export const maySupport = (status: ItemStatus) => status === 'proposed' || status === 'accepted' || status === 'scheduled'

/** A datetime-local value (the device's local time, no zone) as an ISO moment, or null when unreadable. */
export function isoOf(local: string): string | null {
  if (!local) return null
  const date = new Date(local)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** An https address, or null for an empty field; undefined when it is not one. */
export function httpsUrlOf(value: string): string | null | undefined {
  const trimmed = value.trim()
  if (!trimmed) return null
  try {
    return new URL(trimmed).protocol === 'https:' ? trimmed : undefined
  } catch {
    return undefined
  }
}
