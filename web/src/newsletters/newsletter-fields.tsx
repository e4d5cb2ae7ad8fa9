import { NEWSLETTER_BODY_MAX, NEWSLETTER_TITLE_MAX } from '../../../shared/schemas/newsletters.ts'
import { T, useText } from '../i18n.tsx'
import { Field } from '../ui.tsx'
import { CATEGORIES, type DraftFields } from './newsletter-model.ts'

interface Props {
  fields: DraftFields
  onChange: (change: Partial<DraftFields>) => void
}

/** One language's title and body (Markdown), in a column marked with its language. */
function LanguageColumn({ lng, fields, onChange }: Props & { lng: 'cy' | 'en' }) {
  const suffix = lng === 'cy' ? 'Cy' : 'En'
  const title = fields[`title${suffix}`]
  const body = fields[`body${suffix}`]
  const only = fields.singleLanguage
  return (
    <fieldset class={only && only !== lng ? 'field language-column unused' : 'field language-column'}>
      <legend>
        <T k={`language.${lng}`} />
      </legend>
      <Field id={`newsletter-title-${lng}`} label={`web.newsletters.compose.title_${lng}`}>
        <input
          id={`newsletter-title-${lng}`}
          lang={lng}
          maxLength={NEWSLETTER_TITLE_MAX}
          value={title}
          onInput={(e) => onChange({ [`title${suffix}`]: e.currentTarget.value })}
        />
      </Field>
      <Field id={`newsletter-body-${lng}`} label={`web.newsletters.compose.body_${lng}`}>
        <textarea
          id={`newsletter-body-${lng}`}
          lang={lng}
          rows={14}
          maxLength={NEWSLETTER_BODY_MAX}
          aria-describedby="newsletter-markdown-help"
          value={body}
          onInput={(e) => onChange({ [`body${suffix}`]: e.currentTarget.value })}
        />
      </Field>
    </fieldset>
  )
}

/**
 * The newsletter's words: Welsh and English side by side, Welsh on the left (stacked, Welsh
 * first, on a phone), then its category and the one-language mark with its reason.
 */
export function NewsletterFields({ fields, onChange }: Props) {
  const text = useText()
  const single = fields.singleLanguage
  return (
    <>
      <div class="bilingual-columns">
        <LanguageColumn lng="cy" fields={fields} onChange={onChange} />
        <LanguageColumn lng="en" fields={fields} onChange={onChange} />
      </div>
      <p id="newsletter-markdown-help" class="muted">
        <T k="web.newsletters.compose.markdown_help" />
      </p>
      <Field id="newsletter-category" label="web.newsletters.compose.category">
        <select
          id="newsletter-category"
          value={fields.category}
          onChange={(e) => onChange({ category: e.currentTarget.value as DraftFields['category'] })}
        >
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {text(`web.newsletters.category.${category}`)}
            </option>
          ))}
        </select>
      </Field>
      {fields.category === 'urgent' ? (
        <p class="notice-box">
          <T k="web.newsletters.compose.urgent_help" />
        </p>
      ) : null}
      <div class="field">
        <label class="choice">
          <input
            type="checkbox"
            checked={single !== null}
            onChange={(e) =>
              onChange(
                e.currentTarget.checked
                  ? { singleLanguage: 'cy', singleLanguageReason: fields.singleLanguageReason ?? '' }
                  : { singleLanguage: null, singleLanguageReason: null },
              )
            }
          />
          <T k="web.newsletters.compose.single_language" />
        </label>
      </div>
      {single !== null ? (
        <div class="panel">
          <Field id="newsletter-single-language" label="web.newsletters.compose.single_language_which">
            <select
              id="newsletter-single-language"
              value={single}
              onChange={(e) => onChange({ singleLanguage: e.currentTarget.value as 'cy' | 'en' })}
            >
              <option value="cy">{text('language.cy')}</option>
              <option value="en">{text('language.en')}</option>
            </select>
          </Field>
          <Field id="newsletter-single-reason" label="web.newsletters.compose.single_language_reason">
            <textarea
              id="newsletter-single-reason"
              class="compose-text"
              rows={2}
              required
              maxLength={500}
              value={fields.singleLanguageReason ?? ''}
              onInput={(e) => onChange({ singleLanguageReason: e.currentTarget.value })}
            />
          </Field>
        </div>
      ) : null}
    </>
  )
}
