import { useEffect, useState } from 'preact/hooks'
import type { PushSettings } from '../../shared/schemas/notifications.ts'
import { ApiError, api } from './api.ts'
import { T } from './i18n.tsx'
import { currentSubscription, pushSupported, turnOnPush } from './push.ts'
import { Alert } from './ui.tsx'

/**
 * This device's answer to the push prompt, in localStorage: due (someone signed in here and has
 * not answered yet), dismissed ("Not now") or done (turned on). No value: nobody has signed in
 * on this device through the app yet, so nothing is shown (never on a plain page load).
 */
const PROMPT_KEY = 'cyswllt.push-prompt'
type PromptState = 'due' | 'dismissed' | 'done'

function readState(): PromptState | null {
  try {
    const value = localStorage.getItem(PROMPT_KEY)
    return value === 'due' || value === 'dismissed' || value === 'done' ? value : null
  } catch {
    return null
  }
}

function writeState(state: PromptState): void {
  try {
    localStorage.setItem(PROMPT_KEY, state)
  } catch {
    // Storage refused: the prompt may show again after the next sign-in, nothing worse.
  }
}

/** Someone signed in on this device: the prompt shows once, unless this device answered it. */
export function pushPromptAfterSignIn(): void {
  if (readState() === null) writeState('due')
}

/**
 * The prompt after the first sign-in on a device: what push notifications are for, a button
 * that asks the browser's permission (from the click, never on load) and subscribes this
 * device, and "Not now", which this device remembers. Not shown where push cannot work, where
 * the person already blocked notifications, or where this browser is already subscribed.
 */
export function PushPrompt() {
  const [settings, setSettings] = useState<PushSettings | null>(null)
  const [shown, setShown] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [status, setStatus] = useState<string | null>(null)

  useEffect(() => {
    if (readState() !== 'due' || !pushSupported() || Notification.permission === 'denied') return
    let live = true
    currentSubscription()
      .then(async (subscription) => {
        if (subscription) return writeState('done')
        // The key is fetched now, so that the click goes straight to the permission question.
        const answer = await api.get<PushSettings>('/api/me/push')
        if (!live) return
        setSettings(answer)
        setShown(true)
      })
      .catch(() => undefined) // no prompt is better than a broken one; settings still offer push
    return () => {
      live = false
    }
  }, [])

  const close = (state: PromptState, message: string | null) => {
    writeState(state)
    setShown(false)
    setStatus(message)
  }

  const turnOn = async () => {
    if (!settings) return
    setBusy(true)
    setProblem(null)
    setError(null)
    try {
      const device = await turnOnPush(settings.publicKey)
      if (device === 'denied') close('dismissed', 'web.settings.push.denied')
      else if (device === 'default') setProblem('web.settings.push.not_allowed')
      else close('done', 'web.settings.push.on')
    } catch (err) {
      if (err instanceof ApiError) setError(err)
      else setProblem('web.settings.push.failed')
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      {shown ? (
        <section class="notice-box push-prompt" aria-labelledby="push-prompt-heading">
          <h2 id="push-prompt-heading">
            <T k="web.push_prompt.title" />
          </h2>
          <p>
            <T k="web.push_prompt.body" block />
          </p>
          {problem ? (
            <p class="alert" role="alert">
              <T k={problem} />
            </p>
          ) : null}
          <Alert error={error} />
          <div class="actions">
            <button type="button" onClick={turnOn} disabled={busy}>
              <T k="web.push_prompt.turn_on" />
            </button>
            <button type="button" class="secondary" onClick={() => close('dismissed', null)} disabled={busy}>
              <T k="web.push_prompt.dismiss" />
            </button>
          </div>
        </section>
      ) : null}
      <div role="status" class="status">
        {status ? (
          <p>
            <T k={status} />
          </p>
        ) : null}
      </div>
    </>
  )
}
