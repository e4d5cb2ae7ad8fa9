import { useState } from 'preact/hooks'
import { type AgendaEntry, type Meeting, MINUTES_MAX, type MinutesLine, REASON_MAX } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Alert } from '../ui.tsx'
import { EntryActions } from './entry-actions.tsx'
import type { ForumApi } from './forum-api.ts'
import { Written } from './forum-text.tsx'
import { useAction } from './use-loaded.ts'

interface Props {
  forums: ForumApi
  meeting: Meeting
  /** After a save, share or approval: a catalog key saying what was done (the page refetches the meeting). */
  onChanged: (done: string) => void
}

/** An entry not marked yet counts as reached: most are, and the box says so for each. */
const lineOf = (entry: AgendaEntry): MinutesLine => ({
  entryId: entry.id,
  reached: entry.reached ?? true,
  minutesCy: entry.minutesCy,
  minutesEn: entry.minutesEn,
  decisionCy: entry.decisionCy,
  decisionEn: entry.decisionEn,
})

type TextField = 'minutesCy' | 'minutesEn' | 'decisionCy' | 'decisionEn'

/** One language's minutes and decision for an entry, in a column marked with its language. */
function Column({ lng, line, onChange }: { lng: 'cy' | 'en'; line: MinutesLine; onChange: (field: TextField, value: string) => void }) {
  const suffix = lng === 'cy' ? 'Cy' : 'En'
  const id = `minutes-${line.entryId}-${lng}`
  return (
    <fieldset class="field language-column">
      <legend>
        <T k={`language.${lng}`} />
      </legend>
      <div class="field">
        <label for={id}>
          <T k={`web.forum.minutes.minutes_${lng}`} />
        </label>
        <textarea
          id={id}
          class="compose-text"
          lang={lng}
          rows={5}
          maxLength={MINUTES_MAX}
          value={line[`minutes${suffix}`]}
          onInput={(e) => onChange(`minutes${suffix}`, e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${id}-decision`}>
          <T k={`web.forum.minutes.decision_${lng}`} />
        </label>
        <textarea
          id={`${id}-decision`}
          class="compose-text"
          lang={lng}
          rows={2}
          maxLength={REASON_MAX}
          value={line[`decision${suffix}`]}
          onInput={(e) => onChange(`decision${suffix}`, e.currentTarget.value)}
        />
      </div>
    </fieldset>
  )
}

/**
 * Writing the minutes (facilitators): per agenda entry, whether the meeting reached it, the
 * minutes and the decision with Welsh on the left and English on the right (Welsh first on a
 * phone), and its actions; then "share the draft with members" and "approve and lock", after
 * which the minutes can no longer change (reached items become discussed, the rest carry over).
 */
export function MinutesEditor({ forums, meeting, onChanged }: Props) {
  const initial = meeting.agenda.map(lineOf)
  const [lines, setLines] = useState<MinutesLine[]>(initial)
  const [confirming, setConfirming] = useState(false)
  const action = useAction()
  const dirty = JSON.stringify(lines) !== JSON.stringify(initial)
  const { forumId, id: meetingId } = meeting

  const change = (entryId: string, part: Partial<MinutesLine>) =>
    setLines((all) => all.map((line) => (line.entryId === entryId ? { ...line, ...part } : line)))
  const save = () => forums.setMinutes(forumId, meetingId, { entries: lines })
  const saveOnly = () =>
    action.run(async () => {
      await save()
      onChanged('web.forum.minutes.saved')
      return null
    })
  const share = () =>
    action.run(async () => {
      if (dirty || meeting.minutesStatus === 'none') await save()
      await forums.shareMinutes(forumId, meetingId)
      onChanged('web.forum.minutes.shared')
      return null
    })
  const approve = () =>
    action.run(async () => {
      if (dirty || meeting.minutesStatus === 'none') await save()
      await forums.approveMinutes(forumId, meetingId)
      setConfirming(false)
      onChanged('web.forum.minutes.approved')
      return null
    })

  return (
    <section class="minutes-editor" aria-labelledby="minutes-editor-heading">
      <h2 id="minutes-editor-heading">
        <T k="web.forum.minutes.write_title" />
      </h2>
      <p class="status-line" data-minutes-status={meeting.minutesStatus}>
        <T k={`web.forum.minutes.status.${meeting.minutesStatus}`} />
      </p>
      {meeting.agenda.map((entry, index) => {
        const line = lines.find((l) => l.entryId === entry.id) ?? lineOf(entry)
        return (
          <article key={entry.id} class="panel minutes-entry" data-entry-id={entry.id} aria-labelledby={`entry-${entry.id}-title`}>
            <h3 id={`entry-${entry.id}-title`}>
              {index + 1}. <Written cy={entry.titleCy} en={entry.titleEn} />
            </h3>
            <div class="field">
              <label class="choice">
                <input type="checkbox" checked={line.reached} onChange={(e) => change(entry.id, { reached: e.currentTarget.checked })} />
                <T k="web.forum.minutes.reached" />
              </label>
            </div>
            <div class="bilingual-columns">
              <Column lng="cy" line={line} onChange={(field, value) => change(entry.id, { [field]: value })} />
              <Column lng="en" line={line} onChange={(field, value) => change(entry.id, { [field]: value })} />
            </div>
            <EntryActions
              forums={forums}
              forumId={forumId}
              meetingId={meetingId}
              entryId={entry.id}
              actions={entry.actions}
              facilitator
              mayAdd
              onChanged={onChanged}
            />
          </article>
        )
      })}
      <Alert error={action.error} />
      <div class="actions">
        <button type="button" class="secondary" disabled={action.busy || !dirty} onClick={saveOnly}>
          <T k="web.forum.minutes.save" />
        </button>
        <button type="button" class="secondary" disabled={action.busy} onClick={share}>
          <T k="web.forum.minutes.share" />
        </button>
        {confirming ? null : (
          <button type="button" disabled={action.busy} onClick={() => setConfirming(true)}>
            <T k="web.forum.minutes.approve" />
          </button>
        )}
      </div>
      {confirming ? (
        <div class="panel">
          <p>
            <T k="web.forum.minutes.approve_confirm" />
          </p>
          <div class="actions">
            <button type="button" disabled={action.busy} onClick={approve}>
              <T k="web.forum.minutes.approve_yes" />
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              <T k="web.forum.cancel" />
            </button>
          </div>
        </div>
      ) : null}
    </section>
  )
}
