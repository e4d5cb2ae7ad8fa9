import { useState } from 'preact/hooks'
import { CONTACT_KINDS, CONTACT_NOTE_MAX, type ContactKind, type NewContact } from '../../../shared/schemas/engagement.ts'
import { T, useText } from '../i18n.tsx'
import { today } from './engagement-model.ts'

interface Props {
  /** Makes the fields' ids unique on a page with many families. */
  idPrefix: string
  /**
   * contact: what kind of contact it was, a note, and a follow-up date if one is wanted.
   * follow_up: a note of kind `note` with the date required ("set a follow-up").
   */
  mode: 'contact' | 'follow_up'
  busy: boolean
  onSave: (contact: NewContact) => void
  onCancel: () => void
}

/** Logging a contact with a family, or setting a follow-up, in one small form. */
export function ContactForm({ idPrefix, mode, busy, onSave, onCancel }: Props) {
  const text = useText()
  const [kind, setKind] = useState<ContactKind>('phone')
  const [note, setNote] = useState('')
  const [followUpOn, setFollowUpOn] = useState('')
  const id = `${idPrefix}-${mode}`
  const followUpRequired = mode === 'follow_up'

  const submit = (event: Event) => {
    event.preventDefault()
    const contact: NewContact = { kind: mode === 'follow_up' ? 'note' : kind, note: note.trim() }
    if (followUpOn) contact.followUpOn = followUpOn
    onSave(contact)
  }

  return (
    <form
      class="panel contact-form"
      onSubmit={submit}
      aria-label={text(mode === 'contact' ? 'web.engagement.actions.log_contact' : 'web.engagement.actions.set_follow_up')}
    >
      {mode === 'contact' ? (
        <div class="field">
          <label for={`${id}-kind`}>
            <T k="web.engagement.contact_form.kind" />
          </label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as ContactKind)}>
            {CONTACT_KINDS.map((k) => (
              <option key={k} value={k}>
                {text(`web.engagement.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="field">
        <label for={`${id}-note`}>
          <T k={followUpRequired ? 'web.engagement.contact_form.what_to_follow_up' : 'web.engagement.contact_form.note'} />
        </label>
        <textarea
          id={`${id}-note`}
          rows={3}
          maxLength={CONTACT_NOTE_MAX}
          required={followUpRequired}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${id}-date`}>
          <T k={followUpRequired ? 'web.engagement.contact_form.follow_up_on' : 'web.engagement.contact_form.follow_up_on_optional'} />
        </label>
        <input
          id={`${id}-date`}
          type="date"
          min={today()}
          required={followUpRequired}
          value={followUpOn}
          onInput={(e) => setFollowUpOn(e.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          <T k="web.engagement.contact_form.save" />
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          <T k="web.engagement.contact_form.cancel" />
        </button>
      </div>
    </form>
  )
}
