import { useState } from 'preact/hooks'
import { ITEM_TITLE_MAX } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Field } from '../ui.tsx'
import type { DraftLine } from './agenda-lines.ts'

/** Keys for standing items added on this page (they have no id until the agenda is saved). */
let added = 0

/** A standing item (apologies, matters arising, any other business): its title in both languages and its minutes. */
export function StandingItemForm({ onAdd }: { onAdd: (line: DraftLine) => void }) {
  const [titleCy, setTitleCy] = useState('')
  const [titleEn, setTitleEn] = useState('')
  const [minutes, setMinutes] = useState(5)
  const ready = titleCy.trim() !== '' && titleEn.trim() !== '' && minutes > 0

  const submit = (event: Event) => {
    event.preventDefault()
    if (!ready) return
    onAdd({
      key: `standing-new-${++added}`,
      itemId: null,
      titleCy: titleCy.trim(),
      titleEn: titleEn.trim(),
      durationMinutes: minutes,
      carriedOver: false,
      supports: null,
    })
    setTitleCy('')
    setTitleEn('')
    setMinutes(5)
  }

  return (
    <form class="panel standing-item" onSubmit={submit} aria-labelledby="standing-item-heading">
      <h3 id="standing-item-heading">
        <T k="web.forum.agenda.standing_title" />
      </h3>
      <div class="bilingual-columns">
        <Field id="standing-title-cy" label="web.forum.agenda.standing_title_cy">
          <input
            id="standing-title-cy"
            lang="cy"
            maxLength={ITEM_TITLE_MAX}
            value={titleCy}
            onInput={(e) => setTitleCy(e.currentTarget.value)}
          />
        </Field>
        <Field id="standing-title-en" label="web.forum.agenda.standing_title_en">
          <input
            id="standing-title-en"
            lang="en"
            maxLength={ITEM_TITLE_MAX}
            value={titleEn}
            onInput={(e) => setTitleEn(e.currentTarget.value)}
          />
        </Field>
      </div>
      <Field id="standing-minutes" label="web.forum.agenda.minutes">
        <input
          id="standing-minutes"
          type="number"
          class="narrow"
          min={1}
          max={300}
          value={minutes}
          onInput={(e) => setMinutes(e.currentTarget.valueAsNumber || 0)}
        />
      </Field>
      <button type="submit" class="secondary" disabled={!ready}>
        <T k="web.forum.agenda.standing_add" />
      </button>
    </form>
  )
}
