import { useState } from 'preact/hooks'
import type { Contact } from '../../../shared/schemas/engagement.ts'
import { Day } from '../forum/forum-text.tsx'
import { useAction } from '../forum/use-loaded.ts'
import { T } from '../i18n.tsx'
import { Alert } from '../ui.tsx'
import type { Done } from './done-status.tsx'
import type { EngagementApi } from './engagement-api.ts'
import { today } from './engagement-model.ts'

/** When a follow-up is due, marked "overdue" in words (not colour alone) once the day has passed. */
export function FollowUpDue({ contact }: { contact: Contact }) {
  if (!contact.followUpOn) return null
  const overdue = !contact.followUpDone && contact.followUpOn < today()
  return (
    <span class="follow-up-due">
      <T k="web.engagement.follow_ups.due" /> <Day day={contact.followUpOn} />
      {overdue ? (
        <>
          {' '}
          <strong class="status-badge overdue">
            <T k="web.engagement.follow_ups.overdue" />
          </strong>
        </>
      ) : null}
    </span>
  )
}

/** What a contact was: its kind, who logged it, its note (as text). */
export function ContactSummary({ contact }: { contact: Contact }) {
  return (
    <>
      <span class="contact-kind">
        <T k={`web.engagement.kind.${contact.kind}`} />
      </span>{' '}
      <span class="muted">
        <T k="web.engagement.follow_ups.by" values={{ name: contact.byName }} />
      </span>
      {contact.note ? <span class="block contact-note">{contact.note}</span> : null}
    </>
  )
}

interface Props {
  engagement: EngagementApi
  contact: Contact
  /** Makes the date field's id unique on the page. */
  idPrefix: string
  onDone: (done: Done) => void
}

/** An open follow-up: when it is due, what it is about, "mark done", and moving it to another day. */
export function FollowUp({ engagement, contact, idPrefix, onDone }: Props) {
  const action = useAction()
  const [moving, setMoving] = useState(false)
  const [day, setDay] = useState(contact.followUpOn ?? '')
  const id = `${idPrefix}-${contact.id}-date`

  const markDone = () =>
    action.run(async () => {
      await engagement.updateContact(contact.id, { followUpDone: true })
      onDone({ key: 'web.engagement.follow_ups.marked_done' })
      return null
    })
  const move = (event: Event) => {
    event.preventDefault()
    action.run(async () => {
      await engagement.updateContact(contact.id, { followUpOn: day })
      setMoving(false)
      onDone({ key: 'web.engagement.follow_ups.date_changed' })
      return null
    })
  }

  return (
    <div class="follow-up" data-contact-id={contact.id}>
      <p>
        <strong>
          <FollowUpDue contact={contact} />
        </strong>
        {' · '}
        <ContactSummary contact={contact} />
      </p>
      <div class="actions">
        <button type="button" disabled={action.busy} onClick={markDone}>
          <T k="web.engagement.follow_ups.mark_done" />
        </button>
        <button type="button" class="secondary" aria-expanded={moving} onClick={() => setMoving(!moving)}>
          <T k="web.engagement.follow_ups.change_date" />
        </button>
      </div>
      {moving ? (
        <form class="schedule-row" onSubmit={move}>
          <div class="field">
            <label for={id}>
              <T k="web.engagement.follow_ups.new_date" />
            </label>
            <input id={id} type="date" required min={today()} value={day} onInput={(e) => setDay(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={action.busy || !day}>
            <T k="web.engagement.contact_form.save" />
          </button>
        </form>
      ) : null}
      <Alert error={action.error} />
    </div>
  )
}
