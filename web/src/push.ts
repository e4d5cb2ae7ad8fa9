import type { PushDevice } from '../../shared/schemas/notifications.ts'
import { api } from './api.ts'
import { registerServiceWorker } from './offline/service-worker.ts'

/**
 * Web push in this browser: the service worker at /sw.js and its PushManager subscription.
 * Nothing here runs on page load except reading what is already there: permission is asked for
 * only from the person's click (browsers also require that).
 */

const DEVICE_KEY = 'cyswllt.push-device'

/** Service workers, PushManager and notifications: all three are needed for push. */
export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
}

/** The VAPID public key (URL-safe base64, no padding) as the bytes PushManager wants. */
export function urlBase64ToUint8Array(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url + '='.repeat((4 - (base64url.length % 4)) % 4)
  const raw = atob(padded.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
  return bytes
}

/** This browser's subscription, if it has one; registers nothing and asks nothing. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/')
  return (await registration?.pushManager.getSubscription()) ?? null
}

/**
 * Asks for permission (call it straight from a click), registers /sw.js and subscribes with
 * the server's VAPID key. Answers the permission when it was not granted.
 */
export async function subscribeThisBrowser(publicKey: string): Promise<PushSubscription | 'denied' | 'default'> {
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') return permission
  await registerServiceWorker()
  const registration = await navigator.serviceWorker.ready
  const existing = await registration.pushManager.getSubscription()
  if (existing) return existing
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlBase64ToUint8Array(publicKey) })
}

/**
 * Turns push on for this browser, from the person's click: permission, subscription, and the
 * device saved on the server (remembered here as this device). Answers the device, or the
 * permission when it was not granted. Used by the settings and the prompt after sign-in.
 */
export async function turnOnPush(publicKey: string): Promise<PushDevice | 'denied' | 'default'> {
  const result = await subscribeThisBrowser(publicKey)
  if (result === 'denied' || result === 'default') return result
  const device = await api.post<PushDevice>('/api/me/push/subscriptions', subscriptionBody(result, deviceLabel()))
  rememberThisDevice(device.id)
  return device
}

/** The body POST /api/me/push/subscriptions takes, from a browser subscription. */
export function subscriptionBody(subscription: PushSubscription, label: string) {
  const json = subscription.toJSON()
  return { endpoint: subscription.endpoint, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' }, label }
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(A|iOS)?\//, 'Edge'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/OPR\//, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Macintosh|Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
]

/** A short, language-neutral name for this device ("Chrome · Android") for the devices list. */
export function deviceLabel(userAgent: string = navigator.userAgent): string {
  const name = (list: [RegExp, string][]) => list.find(([pattern]) => pattern.test(userAgent))?.[1]
  const label = [name(BROWSERS), name(SYSTEMS)].filter(Boolean).join(' · ')
  return (label || userAgent).slice(0, 100)
}

/** Which of the person's devices is this browser (remembered when it subscribed). */
export function thisDeviceId(): string | null {
  try {
    return localStorage.getItem(DEVICE_KEY)
  } catch {
    return null
  }
}

export function rememberThisDevice(id: string | null): void {
  try {
    if (id) localStorage.setItem(DEVICE_KEY, id)
    else localStorage.removeItem(DEVICE_KEY)
  } catch {
    // Storage may be blocked; the list then just does not mark this device.
  }
}
