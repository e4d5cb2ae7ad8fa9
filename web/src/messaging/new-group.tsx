import { useEffect, useState } from 'preact/hooks'
import type { Contact, Conversation } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { T, useText } from '../i18n.tsx'
import { navigate } from '../router.tsx'
import { Alert, Field } from '../ui.tsx'

/** The most learners one group takes (StartConversation.learnerIds). */
const MAX_LEARNERS = 200
const TITLE_MAX_LENGTH = 120

/** A learner staff may choose, with the names of their guardians (the family who joins). */
interface Choice {
  learnerId: string
  name: string
  guardians: string[]
}

/** The families among the contacts, one entry per learner, by name. */
function learnersOf(contacts: Contact[]): Choice[] {
  const byId = new Map<string, Choice>()
  for (const contact of contacts) {
    if (contact.side !== 'family') continue
    contact.learnerIds.forEach((learnerId, i) => {
      const choice = byId.get(learnerId) ?? { learnerId, name: contact.learners[i] ?? '', guardians: [] }
      if (!choice.guardians.includes(contact.name)) choice.guardians.push(contact.name)
      byId.set(learnerId, choice)
    })
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Staff start a group conversation with chosen families (POST /conversations, kind group): a
 * title and the learners whose families join (every guardian of each). The families offered are
 * the staff member's contacts: a teacher's own classes, every family for the FEO, DSL and admins.
 */
export function NewGroup({ schoolId, onCancel }: { schoolId: string; onCancel: () => void }) {
  const text = useText()
  const [learners, setLearners] = useState<Choice[] | null>(null)
  const [chosen, setChosen] = useState<string[]>([])
  const [title, setTitle] = useState('')
  const [filter, setFilter] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    api.get<{ contacts: Contact[] }>(`/api/schools/${schoolId}/conversations/contacts`).then(
      (answer) => setLearners(learnersOf(answer.contacts)),
      (err: unknown) => setError(err),
    )
  }, [schoolId])

  const toggle = (learnerId: string, on: boolean) =>
    setChosen((list) => (on ? [...list.filter((id) => id !== learnerId), learnerId] : list.filter((id) => id !== learnerId)))

  const start = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const group = await api.post<Conversation>(`/api/schools/${schoolId}/conversations`, {
        kind: 'group',
        title: title.trim(),
        learnerIds: chosen,
      })
      navigate(`/messages/${group.id}`)
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  const needle = filter.trim().toLocaleLowerCase()
  const shown = (learners ?? []).filter(
    (l) => needle === '' || chosen.includes(l.learnerId) || [l.name, ...l.guardians].some((n) => n.toLocaleLowerCase().includes(needle)),
  )

  return (
    <form class="panel" onSubmit={start} aria-labelledby="group-heading">
      <h2 id="group-heading">
        <T k="web.messaging.group.title" />
      </h2>
      <Field id="group-title" label="web.messaging.group.name">
        <input id="group-title" required maxLength={TITLE_MAX_LENGTH} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </Field>
      {learners === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : learners.length === 0 ? (
        <p>
          <T k="web.messaging.group.no_families" />
        </p>
      ) : (
        <fieldset class="field group-families">
          <legend>
            <T k="web.messaging.group.families" />
          </legend>
          {learners.length > 10 ? (
            <input
              type="search"
              class="group-filter"
              aria-label={text('web.messaging.group.filter')}
              placeholder={text('web.messaging.group.filter')}
              value={filter}
              onInput={(e) => setFilter(e.currentTarget.value)}
            />
          ) : null}
          <ul class="group-choices">
            {shown.map((learner) => (
              <li key={learner.learnerId}>
                <label class="choice">
                  <input
                    type="checkbox"
                    checked={chosen.includes(learner.learnerId)}
                    onChange={(e) => toggle(learner.learnerId, e.currentTarget.checked)}
                  />
                  <span>
                    <span class="contact-name">{learner.name}</span>{' '}
                    <span class="contact-detail">
                      <T k="web.messaging.group.guardians" values={{ names: learner.guardians.join(', ') }} />
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <p class="counter" aria-live="polite">
            <T k="web.messaging.group.chosen" values={{ count: chosen.length, max: MAX_LEARNERS }} />
          </p>
        </fieldset>
      )}
      <Alert error={error} />
      <div class="actions">
        <button type="submit" disabled={busy || title.trim() === '' || chosen.length === 0 || chosen.length > MAX_LEARNERS}>
          <T k="web.messaging.group.start" />
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          <T k="web.messaging.cancel" />
        </button>
      </div>
    </form>
  )
}
