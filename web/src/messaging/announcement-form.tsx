import { useEffect, useState } from 'preact/hooks'
import { MESSAGE_MAX_LENGTH, type SentMessage } from '../../../shared/schemas/messaging.ts'
import type { ClassGroup } from '../../../shared/schemas/people.ts'
import { api } from '../api.ts'
import { localesOf, T, useLanguage, useText } from '../i18n.tsx'
import { navigate } from '../router.tsx'
import { Alert, Field } from '../ui.tsx'

/**
 * Staff post to a class's families (POST /announcements); the channel opens once posted. Only
 * the classes the server says this person may post to are offered (a teacher's own classes;
 * every class for the FEO and admins). The
 * clientId is made once per announcement, so pressing Post again after a lost answer does not
 * post it twice.
 */
export function AnnouncementForm({ schoolId, onCancel }: { schoolId: string; onCancel: () => void }) {
  const text = useText()
  const { choice } = useLanguage()
  const [classId, setClassId] = useState('')
  const [body, setBody] = useState('')
  const [clientId] = useState(() => crypto.randomUUID())
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [classes, setClasses] = useState<ClassGroup[] | null>(null)

  useEffect(() => {
    api.get<{ classes: ClassGroup[] }>(`/api/schools/${schoolId}/conversations/announcement-classes`).then(
      (answer) => {
        setClasses(answer.classes)
        // One class: nothing to choose.
        if (answer.classes.length === 1) setClassId(answer.classes[0]?.id ?? '')
      },
      (err: unknown) => setError(err),
    )
  }, [schoolId])

  const post = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const sent = await api.post<SentMessage>(`/api/schools/${schoolId}/announcements`, { classId, clientId, body })
      navigate(`/messages/${sent.message.conversationId}`)
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <form class="panel" onSubmit={post} aria-labelledby="announce-heading">
      <h2 id="announce-heading">
        <T k="web.messaging.announce.title" />
      </h2>
      {classes?.length === 0 ? (
        <p>
          <T k="web.messaging.announce.no_classes" />
        </p>
      ) : null}
      <Field id="announce-class" label="web.messaging.announce.class">
        <select id="announce-class" required value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
          <option value="">{text('web.messaging.announce.choose_class')}</option>
          {(classes ?? []).map((group) => (
            <option key={group.id} value={group.id}>
              {[...new Set(localesOf(choice).map((lng) => (lng === 'cy' ? group.nameCy : group.nameEn)))].join(' / ')}
            </option>
          ))}
        </select>
      </Field>
      <Field id="announce-body" label="web.messaging.announce.body">
        <textarea
          id="announce-body"
          class="compose-text"
          rows={4}
          required
          maxLength={MESSAGE_MAX_LENGTH}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
      </Field>
      <Alert error={error} />
      <div class="actions">
        <button type="submit" disabled={busy || !classId || body.trim() === ''}>
          <T k="web.messaging.announce.post" />
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          <T k="web.messaging.cancel" />
        </button>
      </div>
    </form>
  )
}
