import { useEffect, useRef, useState } from 'preact/hooks'
import { LANGUAGE_CHOICES, type LanguageChoice } from '../../../shared/i18n.ts'
import type { Preferences } from '../../../shared/schemas/notifications.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { ChoiceName } from '../language-switch.tsx'
import { Alert, Field } from '../ui.tsx'
import { ChannelTable } from './channel-table.tsx'
import { MyDataDownload } from './data-download.tsx'
import { PushDevices } from './push-devices.tsx'
import { TestNotification } from './test-notification.tsx'

/** What a parent starts with (the server's default); offered again when quiet hours are turned on. */
const DEFAULT_QUIET = { start: '21:00', end: '07:00' }

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return ['Europe/London']
  }
}

interface Props {
  /** The person's language now (the header switch may change it while the form is open). */
  language: LanguageChoice
  /** Called after a save that changed the language, so the whole app follows. */
  onLanguage: (choice: LanguageChoice) => void
  /** A parent may download their family's data (the server refuses anyone else). */
  mayDownloadData?: boolean
}

/** /settings/notifications: language, channels per category, quiet hours, time zone, digest. */
export function NotificationSettingsPage({ language, onLanguage, mayDownloadData = false }: Props) {
  const [form, setForm] = useState<Preferences | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)
  /** The last quiet hours, offered again if they are turned off and on. */
  const lastQuiet = useRef(DEFAULT_QUIET)

  useEffect(() => {
    api.get<Preferences>('/api/me/preferences').then(setForm, setError)
  }, [])
  useEffect(() => {
    setForm((current) => current && { ...current, language })
  }, [language])

  const update = (change: (current: Preferences) => Preferences) => {
    setSaved(false)
    setForm((current) => current && change(current))
  }
  const value = (event: Event) => (event.currentTarget as HTMLInputElement).value

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (!form) return
    setBusy(true)
    setError(null)
    setSaved(false)
    try {
      const next = await api.put<Preferences>('/api/me/preferences', form)
      setForm(next)
      setSaved(true)
      if (next.language !== language) onLanguage(next.language)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <h1 id="settings-heading">
        <T k="web.settings.title" />
      </h1>
      <p>
        <T k="web.settings.intro" />
      </p>
      <Alert error={form ? null : error} />
      {form === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : (
        <form onSubmit={submit} class="stack" aria-labelledby="settings-heading">
          <fieldset class="field">
            <legend>
              <T k="web.settings.language" />
            </legend>
            <p class="muted">
              <T k="web.settings.language_help" />
            </p>
            {LANGUAGE_CHOICES.map((option) => (
              <label class="choice" key={option}>
                <input
                  type="radio"
                  name="language"
                  value={option}
                  checked={form.language === option}
                  onChange={() => update((p) => ({ ...p, language: option }))}
                />{' '}
                <span>
                  <ChoiceName choice={option} />
                </span>
              </label>
            ))}
          </fieldset>
          <ChannelTable
            channels={form.channels}
            onChange={(category, choice) => update((p) => ({ ...p, channels: { ...p.channels, [category]: choice } }))}
          />
          <fieldset class="field">
            <legend>
              <T k="web.settings.quiet_hours" />
            </legend>
            <p id="quiet-help" class="muted">
              <T k="web.settings.quiet_help" block />
            </p>
            <label class="choice">
              <input
                type="checkbox"
                checked={form.quietHours !== null}
                aria-describedby="quiet-help"
                onChange={(event) => {
                  const on = (event.currentTarget as HTMLInputElement).checked
                  if (form.quietHours) lastQuiet.current = form.quietHours
                  update((p) => ({ ...p, quietHours: on ? { ...lastQuiet.current } : null }))
                }}
              />{' '}
              <span>
                <T k="web.settings.quiet_on" />
              </span>
            </label>
            {form.quietHours ? (
              <div class="time-pair">
                <Field id="quiet-start" label="web.settings.quiet_start">
                  <input
                    id="quiet-start"
                    type="time"
                    required
                    value={form.quietHours.start}
                    onInput={(event) =>
                      update((p) => ({ ...p, quietHours: { end: p.quietHours?.end ?? DEFAULT_QUIET.end, start: value(event) } }))
                    }
                  />
                </Field>
                <Field id="quiet-end" label="web.settings.quiet_end">
                  <input
                    id="quiet-end"
                    type="time"
                    required
                    value={form.quietHours.end}
                    onInput={(event) =>
                      update((p) => ({ ...p, quietHours: { start: p.quietHours?.start ?? DEFAULT_QUIET.start, end: value(event) } }))
                    }
                  />
                </Field>
              </div>
            ) : null}
          </fieldset>
          <Field id="time-zone" label="web.settings.time_zone">
            <input
              id="time-zone"
              type="text"
              list="time-zones"
              autocomplete="off"
              spellcheck={false}
              required
              maxLength={64}
              aria-describedby="time-zone-help"
              value={form.timeZone}
              onInput={(event) => update((p) => ({ ...p, timeZone: value(event).trim() }))}
            />
            <span id="time-zone-help" class="muted">
              <T k="web.settings.time_zone_help" />
            </span>
            <datalist id="time-zones">
              {timeZones().map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </Field>
          <fieldset class="field">
            <legend>
              <T k="web.settings.digest" />
            </legend>
            {(['off', 'daily'] as const).map((mode) => (
              <label class="choice" key={mode}>
                <input
                  type="radio"
                  name="digest"
                  value={mode}
                  checked={form.digest.mode === mode}
                  onChange={() => update((p) => ({ ...p, digest: { ...p.digest, mode } }))}
                />{' '}
                <span>
                  <T k={`web.settings.digest_${mode}`} />
                </span>
              </label>
            ))}
            {form.digest.mode === 'daily' ? (
              <Field id="digest-time" label="web.settings.digest_time">
                <input
                  id="digest-time"
                  type="time"
                  required
                  value={form.digest.time}
                  onInput={(event) => update((p) => ({ ...p, digest: { ...p.digest, time: value(event) } }))}
                />
              </Field>
            ) : null}
          </fieldset>
          <Alert error={error} />
          <div role="status" class="status">
            {saved ? (
              <p>
                <T k="web.settings.saved" />
              </p>
            ) : null}
          </div>
          <button type="submit" disabled={busy}>
            <T k="web.settings.save" />
          </button>
        </form>
      )}
      <TestNotification />
      <PushDevices />
      {mayDownloadData ? <MyDataDownload /> : null}
    </>
  )
}
