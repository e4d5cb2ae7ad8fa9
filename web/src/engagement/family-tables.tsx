import type { FamilySummary } from '../../../shared/schemas/engagement.ts'
import { T } from '../i18n.tsx'
import { ScrollingTable } from '../ui.tsx'
import { yearKey } from './engagement-model.ts'
import { LearnerClass } from './family-facts.tsx'

/** The family's adults: language, an email address, push devices, whether they ever signed in. */
export function AdultsTable({ family }: { family: FamilySummary }) {
  if (family.adults.length === 0) {
    return (
      <p>
        <T k="web.engagement.family.no_adults" />
      </p>
    )
  }
  return (
    <ScrollingTable tableClass="family-adults" caption={<T k="web.engagement.family.adults" />}>
      <thead>
        <tr>
          {['name', 'language', 'has_email', 'push_devices', 'signed_in_ever'].map((column) => (
            <th scope="col" key={column}>
              <T k={`web.engagement.family.column.${column}`} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {family.adults.map((adult) => (
          <tr key={adult.userId} data-user-id={adult.userId}>
            <th scope="row">{adult.name}</th>
            <td>
              <T k={`language.${adult.language}`} />
            </td>
            <td>
              <T k={adult.hasEmail ? 'web.engagement.family.has_yes' : 'web.engagement.family.has_no'} />
            </td>
            <td class="number">{adult.pushDevices}</td>
            <td>
              <T k={adult.signedInEver ? 'web.engagement.family.did_yes' : 'web.engagement.family.did_no'} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  )
}

/** The family's learners, their classes and year groups. */
export function LearnersTable({ family }: { family: FamilySummary }) {
  return (
    <ScrollingTable tableClass="family-learners" caption={<T k="web.engagement.family.learners" />}>
      <thead>
        <tr>
          {['name', 'class', 'year'].map((column) => (
            <th scope="col" key={column}>
              <T k={`web.engagement.family.column.${column}`} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {family.learners.map((learner) => {
          const [key, values] = learner.year === null ? [null, {}] : yearKey(learner.year)
          return (
            <tr key={learner.learnerId}>
              <th scope="row">{learner.name}</th>
              <td>
                <LearnerClass learner={learner} />
              </td>
              <td>{key ? <T k={key} values={values} /> : '–'}</td>
            </tr>
          )
        })}
      </tbody>
    </ScrollingTable>
  )
}
