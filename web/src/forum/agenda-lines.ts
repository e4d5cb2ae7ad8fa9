import type { AgendaEntry, AgendaLine, AgendaSuggestion } from '../../../shared/schemas/forum.ts'

/** Minutes a suggested item gets when it is put on the agenda; the facilitator changes it. */
export const DEFAULT_ITEM_MINUTES = 10

/** One line of the agenda being built: an accepted item, or a standing item (itemId null). */
export interface DraftLine {
  /** Stable across moves, for keys and focus. */
  key: string
  itemId: string | null
  titleCy: string
  titleEn: string
  durationMinutes: number
  carriedOver: boolean
  supports: number | null
}

export const lineOfEntry = (entry: AgendaEntry): DraftLine => ({
  key: entry.itemId ?? entry.id,
  itemId: entry.itemId,
  titleCy: entry.titleCy,
  titleEn: entry.titleEn,
  durationMinutes: entry.durationMinutes,
  carriedOver: false,
  supports: null,
})

export const lineOfSuggestion = (s: AgendaSuggestion): DraftLine => ({
  key: s.itemId,
  itemId: s.itemId,
  titleCy: s.titleCy,
  titleEn: s.titleEn,
  durationMinutes: DEFAULT_ITEM_MINUTES,
  carriedOver: s.carriedOver,
  supports: s.supports,
})

/** The agenda as the server takes it. */
export const agendaOf = (lines: DraftLine[]): AgendaLine[] =>
  lines.map((line) =>
    line.itemId
      ? { itemId: line.itemId, durationMinutes: line.durationMinutes }
      : { titleCy: line.titleCy, titleEn: line.titleEn, durationMinutes: line.durationMinutes },
  )

export const totalMinutes = (lines: DraftLine[]) => lines.reduce((sum, line) => sum + (line.durationMinutes || 0), 0)

/** The lines with one moved by `by` places (-1 up, +1 down), unchanged at either end. */
export function moved(lines: DraftLine[], key: string, by: -1 | 1): DraftLine[] {
  const from = lines.findIndex((line) => line.key === key)
  const to = from + by
  if (from < 0 || to < 0 || to >= lines.length) return lines
  const next = [...lines]
  const [line] = next.splice(from, 1)
  if (line) next.splice(to, 0, line)
  return next
}
