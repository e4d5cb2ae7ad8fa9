import { useState } from 'preact/hooks'
import { ITEM_DESCRIPTION_MAX, ITEM_TITLE_MAX } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Field } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { Outcome } from './forum-text.tsx'
import { useAction } from './use-loaded.ts'

interface Props {
  forums: ForumApi
  forumId: string
  /** The language the person reads in: the form starts in it (Welsh when they chose both). */
  defaultLanguage: 'cy' | 'en'
  /** How many open items each member may have at once. */
  openItemLimit: number
  onProposed: () => void
}

/**
 * Proposing an item: in Welsh or in English, as the person chooses (the other language can be
 * added later), with a title and a description, optionally anonymously.
 */
export function ProposeItemForm({ forums, forumId, defaultLanguage, openItemLimit, onProposed }: Props) {
  const [language, setLanguage] = useState<'cy' | 'en'>(defaultLanguage)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  const action = useAction()

  const submit = (event: Event) => {
    event.preventDefault()
    action.run(async () => {
      await forums.propose(forumId, { language, title: title.trim(), description: description.trim(), anonymous })
      setTitle('')
      setDescription('')
      setAnonymous(false)
      onProposed()
      return 'web.forum.propose.done'
    })
  }

  return (
    <section class="panel propose-item" aria-labelledby="propose-heading">
      <h2 id="propose-heading">
        <T k="web.forum.propose.title" />
      </h2>
      <p class="muted">
        <T k="web.forum.propose.limit" values={{ count: openItemLimit }} />
      </p>
      <form onSubmit={submit}>
        <fieldset class="field">
          <legend>
            <T k="web.forum.propose.language" />
          </legend>
          <div class="choice-row">
            {(['cy', 'en'] as const).map((lng) => (
              <label key={lng} class="choice">
                <input type="radio" name="propose-language" value={lng} checked={language === lng} onChange={() => setLanguage(lng)} />
                <span lang={lng}>
                  <T k={`language.${lng}`} />
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="propose-title" label="web.forum.propose.item_title">
          <input
            id="propose-title"
            lang={language}
            required
            maxLength={ITEM_TITLE_MAX}
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </Field>
        <Field id="propose-description" label="web.forum.propose.description">
          <textarea
            id="propose-description"
            class="compose-text"
            lang={language}
            rows={5}
            maxLength={ITEM_DESCRIPTION_MAX}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </Field>
        <div class="field">
          <label class="choice">
            <input
              type="checkbox"
              checked={anonymous}
              aria-describedby="propose-anonymous-help"
              onChange={(e) => setAnonymous(e.currentTarget.checked)}
            />
            <T k="web.forum.propose.anonymous" />
          </label>
          <p id="propose-anonymous-help" class="muted">
            <T k="web.forum.propose.anonymous_help" />
          </p>
        </div>
        <Outcome done={action.done} error={action.error} />
        <button type="submit" disabled={action.busy || title.trim() === ''}>
          <T k="web.forum.propose.submit" />
        </button>
      </form>
    </section>
  )
}
