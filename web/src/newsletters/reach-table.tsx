import type { ReachRecipient } from '../../../shared/schemas/newsletters.ts'
import { T } from '../i18n.tsx'
import { DateTime, ScrollingTable } from '../ui.tsx'
import { RecipientActions } from './recipient-actions.tsx'

interface Props {
  /** /api/schools/:schoolId/newsletters/:newsletterId */
  base: string
  recipients: ReachRecipient[]
  /** Every recipient (with when each was reached), rather than the families not reached. */
  all: boolean
  onDone: (message: string) => void
}

function Opened({ recipient }: { recipient: ReachRecipient }) {
  if (!recipient.openedAt) return <T k="web.newsletters.reach.not_opened" />
  return (
    <>
      <T k={recipient.openedVia === 'email' ? 'web.newsletters.reach.opened_email' : 'web.newsletters.reach.opened_app'} />{' '}
      <DateTime iso={recipient.openedAt} />
    </>
  )
}

function Contacted({ contacted }: { contacted: NonNullable<ReachRecipient['contacted']> }) {
  return (
    <p class="contacted">
      <T k="web.newsletters.reach.contacted" values={{ name: contacted.byName }} />{' '}
      <strong>
        <T k={`web.newsletters.reach.method.${contacted.method}`} />
      </strong>
      , <DateTime iso={contacted.at} />
      {contacted.note ? <span class="block">{contacted.note}</span> : null}
    </p>
  )
}

/**
 * The adults of families not reached (or everyone): learners, language, what happened on each
 * channel, opening; and per row the follow-ups (reminders, a contact made another way).
 */
export function ReachTable({ base, recipients, all, onDone }: Props) {
  const channels = ['inApp', 'email', 'push'] as const
  return (
    <ScrollingTable
      tableClass={all ? 'recipients all-recipients' : 'recipients not-reached'}
      caption={<T k={all ? 'web.newsletters.reach.all_title' : 'web.newsletters.reach.not_reached_title'} />}
    >
      <thead>
        <tr>
          <th scope="col">
            <T k="web.newsletters.reach.name" />
          </th>
          <th scope="col">
            <T k="web.newsletters.reach.learners" />
          </th>
          <th scope="col">
            <T k="web.newsletters.reach.language" />
          </th>
          {channels.map((channel) => (
            <th scope="col" key={channel}>
              <T k={`web.newsletters.reach.channel.${channel}`} />
            </th>
          ))}
          <th scope="col">
            <T k="web.newsletters.reach.opened" />
          </th>
          {all ? (
            <th scope="col">
              <T k="web.newsletters.reach.reached_at" />
            </th>
          ) : null}
          <th scope="col">
            <T k="web.newsletters.reach.actions" />
          </th>
        </tr>
      </thead>
      <tbody>
        {recipients.map((r) => (
          <tr key={r.userId} data-user-id={r.userId}>
            <th scope="row">{r.name}</th>
            <td>{r.learners.join(', ')}</td>
            <td>
              <T k={`language.${r.language}`} />
            </td>
            {channels.map((channel) => (
              <td key={channel} data-channel={channel} data-state={r.channels[channel]}>
                <T k={`web.newsletters.reach.state.${r.channels[channel]}`} />
              </td>
            ))}
            <td>
              <Opened recipient={r} />
            </td>
            {all ? <td>{r.reachedAt ? <DateTime iso={r.reachedAt} /> : <T k="web.newsletters.reach.not_yet" />}</td> : null}
            <td>
              {r.contacted ? <Contacted contacted={r.contacted} /> : null}
              <RecipientActions base={base} recipient={r} onDone={onDone} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  )
}
