import { useEffect, useState } from 'preact/hooks'
import type { Contact, Conversation } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { navigate } from '../router.tsx'
import { Alert } from '../ui.tsx'

/**
 * Starts the direct conversation with one person (or finds the existing one) and opens it. Also
 * used by the engagement screens' "message the family".
 */
export async function startDirectConversation(schoolId: string, userId: string): Promise<void> {
  const conversation = await api.post<Conversation>(`/api/schools/${schoolId}/conversations`, { kind: 'direct', userId })
  navigate(`/messages/${conversation.id}`)
}

/**
 * The people this person may write to (GET /conversations/contacts); choosing one starts the
 * direct conversation (or finds the existing one) and opens it.
 */
export function NewConversation({ schoolId, onCancel }: { schoolId: string; onCancel: () => void }) {
  const [contacts, setContacts] = useState<Contact[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    api.get<{ contacts: Contact[] }>(`/api/schools/${schoolId}/conversations/contacts`).then(
      (answer) => setContacts(answer.contacts),
      (err: unknown) => setError(err),
    )
  }, [schoolId])

  const start = async (userId: string) => {
    setBusy(true)
    setError(null)
    try {
      await startDirectConversation(schoolId, userId)
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <section class="panel" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">
        <T k="web.messaging.contacts_heading" />
      </h2>
      <Alert error={error} />
      {contacts === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : contacts.length === 0 ? (
        <p>
          <T k="web.messaging.no_contacts" />
        </p>
      ) : (
        <ul class="contacts">
          {contacts.map((contact) => (
            <li key={contact.userId}>
              <button type="button" class="secondary contact" disabled={busy} onClick={() => start(contact.userId)}>
                <span class="contact-name">{contact.name}</span>
                {contact.roles.map((role) => (
                  <span key={role} class="contact-detail">
                    <T k={`roles.${role}`} />
                  </span>
                ))}
                {contact.learners.length > 0 ? (
                  <span class="contact-detail">
                    <T k="web.messaging.contact_family" values={{ names: contact.learners.join(', ') }} />
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="secondary" onClick={onCancel}>
        <T k="web.messaging.cancel" />
      </button>
    </section>
  )
}
