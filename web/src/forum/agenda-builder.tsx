import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { AgendaSuggestion, Meeting } from '../../../shared/schemas/forum.ts'
import { T, useLanguage } from '../i18n.tsx'
import { Alert, useActionLabel } from '../ui.tsx'
import { agendaOf, type DraftLine, lineOfEntry, lineOfSuggestion, moved, totalMinutes } from './agenda-lines.ts'
import type { ForumApi } from './forum-api.ts'
import { plainText } from './forum-model.ts'
import { Written } from './forum-text.tsx'
import { StandingItemForm } from './standing-item-form.tsx'
import { useAction } from './use-loaded.ts'

interface Props {
  forums: ForumApi
  meeting: Meeting
  /** After a save or the publish: a catalog key saying what was done (the page refetches the meeting). */
  onChanged: (done: string) => void
}

/** One line: its title, minutes, and buttons to move it up or down or take it off. */
function Line({
  line,
  index,
  count,
  onMinutes,
  onMove,
  onRemove,
}: {
  line: DraftLine
  index: number
  count: number
  onMinutes: (minutes: number) => void
  onMove: (by: -1 | 1) => void
  onRemove: () => void
}) {
  const actionLabel = useActionLabel()
  const { choice } = useLanguage()
  const title = plainText(choice, line.titleCy, line.titleEn)
  return (
    <li class="agenda-line" data-item-id={line.itemId ?? undefined} data-key={line.key}>
      <span class="agenda-line-title">
        <span class="agenda-position">{index + 1}.</span> <Written cy={line.titleCy} en={line.titleEn} />
      </span>
      <span class="muted agenda-line-meta">
        {line.itemId === null ? <T k="web.forum.agenda.standing" /> : null}
        {line.carriedOver ? <T k="web.forum.items.carried_over" /> : null}
        {line.supports !== null ? <T k="web.forum.support.count" values={{ count: line.supports }} /> : null}
      </span>
      <div class="agenda-line-controls">
        <label class="agenda-minutes" for={`agenda-minutes-${line.key}`}>
          <T k="web.forum.agenda.minutes" />
          <span class="visually-hidden">: {title}</span>
        </label>
        <input
          id={`agenda-minutes-${line.key}`}
          type="number"
          class="narrow"
          min={1}
          max={300}
          required
          value={line.durationMinutes}
          onInput={(e) => onMinutes(e.currentTarget.valueAsNumber || 0)}
        />
        <button
          aria-label={actionLabel('web.forum.agenda.move_up', title)}
          type="button"
          class="secondary"
          id={`agenda-up-${line.key}`}
          disabled={index === 0}
          onClick={() => onMove(-1)}
        >
          <T k="web.forum.agenda.move_up" />
        </button>
        <button
          aria-label={actionLabel('web.forum.agenda.move_down', title)}
          type="button"
          class="secondary"
          id={`agenda-down-${line.key}`}
          disabled={index === count - 1}
          onClick={() => onMove(1)}
        >
          <T k="web.forum.agenda.move_down" />
        </button>
        <button aria-label={actionLabel('web.forum.agenda.remove', title)} type="button" class="secondary danger" onClick={onRemove}>
          <T k="web.forum.agenda.remove" />
        </button>
      </div>
    </li>
  )
}

/**
 * The agenda builder (facilitators): starts from the suggested agenda (carried-over items first,
 * then by support) or the agenda saved; lines are reordered with buttons (keyboard focus follows
 * the moved line), timed in minutes, and standing items added. The total is shown against the
 * meeting's length; the server refuses an agenda longer than the meeting, with its reason.
 */
