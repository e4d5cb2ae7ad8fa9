import type { FamilyAdult, FamilyLearner, FamilySummary } from '../../../shared/schemas/engagement.ts'
import { Bi, T } from '../i18n.tsx'

/** A learner's class in the person's language, or "no class". */
export function LearnerClass({ learner }: { learner: FamilyLearner }) {
  if (!learner.classId) return <T k="web.engagement.family.no_class" />
  return <Bi cy={learner.classCy ?? learner.classEn ?? ''} en={learner.classEn ?? learner.classCy ?? ''} />
}

/** How an adult can be reached: an email address, devices for push, whether they ever signed in. */
export function AdultChannels({ adult }: { adult: FamilyAdult }) {
  return (
    <span class="adult-channels">
      <span data-channel="email" data-state={adult.hasEmail ? 'yes' : 'no'}>
        <T k={adult.hasEmail ? 'web.engagement.family.email_yes' : 'web.engagement.family.email_no'} />
      </span>
      {' · '}
      <span data-channel="push" data-state={adult.pushDevices}>
        {adult.pushDevices > 0 ? (
          <T k="web.engagement.family.push" values={{ count: adult.pushDevices }} />
        ) : (
          <T k="web.engagement.family.push_none" />
        )}
      </span>
      {' · '}
      <span data-channel="app" data-state={adult.signedInEver ? 'yes' : 'no'}>
        <T k={adult.signedInEver ? 'web.engagement.family.signed_in' : 'web.engagement.family.never_signed_in'} />
      </span>
    </span>
  )
}

/** A family in a list: its learners and their classes, then each adult with their language and channels. */
export function FamilyFacts({ family }: { family: FamilySummary }) {
  return (
    <dl class="facts family-facts">
      <div>
        <dt>
          <T k="web.engagement.family.learners" />
        </dt>
        <dd>
          <ul class="inline-list">
            {family.learners.map((learner) => (
              <li key={learner.learnerId}>
                {learner.name} (<LearnerClass learner={learner} />)
              </li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>
          <T k="web.engagement.family.adults" />
        </dt>
        <dd>
          {family.adults.length === 0 ? (
            <T k="web.engagement.family.no_adults" />
          ) : (
            <ul class="inline-list">
              {family.adults.map((adult) => (
                <li key={adult.userId} data-user-id={adult.userId}>
                  <strong>{adult.name}</strong> (<T k={`language.${adult.language}`} />
                  ): <AdultChannels adult={adult} />
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  )
}
