import { useState } from 'preact/hooks'
import type { FamilyPage as Page } from '../../../shared/schemas/engagement.ts'
import type { Me } from '../api.ts'
import { type Done, DoneStatus } from '../engagement/done-status.tsx'
import { type EngagementApi, engagementApi } from '../engagement/engagement-api.ts'
import { familyName, mayUseEngagement } from '../engagement/engagement-model.ts'
import { FamilyActions } from '../engagement/family-actions.tsx'
import { AdultsTable, LearnersTable } from '../engagement/family-tables.tsx'
import { Timeline } from '../engagement/family-timeline.tsx'
import { ContactSummary, FollowUp, FollowUpDue } from '../engagement/follow-up.tsx'
import { Loaded } from '../forum/forum-text.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { FamilyDataDownload } from './data-download.tsx'

interface DetailsProps {
  schoolId: string
  engagement: EngagementApi
  page: Page
  /** FEOs and admins act; the safeguarding lead only reads. */
  mayAct: boolean
  /** Admins and the safeguarding lead answer subject access requests. */
  mayExport: boolean
  onDone: (done: Done) => void
}

function FamilyDetails({ schoolId, engagement, page, mayAct, mayExport, onDone }: DetailsProps) {
  const { family } = page
  const contacts = page.timeline.filter((entry) => entry.kind === 'contact')
  return (
    <>
      <section aria-labelledby="family-people-heading">
        <h2 id="family-people-heading">
          <T k="web.engagement.family.people" />
        </h2>
        {family.inCaseload ? (
          <p class="muted in-caseload">
            <T k="web.engagement.family.in_caseload" />
          </p>
        ) : null}
        <AdultsTable family={family} />
        <LearnersTable family={family} />
      </section>
      {mayAct ? (
        <section aria-labelledby="family-actions-heading">
          <h2 id="family-actions-heading">
            <T k="web.engagement.actions.open" />
          </h2>
          <FamilyActions schoolId={schoolId} engagement={engagement} family={family} idPrefix="family" collapsed={false} onDone={onDone} />
        </section>
      ) : null}
      {mayExport ? <FamilyDataDownload schoolId={schoolId} familyId={family.familyId} /> : null}
      <section aria-labelledby="family-follow-ups-heading">
        <h2 id="family-follow-ups-heading">
          <T k="web.engagement.family.follow_ups" />
        </h2>
        {page.followUps.length === 0 ? (
          <p>
            <T k="web.engagement.family.no_follow_ups" />
          </p>
        ) : (
          <ul class="cards follow-ups">
            {page.followUps.map((contact) => (
              <li key={contact.id} class="card">
                {mayAct ? (
                  <FollowUp engagement={engagement} contact={contact} idPrefix="open" onDone={onDone} />
                ) : (
                  <p>
                    <FollowUpDue contact={contact} /> · <ContactSummary contact={contact} />
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="family-contacts-heading">
        <h2 id="family-contacts-heading">
          <T k="web.engagement.family.contact_log" />
        </h2>
        {contacts.length === 0 ? (
          <p>
            <T k="web.engagement.family.no_contacts" />
          </p>
        ) : (
          <Timeline entries={contacts} label="family-contacts-heading" />
        )}
      </section>
      <section aria-labelledby="family-timeline-heading">
        <h2 id="family-timeline-heading">
          <T k="web.engagement.family.timeline" />
        </h2>
        {page.timeline.length === 0 ? (
          <p>
            <T k="web.engagement.family.timeline_empty" />
          </p>
        ) : (
          <Timeline entries={page.timeline} label="family-timeline-heading" />
        )}
      </section>
    </>
  )
}

/**
 * One family: its adults (language, email, push devices, signed in ever), learners and classes,
 * the actions, open follow-ups (mark done, move), the contact log and the whole timeline
 * (messages, newsletters reached or not, forum activity, contacts). Fetched again after each action.
 */
export function FamilyPage({ me, schoolId, familyId }: { me: Me; schoolId: string; familyId: string }) {
  const engagement = engagementApi(schoolId)
  const page = useLoaded(familyId, () => engagement.family(familyId))
  const [done, setDone] = useState<Done | null>(null)
  const mayAct = mayUseEngagement(me.roles)
  const afterAction = (what: Done) => {
    setDone(what)
    page.reload()
  }

  return (
    <div class="family-page" data-family-id={familyId}>
      {mayAct ? (
        <p>
          <Link href="/engagement">
            <T k="web.engagement.back" />
          </Link>
        </p>
      ) : null}
      <h1>
        {page.data ? (
          <T k="web.engagement.family.title" values={{ names: familyName(page.data.family) }} />
        ) : (
          <T k="web.engagement.family.title_plain" />
        )}
      </h1>
      <DoneStatus done={done} />
      <Loaded data={page.data} error={page.error}>
        {(data) => (
          <FamilyDetails
            schoolId={schoolId}
            engagement={engagement}
            page={data}
            mayAct={mayAct}
            mayExport={me.roles.includes('admin') || me.roles.includes('dsl')}
            onDone={afterAction}
          />
        )}
      </Loaded>
    </div>
  )
}
