import type { ComponentChildren } from 'preact'
import type { FamilySummary } from '../../../shared/schemas/engagement.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { DateTime } from '../ui.tsx'
import type { Done } from './done-status.tsx'
import type { EngagementApi } from './engagement-api.ts'
import { familyName } from './engagement-model.ts'
import { FamilyActions } from './family-actions.tsx'
import { FamilyFacts } from './family-facts.tsx'

interface Props {
  schoolId: string
  engagement: EngagementApi
  family: FamilySummary
  /** Which list the card is in (the same family can be in two). */
  listKey: string
  onDone: (done: Done) => void
  /** What this list says about the family (since when it waits, the follow-up due). */
  children?: ComponentChildren
}

/** One family in a list: its name (a link to its page), what the list is about, who they are, and the actions. */
export function FamilyCard({ schoolId, engagement, family, listKey, onDone, children }: Props) {
  return (
    <li class="card family-card" data-family-id={family.familyId}>
      <h3 class="family-name">
        <Link href={`/engagement/families/${family.familyId}`}>{familyName(family)}</Link>
      </h3>
      {family.inCaseload ? (
        <p class="muted in-caseload">
          <T k="web.engagement.family.in_caseload" />
        </p>
      ) : null}
      {children}
      <FamilyFacts family={family} />
      <FamilyActions
        schoolId={schoolId}
        engagement={engagement}
        family={family}
        idPrefix={`${listKey}-${family.familyId}`}
        collapsed
        onDone={onDone}
      />
    </li>
  )
}

/** When anything last reached the family, or that nothing ever has. */
export function LastReached({ family }: { family: FamilySummary }) {
  return (
    <p class="last-reached">
      {family.lastReachedAt ? (
        <>
          <T k="web.engagement.family.last_reached" /> <DateTime iso={family.lastReachedAt} />
        </>
      ) : (
        <T k="web.engagement.family.never_reached" />
      )}
    </p>
  )
}
