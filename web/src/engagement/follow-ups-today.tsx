import { Loaded } from '../forum/forum-text.tsx'
import { useLoaded } from '../forum/use-loaded.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { engagementApi } from './engagement-api.ts'
import { familyName } from './engagement-model.ts'
import { ContactSummary, FollowUpDue } from './follow-up.tsx'

/** On an FEO's or admin's home page: their open follow-ups due today or earlier, each a link to the family's page. */
export function FollowUpsToday({ schoolId }: { schoolId: string }) {
  const list = useLoaded(schoolId, () => engagementApi(schoolId).followUpsToday())
  return (
    <section aria-labelledby="follow-ups-today-heading" class="follow-ups-today">
      <h2 id="follow-ups-today-heading">
        <T k="web.engagement.today.title" />
      </h2>
      <Loaded data={list.data} error={list.error}>
        {(followUps) =>
          followUps.length === 0 ? (
            <p>
              <T k="web.engagement.today.none" />
            </p>
          ) : (
            <ul class="cards">
              {followUps.map(({ family, contact }) => (
                <li key={contact.id} class="card" data-family-id={family.familyId}>
                  <Link href={`/engagement/families/${family.familyId}`} class="family-name">
                    {familyName(family)}
                  </Link>
                  <span>
                    <FollowUpDue contact={contact} />
                  </span>
                  <span>
                    <ContactSummary contact={contact} />
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <p>
        <Link href="/engagement" class="button-link secondary">
          <T k="web.engagement.open" />
        </Link>
      </p>
    </section>
  )
}
