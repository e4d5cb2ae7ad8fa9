import type { Me } from '../api.ts'
import { mayUseEngagement } from '../engagement/engagement-model.ts'
import { FollowUpsToday } from '../engagement/follow-ups-today.tsx'
import { Bi, T } from '../i18n.tsx'
import { PushPrompt } from '../push-prompt.tsx'
import { Link } from '../router.tsx'
import { SignOut } from '../sign-out.tsx'

interface Props {
  me: Me
  onSignedOut: () => void
}

export function HomePage({ me, onSignedOut }: Props) {
  return (
    <>
      <h1>
        <T k="web.home.title" values={{ name: me.name }} />
      </h1>
      <PushPrompt />
      <dl class="facts">
        {me.school ? (
          <div>
            <dt>
              <T k="web.home.school" />
            </dt>
            <dd>
              <Bi cy={me.school.nameCy} en={me.school.nameEn} />
            </dd>
          </div>
        ) : null}
        {me.roles.length > 0 ? (
          <div>
            <dt>
              <T k="web.home.role" />
            </dt>
            <dd>
              <ul class="inline-list">
                {me.roles.map((role) => (
                  <li key={role}>
                    <T k={`roles.${role}`} />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      <p class="actions">
        {me.school ? (
          <Link href="/messages" class="button-link">
            <T k="web.messaging.title" />
          </Link>
        ) : null}
        <Link href="/notifications" class="button-link">
          <T k="web.notifications.title" />
        </Link>
        <Link href="/settings/notifications" class="button-link secondary">
          <T k="web.settings.title" />
        </Link>
        {me.school && me.roles.includes('dsl') ? (
          <Link href="/safeguarding" class="button-link">
            <T k="web.safeguarding.title" />
          </Link>
        ) : null}
        {me.roles.includes('admin') ? (
          <Link href="/admin" class="button-link">
            <T k="web.admin.title" />
          </Link>
        ) : null}
      </p>
      {me.school && mayUseEngagement(me.roles) ? <FollowUpsToday schoolId={me.school.id} /> : null}
      <section aria-labelledby="learners-heading">
        <h2 id="learners-heading">
          <T k="web.home.learners" />
        </h2>
        {me.learners.length === 0 ? (
          <p>
            <T k="web.home.no_learners" block />
          </p>
        ) : (
          <ul class="cards">
            {me.learners.map((learner) => (
              <li key={learner.id} class="card">
                <span class="learner-name">{learner.name}</span>
                {learner.class ? (
                  <span class="learner-class">
                    <T
                      k="web.home.class"
                      values={(lng) => ({
                        name: lng === 'cy' ? learner.class?.nameCy : learner.class?.nameEn,
                      })}
                    />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <SignOut onSignedOut={onSignedOut} />
    </>
  )
}
