import type { ChartCell, EngagementCharts, EngagementFilter } from '../../../shared/schemas/engagement.ts'
import type { Db } from '../../db/database.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { type ActivityRow, createChartsRepository } from './charts.repository.ts'
import { assertWorkspace, type EngagementService } from './engagement.service.ts'
import { type Family, learnerMatches } from './families.ts'
import { dayStart, halfTermsSoFar } from './school-calendar.ts'

/** Per half-term, the people who did something: term index to user ids. */
function byTerm<T extends ActivityRow>(rows: readonly T[], keep: (row: T) => boolean = () => true) {
  const terms = new Map<number, Set<string>>()
  for (const row of rows) {
    if (row.term === null || !keep(row)) continue
    const set = terms.get(row.term) ?? new Set()
    set.add(row.userId)
    terms.set(row.term, set)
  }
  return terms
}

const countFamilies = (families: readonly Family[], people: Set<string> | undefined) =>
  people ? families.filter((f) => [...f.adultIds].some((id) => people.has(id))).length : 0

/** Share as a percentage with one decimal, as the charts and the CSV both show it. */
export const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10)

/** Engagement per class and half-term: newsletters reached, families writing messages, forum participation. */
export function createChartsService(deps: { db: Db; clock: () => Date; engagement: EngagementService }) {
  const repo = createChartsRepository(deps.db)

  return {
    async charts(actor: Actor | null, schoolId: string, filter: EngagementFilter): Promise<EngagementCharts> {
      const me = assertWorkspace(actor, schoolId)
      const now = deps.clock()
      const halfTerms = halfTermsSoFar(now)
      const boundaries = [...halfTerms.map((t) => dayStart(t.start)), dayStart((halfTerms.at(-1) as { end: string }).end)]
      const [snap, newsletters, messages, forum] = await Promise.all([
        deps.engagement.snapshot(schoolId, me.userId),
        repo.newsletters(schoolId, boundaries),
        repo.messages(schoolId, boundaries),
        repo.forum(schoolId, boundaries, now),
      ])
      const sent = byTerm(newsletters)
      const reached = byTerm(newsletters, (row) => row.reached)
      const wrote = byTerm(messages)
      const tookPart = byTerm(forum)

      const classes = new Map<string, { classId: string; nameCy: string; nameEn: string; families: Family[] }>()
      for (const family of snap.families) {
        for (const learner of family.learners) {
          if (!learner.classId || !learnerMatches(learner, filter)) continue
          const entry = classes.get(learner.classId) ?? {
            classId: learner.classId,
            nameCy: learner.classCy ?? '',
            nameEn: learner.classEn ?? '',
            families: [],
          }
          if (!entry.families.includes(family)) entry.families.push(family)
          classes.set(learner.classId, entry)
        }
      }
      return {
        halfTerms,
        classes: [...classes.values()]
          .sort((a, b) => a.nameEn.localeCompare(b.nameEn))
          .map((c) => ({
            classId: c.classId,
            nameCy: c.nameCy,
            nameEn: c.nameEn,
            cells: halfTerms.map(
              (term, i): ChartCell => ({
                halfTerm: term.key,
                families: c.families.length,
                newsletterFamilies: countFamilies(c.families, sent.get(i)),
                newsletterReached: countFamilies(c.families, reached.get(i)),
                messageActive: countFamilies(c.families, wrote.get(i)),
                forumActive: countFamilies(c.families, tookPart.get(i)),
              }),
            ),
          })),
      }
    },
  }
}
export type ChartsService = ReturnType<typeof createChartsService>

/** The charts as CSV for the school's self-evaluation, with headers in the asker's language. */
export function chartsCsv(
  charts: EngagementCharts,
  t: (key: string) => string,
  className: (c: { nameCy: string; nameEn: string }) => string,
) {
  const quote = (value: string | number) => {
    // A cell a spreadsheet would run as a formula is written as text.
    const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value)
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const columns = [
    'class',
    'half_term',
    'families',
    'newsletter_families',
    'newsletter_reached',
    'newsletter_share',
    'message_active',
    'message_share',
    'forum_active',
    'forum_share',
  ]
  const lines = [columns.map((c) => quote(t(`engagement.csv.${c}`))).join(',')]
  for (const c of charts.classes) {
    for (const cell of c.cells) {
      lines.push(
        [
          className(c),
          cell.halfTerm,
          cell.families,
          cell.newsletterFamilies,
          cell.newsletterReached,
          share(cell.newsletterReached, cell.newsletterFamilies),
          cell.messageActive,
          share(cell.messageActive, cell.families),
          cell.forumActive,
          share(cell.forumActive, cell.families),
        ]
          .map(quote)
          .join(','),
      )
    }
  }
  return `${lines.join('\r\n')}\r\n`
}