export function AgendaBuilder({ forums, meeting, onChanged }: Props) {
  const saved = meeting.agenda.map(lineOfEntry)
  const [lines, setLines] = useState<DraftLine[]>(saved)
  const [suggestions, setSuggestions] = useState<AgendaSuggestion[]>([])
  const [focus, setFocus] = useState<{ key: string; by: -1 | 1 } | null>(null)
  const action = useAction()
  const touched = useRef(false)
  const total = totalMinutes(lines)
  const over = total - meeting.durationMinutes
  const dirty = JSON.stringify(agendaOf(lines)) !== JSON.stringify(agendaOf(saved))

  useEffect(() => {
    forums.suggestedAgenda(meeting.forumId, meeting.id).then((list) => {
      setSuggestions(list)
      // A new agenda starts from the suggestions, in their order.
      if (saved.length === 0 && !touched.current) setLines(list.map(lineOfSuggestion))
    }, action.setError)
  }, [meeting.id])

  // Keyboard focus stays on the line that moved (on the other button once it reaches an end).
  useLayoutEffect(() => {
    if (!focus) return
    const same = document.getElementById(`agenda-${focus.by < 0 ? 'up' : 'down'}-${focus.key}`) as HTMLButtonElement | null
    const other = document.getElementById(`agenda-${focus.by < 0 ? 'down' : 'up'}-${focus.key}`) as HTMLButtonElement | null
    ;(same && !same.disabled ? same : other)?.focus()
    setFocus(null)
  }, [focus])

  const edit = (next: DraftLine[]) => {
    touched.current = true
    setLines(next)
  }
  const offered = suggestions.filter((s) => !lines.some((line) => line.itemId === s.itemId))

  const save = async () => {
    await forums.setAgenda(meeting.forumId, meeting.id, { entries: agendaOf(lines) })
    touched.current = false
  }
  const saveOnly = () =>
    action.run(async () => {
      await save()
      onChanged('web.forum.agenda.saved')
      return null
    })
  const publish = () =>
    action.run(async () => {
      if (dirty) await save()
      await forums.publish(meeting.forumId, meeting.id)
      onChanged('web.forum.agenda.published')
      return null
    })

  return (
    <section class="agenda-builder" aria-labelledby="agenda-builder-heading">
      <h2 id="agenda-builder-heading">
        <T k="web.forum.agenda.build_title" />
      </h2>
      {lines.length === 0 ? (
        <p>
          <T k="web.forum.agenda.empty" />
        </p>
      ) : (
        <ol class="agenda-lines">
          {lines.map((line, index) => (
            <Line
              key={line.key}
              line={line}
              index={index}
              count={lines.length}
              onMinutes={(minutes) => edit(lines.map((l) => (l.key === line.key ? { ...l, durationMinutes: minutes } : l)))}
              onMove={(by) => {
                edit(moved(lines, line.key, by))
                setFocus({ key: line.key, by })
              }}
              onRemove={() => edit(lines.filter((l) => l.key !== line.key))}
            />
          ))}
        </ol>
      )}
      <p role="status" class={over > 0 ? 'agenda-total too-long' : 'agenda-total'} data-total={total}>
        <T k="web.forum.agenda.total" values={{ total, length: meeting.durationMinutes }} />
        {over > 0 ? (
          <>
            {' '}
            <strong>
              <T k="web.forum.agenda.too_long" values={{ count: over }} />
            </strong>
          </>
        ) : null}
      </p>
      {offered.length > 0 ? (
        <div class="panel agenda-suggestions">
          <h3>
            <T k="web.forum.agenda.suggestions" />
          </h3>
          <ul class="plain-list">
            {offered.map((s) => (
              <li key={s.itemId} class="agenda-suggestion">
                <Written cy={s.titleCy} en={s.titleEn} />{' '}
                <span class="muted">
                  <T k="web.forum.support.count" values={{ count: s.supports }} />
                  {s.carriedOver ? (
                    <>
                      {' · '}
                      <T k="web.forum.items.carried_over" />
                    </>
                  ) : null}
                </span>{' '}
                <AddSuggestion title={s} onAdd={() => edit([...lines, lineOfSuggestion(s)])} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <StandingItemForm onAdd={(line) => edit([...lines, line])} />
      <Alert error={action.error} />
      <div class="actions">
        <button type="button" class="secondary" disabled={action.busy || !dirty} onClick={saveOnly}>
          <T k="web.forum.agenda.save" />
        </button>
        <button type="button" disabled={action.busy || lines.length === 0} onClick={publish}>
          <T k={meeting.status === 'published' ? 'web.forum.agenda.publish_again' : 'web.forum.agenda.publish'} />
        </button>
      </div>
      <p class="muted">
        <T k="web.forum.agenda.publish_help" />
      </p>
    </section>
  )
}

function AddSuggestion({ title, onAdd }: { title: AgendaSuggestion; onAdd: () => void }) {
  const actionLabel = useActionLabel()
  const { choice } = useLanguage()
  return (
    <button
      aria-label={actionLabel('web.forum.agenda.add', plainText(choice, title.titleCy, title.titleEn))}
      type="button"
      class="secondary"
      onClick={onAdd}
    >
      <T k="web.forum.agenda.add" />
    </button>
  )
}
