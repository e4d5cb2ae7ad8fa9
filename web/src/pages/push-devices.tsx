import { useEffect, useState } from 'preact/hooks'
import type { PushDevice, PushSettings } from '../../../shared/schemas/notifications.ts'
import { ApiError, api } from '../api.ts'
import { T, useText } from '../i18n.tsx'
import { currentSubscription, pushSupported, rememberThisDevice, thisDeviceId, turnOnPush } from '../push.ts'
import { Alert, DateTime, useActionLabel } from '../ui.tsx'

/** A problem of this browser (not of the server), named by a catalog key. */
function Problem({ k }: { k: string | null }) {
  if (!k) return null
  return (
    <div class="alert" role="alert">
      <p>
        <T k={k} />
      </p>
    </div>
  )
}

function DeviceList({
  devices,
  here,
  busy,
  onRemove,
}: {
  devices: PushDevice[]
  here: string | null
  busy: boolean
  onRemove: (device: PushDevice) => void
}) {
  const actionLabel = useActionLabel()
  const text = useText()
  if (devices.length === 0) {
    return (
      <p>
        <T k="web.settings.push.no_devices" />
      </p>
    )
  }
  return (
    <ul class="cards">
      {devices.map((device) => {
        const label = device.label || text('web.settings.push.unnamed')
        return (
          <li key={device.id} class="card device">
            <span>
              <strong>{device.label || <T k="web.settings.push.unnamed" />}</strong>
              {device.id === here ? (
                <>
                  {' '}
                  <T k="web.settings.push.this_device" />
                </>
              ) : null}
              <span class="muted block">
                <T k="web.settings.push.added" /> <DateTime iso={device.createdAt} />
              </span>
            </span>
            <button
              aria-label={actionLabel('web.settings.push.remove', label)}
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => onRemove(device)}
            >
              <T k="web.settings.push.remove" />
            </button>
          </li>
        )
      })}
    </ul>
  )
}

/**
 * Push on this device (turn on asks permission, only from the button) and the person's
 * devices, each removable.
 */
export function PushDevices() {
  const supported = pushSupported()
  const [settings, setSettings] = useState<PushSettings | null>(null)
  /** This browser's subscription: undefined while checking, null when it has none. */
  const [subscription, setSubscription] = useState<PushSubscription | null | undefined>(supported ? undefined : null)
  const [here, setHere] = useState<string | null>(thisDeviceId)
  const [error, setError] = useState<unknown>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    api.get<PushSettings>('/api/me/push').then(setSettings, setError)
    if (supported) currentSubscription().then(setSubscription, () => setSubscription(null))
  }, [supported])

  /** Runs one action: clears old messages, keeps the buttons disabled until it ends. */
  const act = async (action: () => Promise<string | null>) => {
    setBusy(true)
    setError(null)
    setProblem(null)
    setStatus(null)
    try {
      setStatus(await action())
    } catch (err) {
      if (err instanceof ApiError) setError(err)
      else setProblem('web.settings.push.failed')
    } finally {
      setBusy(false)
    }
  }

  const turnOn = () =>
    act(async () => {
      if (!settings) return null
      const device = await turnOnPush(settings.publicKey)
      if (device === 'denied' || device === 'default') {
        setProblem(device === 'denied' ? 'web.settings.push.denied' : 'web.settings.push.not_allowed')
        return null
      }
      setHere(device.id)
      setSubscription(await currentSubscription())
      setSettings((current) => current && { ...current, devices: [...current.devices.filter((d) => d.id !== device.id), device] })
      return 'web.settings.push.on'
    })

  /** Forgets this browser's subscription here and on the server (already gone there is fine). */
  const unsubscribeHere = async () => {
    const current = subscription ?? (await currentSubscription())
    if (current) {
      const { endpoint } = current
      await current.unsubscribe()
      await api.post('/api/me/push/unsubscribe', { endpoint }).catch((err: unknown) => {
        if (!(err instanceof ApiError && err.status === 404)) throw err
      })
    }
    rememberThisDevice(null)
    setHere(null)
    setSubscription(null)
  }

  const turnOff = () =>
    act(async () => {
      await unsubscribeHere()
      setSettings(await api.get<PushSettings>('/api/me/push'))
      return 'web.settings.push.off'
    })

  const remove = (device: PushDevice) =>
    act(async () => {
      if (device.id === here && subscription) await unsubscribeHere()
      else {
        await api.delete(`/api/me/push/subscriptions/${device.id}`)
        if (device.id === here) {
          rememberThisDevice(null)
          setHere(null)
        }
      }
      setSettings((current) => current && { ...current, devices: current.devices.filter((d) => d.id !== device.id) })
      return 'web.settings.push.removed'
    })

  // On only when this browser has a subscription and the server still holds it as this device:
  // removed from another device (or forgotten after the push service said it was gone), it can
  // be turned on again here, which saves the same subscription once more.
  const registered = Boolean(subscription && here && settings?.devices.some((device) => device.id === here))

  return (
    <section aria-labelledby="push-heading">
      <h2 id="push-heading">
        <T k="web.settings.push.title" />
      </h2>
      {supported ? (
        <>
          <p class="muted">
            <T k="web.settings.push.help" block />
          </p>
          <div class="actions">
            {registered ? (
              <button type="button" class="secondary" onClick={turnOff} disabled={busy}>
                <T k="web.settings.push.turn_off" />
              </button>
            ) : (
              <button type="button" onClick={turnOn} disabled={busy || !settings || subscription === undefined}>
                <T k="web.settings.push.turn_on" />
              </button>
            )}
          </div>
        </>
      ) : (
        <p>
          <T k="web.settings.push.unsupported" />
        </p>
      )}
      <Problem k={problem} />
      <Alert error={error} />
      <div role="status" class="status">
        {status ? (
          <p>
            <T k={status} />
          </p>
        ) : null}
      </div>
      <h3>
        <T k="web.settings.push.devices" />
      </h3>
      {settings ? (
        <DeviceList devices={settings.devices} here={here} busy={busy} onRemove={remove} />
      ) : error ? null : (
        <p aria-busy="true">
          <T k="web.loading" />
        </p>
      )}
    </section>
  )
}
