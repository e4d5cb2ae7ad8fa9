/**
 * The service worker (public/sw.js) from the page's side: registered on every page load, which
 * asks nothing of the person (push permission is asked only from a click, in push.ts), and the
 * copies it keeps of what the signed-in person read, forgotten when they sign out.
 */

/** The cache the worker keeps the signed-in person's reading in (the same name as in sw.js). */
export const READ_CACHE = 'cyswllt-read'

/** Registers /sw.js (scope /), or answers the registration it already has. */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  // updateViaCache none: the browser asks the server for sw.js and sw-assets.js on every check,
  // so a new build reaches phones at their next visit.
  return navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' })
}

/** Registers the worker once the page has loaded, so it never competes with the first paint. */
export function registerServiceWorkerAfterLoad(): void {
  if (!('serviceWorker' in navigator)) return
  const register = () => {
    registerServiceWorker().catch(() => {
      // No worker (private browsing, an insecure address): the app works online as before.
    })
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
  // The first time the worker takes charge of this page, the page's own GET /api/me went past
  // it: asked again, the worker keeps the answer, which is how it knows someone is signed in
  // (it keeps newsletter pages only then). Signed out, the 401 makes it keep nothing.
  navigator.serviceWorker.addEventListener(
    'controllerchange',
    () => {
      fetch('/api/me', { credentials: 'same-origin', headers: { accept: 'application/json' } }).catch(() => undefined)
    },
    { once: true },
  )
}

/**
 * Forgets the conversations, messages and newsletters kept for offline reading on this device:
 * on sign-out, so a shared family phone keeps nothing of the person who used it.
 */
export async function forgetOfflineReading(): Promise<void> {
  if (!('caches' in window)) return
  await caches.delete(READ_CACHE).catch(() => false)
}
