import { useState } from 'preact/hooks'
import type { FamilySummary, NewContact } from '../../../shared/schemas/engagement.ts'
import { useAction } from '../forum/use-loaded.ts'
import { T } from '../i18n.tsx'
import { startDirectConversation } from '../messaging/new-conversation.tsx'
import { Alert, useActionLabel } from '../ui.tsx'
import { ContactForm } from './contact-form.tsx'
import type { Done } from './done-status.tsx'
import type { EngagementApi } from './engagement-api.ts'
import { familyName, reminderChannels } from './engagement-model.ts'

interface Props {
  schoolId: string
  engagement: EngagementApi
  family: FamilySummary
  /** Unique on the page (the same family can be in two lists): prefixes the form fields' ids. */
  idPrefix: string
  /** In a list the actions fold away behind "Actions"; on the family page they are open. */
  collapsed: boolean
  /** After an action: what it did. The page then fetches what it shows again. */
  onDone: (done: Done) => void
}

/**
 * What the FEO can do for a family: write to one of its adults (the messaging screens' own
 * "start a conversation"), send the latest unread newsletter again by email or push, log a
 * contact, set a follow-up, and add the family to or remove it from their caseload.
 */
export function FamilyActions({ schoolId, engagement, family, idPrefix, collapsed, onDone }: Props) {
  const actionLabel = useActionLabel()
  const caseloadKey = family.inCaseload ? 'web.engagement.actions.remove_caseload' : 'web.engagement.actions.add_caseload'
  const action = useAction()
  const [form, setForm] = useState<'none' | 'contact' | 'follow_up'>('none')
  const name = familyName(family)
  const id = family.familyId

  const act = (call: () => Promise<Done>) =>
    action.run(async () => {
      const done = await call()
      setForm('none')
      onDone(done)
      return null
    })
  const message = (userId: string) => action.run(() => startDirectConversation(schoolId, userId).then(() => null))
  const remind = (channel: 'email' | 'push') =>
    act(async () => ({ key: 'web.engagement.actions.reminded', values: { count: await engagement.remind(id, channel) } }))
  const save = (contact: NewContact) =>
    act(async () => {
      await engagement.logContact(id, contact)
      return { key: form === 'follow_up' ? 'web.engagement.actions.follow_up_set' : 'web.engagement.actions.contact_logged' }
    })
  const caseload = () =>
    act(async () => {
      if (family.inCaseload) await engagement.removeFromCaseload(id)
      else await engagement.addToCaseload(id)
      return { key: family.inCaseload ? 'web.engagement.actions.removed_caseload' : 'web.engagement.actions.added_caseload' }
    })
  const toggle = (next: 'contact' | 'follow_up') => setForm(form === next ? 'none' : next)

  const body = (
    <div class="family-actions-body">
      <div class="actions">
        {family.adults.map((adult) => (
          <button key={adult.userId} type="button" class="secondary" disabled={action.busy} onClick={() => message(adult.userId)}>
            <T k="web.engagement.actions.message" values={{ name: adult.name }} />
          </button>
        ))}
        {reminderChannels(family).map((channel) => (
          <button
            aria-label={actionLabel(`web.engagement.actions.remind_${channel}`, name)}
            key={channel}
            type="button"
            class="secondary"
            disabled={action.busy}
            onClick={() => remind(channel)}
          >
            <T k={`web.engagement.actions.remind_${channel}`} />
          </button>
        ))}
        <button
          aria-label={actionLabel('web.engagement.actions.log_contact', name)}
          type="button"
          class="secondary"
          aria-expanded={form === 'contact'}
          onClick={() => toggle('contact')}
        >
          <T k="web.engagement.actions.log_contact" />
        </button>
        <button
          aria-label={actionLabel('web.engagement.actions.set_follow_up', name)}
          type="button"
          class="secondary"
          aria-expanded={form === 'follow_up'}
          onClick={() => toggle('follow_up')}
        >
          <T k="web.engagement.actions.set_follow_up" />
        </button>
        <button type="button" class="secondary" disabled={action.busy} onClick={caseload} aria-label={actionLabel(caseloadKey, name)}>
          <T k={caseloadKey} />
        </button>
      </div>
      {form === 'none' ? null : (
        <ContactForm key={form} idPrefix={idPrefix} mode={form} busy={action.busy} onSave={save} onCancel={() => setForm('none')} />
      )}
      <Alert error={action.error} />
    </div>
  )
  if (!collapsed) return body
  return (
    <details class="family-actions">
      <summary>
        <T k="web.engagement.actions.open" />
        <span class="visually-hidden">: {name}</span>
      </summary>
      {body}
    </details>
  )
}
