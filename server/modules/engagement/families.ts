/**
 * Families from guardian-learner links: the adults linked to the same learners, joined through
 * any learner they share (two parents of one child and a step-parent of a sibling are one
 * family). A family's id is the smallest id among its adults.
 */
import type { EngagementFilter, FamilyAdult, FamilyLearner, FamilySummary } from '../../../shared/schemas/engagement.ts'
import type { AdultRow, LinkRow } from './engagement.repository.ts'

export interface Family {
  familyId: string
  adults: FamilyAdult[]
  learners: FamilyLearner[]
  adultIds: Set<string>
}

function find(parent: Map<string, string>, id: string): string {
  let root = id
  while (parent.get(root) !== root) root = parent.get(root) as string
  // Shorten the path so the next look-up is one step.
  let node = id
  while (node !== root) {
    const next = parent.get(node) as string
    parent.set(node, root)
    node = next
  }
  return root
}

export function groupFamilies(links: readonly LinkRow[], adults: readonly AdultRow[]): Family[] {
  const parent = new Map<string, string>()
  const adultNode = (id: string) => `a:${id}`
  const learnerNode = (id: string) => `l:${id}`
  for (const link of links) {
    for (const node of [adultNode(link.adultId), learnerNode(link.learnerId)]) if (!parent.has(node)) parent.set(node, node)
    const a = find(parent, adultNode(link.adultId))
    const b = find(parent, learnerNode(link.learnerId))
    if (a !== b) parent.set(a, b)
  }
  const adultById = new Map(adults.map((a) => [a.userId, a]))
  const groups = new Map<string, { adults: Map<string, FamilyAdult>; learners: Map<string, FamilyLearner> }>()
  for (const link of links) {
    const root = find(parent, adultNode(link.adultId))
    const group = groups.get(root) ?? { adults: new Map(), learners: new Map() }
    const adult = adultById.get(link.adultId)
    if (adult) group.adults.set(adult.userId, adult)
    group.learners.set(link.learnerId, {
      learnerId: link.learnerId,
      name: link.name,
      classId: link.classId,
      classCy: link.classCy,
      classEn: link.classEn,
      year: link.year,
    })
    groups.set(root, group)
  }
  const families: Family[] = []
  for (const group of groups.values()) {
    const members = [...group.adults.values()].sort((x, y) => x.name.localeCompare(y.name))
    if (members.length === 0) continue
    const ids = members.map((a) => a.userId).sort()
    families.push({
      familyId: ids[0] as string,
      adults: members,
      learners: [...group.learners.values()].sort((x, y) => x.name.localeCompare(y.name)),
      adultIds: new Set(ids),
    })
  }
  return families.sort((x, y) => (x.adults[0]?.name ?? '').localeCompare(y.adults[0]?.name ?? ''))
}

/** A learner is in the class (or the year) asked for; with neither, every learner is. */
export function learnerMatches(learner: FamilyLearner, filter: EngagementFilter): boolean {
  if (filter.classId) return learner.classId === filter.classId
  if (filter.year !== undefined) return learner.year === filter.year
  return true
}

/** A family is in a class (or a year) when one of its learners is. */
export const matchesFilter = (family: Family, filter: EngagementFilter) => family.learners.some((l) => learnerMatches(l, filter))

/** Latest of the adults' moments (milliseconds), or null when none of them has one. */
export function latest(adultIds: Iterable<string>, at: ReadonlyMap<string, number>): number | null {
  let best: number | null = null
  for (const id of adultIds) {
    const t = at.get(id)
    if (t !== undefined && (best === null || t > best)) best = t
  }
  return best
}

export function summary(family: Family, caseload: ReadonlySet<string>, lastReached: ReadonlyMap<string, number>): FamilySummary {
  const last = latest(family.adultIds, lastReached)
  return {
    familyId: family.familyId,
    adults: family.adults,
    learners: family.learners,
    inCaseload: [...family.adultIds].some((id) => caseload.has(id)),
    lastReachedAt: last === null ? null : new Date(last).toISOString(),
  }
}

/** No adult has an email address, a push device, or has ever signed in. */
export const hasNoWorkingChannel = (family: Family) => family.adults.every((a) => !a.hasEmail && a.pushDevices === 0 && !a.signedInEver)
