import type { ComponentChildren } from 'preact'
import { type EngagementLists as Lists, REPLY_WAIT_SCHOOL_DAYS } from '../../../shared/schemas/engagement.ts'
import { T, useLanguage } from '../i18n.tsx'
import { DateTime } from '../ui.tsx'
import type { Done } from './done-status.tsx'
import type { EngagementApi } from './engagement-api.ts'
import { FamilyCard, LastReached } from './family-card.tsx'
import { FollowUp } from './follow-up.tsx'

interface SectionProps {
  id: string
  count: number
  title: ComponentChildren
  help: ComponentChildren
  children: ComponentChildren
}

/** One list: a heading with how many families it holds, what it means, then the families. */
function ListSection({ id, count, title, help, children }: SectionProps) {
  return (
    <section class="engagement-list" aria-labelledby={`${id}-heading`} data-list={id} data-count={count}>
      <h2 id={`${id}-heading`}>
        {title}{' '}
        <span class="list-count">
          (<T k="web.engagement.families_count" values={{ count }} />)
        </span>
      </h2>
      <p class="muted">{help}</p>
      {count === 0 ? (
        <p class="list-empty">
          <T k="web.engagement.lists.none" />
        </p>
      ) : (
        <ul class="cards family-list">{children}</ul>
      )}
    </section>
  )
}

/** How many families a list holds (one family can wait in two conversations, or have two follow-ups due). */
const familiesIn = (rows: { family: { familyId: string } }[]) => new Set(rows.map((row) => row.family.familyId)).size

interface Props {
  schoolId: string
  engagement: EngagementApi
  lists: Lists
  onDone: (done: Done) => void
}

/**
 * The four lists the FEO works from: families nothing reached in the last N weeks, families
 * with no working channel, families whose message waits for a reply, and follow-ups due.
 */
export function EngagementLists({ schoolId, engagement, lists, onDone }: Props) {
  const { i18n } = useLanguage()
  const card = { schoolId, engagement, onDone }
  const days = (count: number) => (lng: 'cy' | 'en') => ({ days: i18n.t('web.engagement.school_days', { count, lng }) })

  return (
    <>
      <ListSection
        id="not-reached"
        count={lists.notReached.length}
        title={
          <T
            k="web.engagement.lists.not_reached"
            values={(lng) => ({ weeks: i18n.t('web.engagement.weeks', { count: lists.weeks, lng }) })}
          />
        }
        help={<T k="web.engagement.lists.not_reached_help" />}
      >
        {lists.notReached.map((family) => (
          <FamilyCard key={family.familyId} {...card} family={family} listKey="not-reached">
            <LastReached family={family} />
          </FamilyCard>
        ))}
      </ListSection>
      <ListSection
        id="no-working-channel"
        count={lists.noWorkingChannel.length}
        title={<T k="web.engagement.lists.no_working_channel" />}
        help={<T k="web.engagement.lists.no_working_channel_help" />}
      >
        {lists.noWorkingChannel.map((family) => (
          <FamilyCard key={family.familyId} {...card} family={family} listKey="no-working-channel" />
        ))}
      </ListSection>
      <ListSection
        id="awaiting-reply"
        count={familiesIn(lists.awaitingReply)}
        title={<T k="web.engagement.lists.awaiting_reply" />}
        help={<T k="web.engagement.lists.awaiting_reply_help" values={days(REPLY_WAIT_SCHOOL_DAYS)} />}
      >
        {lists.awaitingReply.map((waiting) => (
          <FamilyCard key={waiting.conversationId} {...card} family={waiting.family} listKey={`awaiting-${waiting.conversationId}`}>
            <p class="waiting">
              <T k="web.engagement.lists.waiting_since" /> <DateTime iso={waiting.since} /> (
              <T k="web.engagement.school_days" values={{ count: waiting.schoolDays }} />)
              {waiting.staffNames.length > 0 ? (
                <span class="block muted">
                  <T k="web.engagement.lists.staff" values={{ names: waiting.staffNames.join(', ') }} />
                </span>
              ) : null}
            </p>
          </FamilyCard>
        ))}
      </ListSection>
      <ListSection
        id="follow-ups-due"
        count={familiesIn(lists.followUpsDue)}
        title={<T k="web.engagement.lists.follow_ups_due" />}
        help={<T k="web.engagement.lists.follow_ups_due_help" />}
      >
        {lists.followUpsDue.map((due) => (
          <FamilyCard key={due.contact.id} {...card} family={due.family} listKey={`follow-up-${due.contact.id}`}>
            <FollowUp engagement={engagement} contact={due.contact} idPrefix="due" onDone={onDone} />
          </FamilyCard>
        ))}
      </ListSection>
    </>
  )
}
