import { useState } from 'preact/hooks'
import { type ActionStatus, type ForumAction, REASON_MAX } from '../../../shared/schemas/forum.ts'
import { T, useText } from '../i18n.tsx'
import { Alert, Field } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { Day, Written } from './forum-text.tsx'
import { useAction } from './use-loaded.ts'

export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress', 'done']

/** An action's owner, due date and status; "overdue" in words (not colour alone) when it is. */
export function ActionFacts({ action }: { action: ForumAction }) {
  return (
    <span class="action-facts">
      <T k="web.forum.actions.owner" values={{ name: action.owner }} />
      {' · '}
      <T k="web.forum.actions.due" /> <Day day={action.dueOn} />
      {' · '}
      <span class={`action-status action-${action.status}`} data-status={action.status}>
        <T k={`web.forum.actions.status.${action.status}`} />
      </span>
      {action.overdue ? (
        <>
          {' · '}
          <strong class="overdue" data-overdue="true">
            <T k="web.forum.actions.overdue" />
          </strong>
        </>
      ) : null}
    </span>
  )
}

/** A facilitator reports back on one action: open, in progress, done. */
function ActionStatusControl({ forums, forumId, action, onChanged }: Props & { action: ForumAction }) {
  const text = useText()
  const [status, setStatus] = useState<ActionStatus>(action.status)
  const run = useAction()
  const id = `action-status-${action.id}`
  const save = () =>
    run.run(async () => {
      await forums.updateAction(forumId, action.id, { status })
      onChanged('web.forum.actions.updated')
      return null
    })
  return (
    <div class="inline-form">
      <label for={id}>
        <T k="web.forum.actions.status_label" />
      </label>
      <select id={id} value={status} onChange={(e) => setStatus(e.currentTarget.value as ActionStatus)}>
        {ACTION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {text(`web.forum.actions.status.${s}`)}
          </option>
        ))}
      </select>
      <button type="button" class="secondary" disabled={run.busy || status === action.status} onClick={save}>
        <T k="web.forum.actions.update" />
      </button>
      <Alert error={run.error} />
    </div>
  )
}

interface Props {
  forums: ForumApi
  forumId: string
  /** After a change: a catalog key saying what was done (the page refetches the meeting). */
  onChanged: (done: string) => void
}

/** A new action on an agenda entry: what, in both languages, who and by when. */
function NewActionForm({ forums, forumId, meetingId, entryId, onChanged }: Props & { meetingId: string; entryId: string }) {
  const [descriptionCy, setDescriptionCy] = useState('')
  const [descriptionEn, setDescriptionEn] = useState('')
  const [owner, setOwner] = useState('')
  const [dueOn, setDueOn] = useState('')
  const run = useAction()
  const id = `new-action-${entryId}`
  const ready = descriptionCy.trim() && descriptionEn.trim() && owner.trim() && dueOn

  const submit = (event: Event) => {
    event.preventDefault()
    if (!ready) return
    run.run(async () => {
      await forums.addAction(forumId, meetingId, {
        entryId,
        descriptionCy: descriptionCy.trim(),
        descriptionEn: descriptionEn.trim(),
        owner: owner.trim(),
        dueOn,
      })
      setDescriptionCy('')
      setDescriptionEn('')
      setOwner('')
      setDueOn('')
      onChanged('web.forum.actions.added')
      return null
    })
  }

  return (
    <form class="new-action" onSubmit={submit}>
      <fieldset class="field">
        <legend>
          <T k="web.forum.actions.new" />
        </legend>
        <div class="bilingual-columns">
          <Field id={`${id}-cy`} label="web.forum.actions.description_cy">
            <textarea
              id={`${id}-cy`}
              class="compose-text"
              lang="cy"
              rows={2}
              maxLength={REASON_MAX}
              value={descriptionCy}
              onInput={(e) => setDescriptionCy(e.currentTarget.value)}
            />
          </Field>
          <Field id={`${id}-en`} label="web.forum.actions.description_en">
            <textarea
              id={`${id}-en`}
              class="compose-text"
              lang="en"
              rows={2}
              maxLength={REASON_MAX}
              value={descriptionEn}
              onInput={(e) => setDescriptionEn(e.currentTarget.value)}
            />
          </Field>
        </div>
        <div class="time-pair">
          <Field id={`${id}-owner`} label="web.forum.actions.owner_label">
            <input id={`${id}-owner`} maxLength={200} value={owner} onInput={(e) => setOwner(e.currentTarget.value)} />
          </Field>
          <Field id={`${id}-due`} label="web.forum.actions.due_label">
            <input id={`${id}-due`} type="date" value={dueOn} onInput={(e) => setDueOn(e.currentTarget.value)} />
          </Field>
        </div>
        <Alert error={run.error} />
        <button type="submit" class="secondary" disabled={run.busy || !ready}>
          <T k="web.forum.actions.add" />
        </button>
      </fieldset>
    </form>
  )
}

/**
 * The actions agreed on one agenda entry. Facilitators add new ones while the minutes are open
 * and update their status at any time, also after approval: that is the school reporting back.
 */
export function EntryActions({
  forums,
  forumId,
  meetingId,
  entryId,
  actions,
  facilitator,
  mayAdd,
  onChanged,
}: Props & { meetingId: string; entryId: string; actions: ForumAction[]; facilitator: boolean; mayAdd: boolean }) {
  return (
    <div class="entry-actions">
      <h4>
        <T k="web.forum.actions.title" />
      </h4>
      {actions.length === 0 ? (
        <p class="muted">
          <T k="web.forum.actions.none" />
        </p>
      ) : (
        <ul class="plain-list action-list">
          {actions.map((action) => (
            <li key={action.id} class="forum-action" data-action-id={action.id}>
              <Written cy={action.descriptionCy} en={action.descriptionEn} block />
              <ActionFacts action={action} />
              {facilitator ? <ActionStatusControl forums={forums} forumId={forumId} action={action} onChanged={onChanged} /> : null}
            </li>
          ))}
        </ul>
      )}
      {facilitator && mayAdd ? (
        <NewActionForm forums={forums} forumId={forumId} meetingId={meetingId} entryId={entryId} onChanged={onChanged} />
      ) : null}
    </div>
  )
}
