import { useState } from 'preact/hooks'
import { DEFAULT_OPEN_ITEM_LIMIT, FORUM_NAME_MAX, type ForumDraft, ITEM_DESCRIPTION_MAX } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { navigate } from '../router.tsx'
import { Field } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { Outcome } from './forum-text.tsx'
import { useAction } from './use-loaded.ts'

const empty = (): ForumDraft => ({ nameCy: '', nameEn: '', descriptionCy: '', descriptionEn: '', openItemLimit: DEFAULT_OPEN_ITEM_LIMIT })

/** One language's name and description, in a column marked with its language (Welsh on the left). */
function LanguageColumn({ lng, draft, onChange }: { lng: 'cy' | 'en'; draft: ForumDraft; onChange: (part: Partial<ForumDraft>) => void }) {
  const suffix = lng === 'cy' ? 'Cy' : 'En'
  return (
    <fieldset class="field language-column">
      <legend>
        <T k={`language.${lng}`} />
      </legend>
      <Field id={`forum-name-${lng}`} label={`web.forum.create.name_${lng}`}>
        <input
          id={`forum-name-${lng}`}
          lang={lng}
          required
          maxLength={FORUM_NAME_MAX}
          value={draft[`name${suffix}`]}
          onInput={(e) => onChange({ [`name${suffix}`]: e.currentTarget.value })}
        />
      </Field>
      <Field id={`forum-description-${lng}`} label={`web.forum.create.description_${lng}`}>
        <textarea
          id={`forum-description-${lng}`}
          class="compose-text"
          lang={lng}
          rows={4}
          maxLength={ITEM_DESCRIPTION_MAX}
          value={draft[`description${suffix}`]}
          onInput={(e) => onChange({ [`description${suffix}`]: e.currentTarget.value })}
        />
      </Field>
    </fieldset>
  )
}

/** Creating a forum (admins and FEOs): its name and description in both languages, and the open-item limit. */
export function CreateForumForm({ forums }: { forums: ForumApi }) {
  const [draft, setDraft] = useState<ForumDraft>(empty)
  const action = useAction()
  const change = (part: Partial<ForumDraft>) => setDraft((d) => ({ ...d, ...part }))

  const submit = (event: Event) => {
    event.preventDefault()
    action.run(async () => {
      const forum = await forums.createForum({
        ...draft,
        nameCy: draft.nameCy.trim(),
        nameEn: draft.nameEn.trim(),
        descriptionCy: draft.descriptionCy.trim(),
        descriptionEn: draft.descriptionEn.trim(),
      })
      navigate(`/forum/${forum.id}`)
      return null
    })
  }

  return (
    <section class="panel forum-create" aria-labelledby="forum-create-heading">
      <h2 id="forum-create-heading">
        <T k="web.forum.create.title" />
      </h2>
      <form onSubmit={submit}>
        <div class="bilingual-columns">
          <LanguageColumn lng="cy" draft={draft} onChange={change} />
          <LanguageColumn lng="en" draft={draft} onChange={change} />
        </div>
        <Field id="forum-open-limit" label="web.forum.create.open_item_limit">
          <input
            id="forum-open-limit"
            type="number"
            class="narrow"
            min={1}
            max={20}
            required
            aria-describedby="forum-open-limit-help"
            value={draft.openItemLimit}
            onInput={(e) => change({ openItemLimit: e.currentTarget.valueAsNumber || 0 })}
          />
        </Field>
        <p id="forum-open-limit-help" class="muted">
          <T k="web.forum.create.open_item_limit_help" />
        </p>
        <Outcome done={action.done} error={action.error} />
        <button type="submit" disabled={action.busy}>
          <T k="web.forum.create.submit" />
        </button>
      </form>
    </section>
  )
}
