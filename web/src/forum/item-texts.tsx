import { useState } from 'preact/hooks'
import { type AgendaItem, ITEM_DESCRIPTION_MAX, ITEM_TITLE_MAX } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Alert } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { useAction } from './use-loaded.ts'

type Lng = 'cy' | 'en'

interface Props {
  forums: ForumApi
  item: AgendaItem
  /** The author (the original, while proposed, and the other language) or a facilitator (the other language). */
  mayEdit: (lng: Lng) => boolean
  onSaved: (done: string) => void
}

/** The title and description in one language, to add or correct. */
function TextForm({ forums, item, lng, onSaved, onCancel }: Omit<Props, 'mayEdit'> & { lng: Lng; onCancel: () => void }) {
  const suffix = lng === 'cy' ? 'Cy' : 'En'
  const [title, setTitle] = useState(item[`title${suffix}`])
  const [description, setDescription] = useState(item[`description${suffix}`])
  const action = useAction()
  const id = `item-text-${lng}`
  const submit = (event: Event) => {
    event.preventDefault()
    action.run(async () => {
      await forums.setText(item.forumId, item.id, { language: lng, title: title.trim(), description: description.trim() })
      onSaved('web.forum.text.saved')
      return null
    })
  }
  return (
    <form class="text-form" onSubmit={submit}>
      <div class="field">
        <label for={`${id}-title`}>
          <T k={`web.forum.text.title_${lng}`} />
        </label>
        <input
          id={`${id}-title`}
          lang={lng}
          required
          maxLength={ITEM_TITLE_MAX}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${id}-description`}>
          <T k={`web.forum.text.description_${lng}`} />
        </label>
        <textarea
          id={`${id}-description`}
          class="compose-text"
          lang={lng}
          rows={5}
          maxLength={ITEM_DESCRIPTION_MAX}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <Alert error={action.error} />
      <div class="actions">
        <button type="submit" disabled={action.busy || title.trim() === ''}>
          <T k="web.forum.text.save" />
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          <T k="web.forum.cancel" />
        </button>
      </div>
    </form>
  )
}

/**
 * The item in Welsh and in English, Welsh first, each marked as the original (the language it
 * was written in) or the translation; a language not added yet says so, with a form to add it
 * for those who may.
 */
export function ItemTexts({ forums, item, mayEdit, onSaved }: Props) {
  const [editing, setEditing] = useState<Lng | null>(null)
  const saved = (done: string) => {
    setEditing(null)
    onSaved(done)
  }
  return (
    <div class="bilingual-columns item-texts">
      {(['cy', 'en'] as const).map((lng) => {
        const suffix = lng === 'cy' ? 'Cy' : 'En'
        const title = item[`title${suffix}`]
        const description = item[`description${suffix}`]
        const original = item.originalLanguage === lng
        return (
          <section key={lng} class="language-column item-text" data-language={lng} aria-labelledby={`item-text-${lng}-heading`}>
            <h2 id={`item-text-${lng}-heading`} class="item-text-heading">
              <T k={`language.${lng}`} />{' '}
              <span class="muted">
                (<T k={original ? 'web.forum.text.original' : 'web.forum.text.translation'} />)
              </span>
            </h2>
            {editing === lng ? (
              <TextForm forums={forums} item={item} lng={lng} onSaved={saved} onCancel={() => setEditing(null)} />
            ) : title ? (
              <>
                <h3 class="item-title" lang={lng}>
                  {title}
                </h3>
                {description ? (
                  <p class="written" lang={lng}>
                    {description}
                  </p>
                ) : null}
                {mayEdit(lng) ? (
                  <button type="button" class="link-button" onClick={() => setEditing(lng)}>
                    <T k={`web.forum.text.edit_${lng}`} />
                  </button>
                ) : null}
              </>
            ) : (
              <>
                <p class="not-translated">
                  <T k={`web.forum.text.not_translated_${lng}`} />
                </p>
                {mayEdit(lng) ? (
                  <button type="button" class="secondary" onClick={() => setEditing(lng)}>
                    <T k={`web.forum.text.add_${lng}`} />
                  </button>
                ) : null}
              </>
            )}
          </section>
        )
      })}
    </div>
  )
}
