/**
 * Cyswllt service worker (plain JavaScript, served as-is from /sw.js, scope /), registered on
 * every page load (web/src/offline/service-worker.ts). It does two things:
 *
 * - Offline: keeps the app shell (sw-assets.js, written by the build, lists it) and, for the
 *   person signed in, what they last read: conversations, messages, newsletters (network first,
 *   the kept copy when there is no network). Writes are never touched: they go to the server, and
 *   a message written offline waits in the page's outbox (web/src/messaging/outbox.ts).
 * - Push: shows web push notifications and opens the right page when one is clicked. The server
 *   sends JSON { title, body, url, tag, lang }, already in the person's language (Welsh first
 *   when both).
 */

try {
  importScripts('/sw-assets.js')
} catch {
  // No build output (a development copy): nothing is kept, everything works online.
}
const SHELL = self.CYSWLLT_SHELL || { version: 'none', files: [] }
const SHELL_CACHE = `cyswllt-shell-${SHELL.version}`
/** What the signed-in person read. The page deletes it on sign-out (the same name is there). */
const READ_CACHE = 'cyswllt-read'
/** At most this many answers and pages are kept; the oldest go first. */
const READ_LIMIT = 200

/** API answers kept for offline reading: who is signed in, conversations, messages, newsletters. */
const READ_API = [
  /^\/api\/me$/,
  /^\/api\/schools\/[0-9a-f-]{36}\/conversations(\/[0-9a-f-]{36}(\/messages)?)?$/,
  /^\/api\/schools\/[0-9a-f-]{36}\/newsletters(\/received)?$/,
]
/** The server's newsletter reading page and its files. */
const NEWSLETTER_PAGE = /^\/newsletters\/[0-9a-f-]{36}$/
const NEWSLETTER_FILE = /^\/newsletters\/[0-9a-f-]{36}\/files\/[0-9a-f-]{36}$/
/** Addresses that are not pages of the app: never answered with the app shell. */
const NOT_APP = /^\/(api|socket\.io|docs|admin\/queues|healthz|readyz|metrics|unsubscribe|newsletters\/[0-9a-f-]{36}\/files)(\/|$)/

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      // Hashed files the page has just loaded come from the browser's HTTP cache (no second
      // download on a small data plan); the others are checked with the server.
      .then((cache) =>
        cache.addAll(SHELL.files.map((file) => new Request(file, { cache: file.startsWith('/assets/') ? 'default' : 'no-cache' }))),
      )
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  const old = (key) => key.startsWith('cyswllt-shell-') && key !== SHELL_CACHE
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter(old).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const { request } = event
  // Only reads: a POST, PUT, PATCH or DELETE always goes to the server as it is.
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  const path = url.pathname
  if (request.mode === 'navigate') {
    if (NEWSLETTER_PAGE.test(path)) event.respondWith(keepRead(request, readKey(url), true))
    else if (!NOT_APP.test(path)) event.respondWith(appPage(request))
  } else if (path.startsWith('/assets/') || SHELL.files.includes(path)) event.respondWith(fromShell(request))
  else if (READ_API.some((pattern) => pattern.test(path))) event.respondWith(keepRead(request, request, false))
  // A newsletter's pictures (not its PDFs, which can be large: those are opened, not shown).
  else if (NEWSLETTER_FILE.test(path) && request.destination === 'image') event.respondWith(keepRead(request, readKey(url), true))
})

/** A page of the app: index.html from the network (kept as the shell), else the kept shell. */
async function appPage(request) {
  try {
    const response = await fetch(request)
    if (response.ok && (response.headers.get('content-type') || '').startsWith('text/html')) {
      const cache = await caches.open(SHELL_CACHE)
      await cache.put('/index.html', response.clone())
    }
    return response
  } catch (error) {
    const shell = await caches.match('/index.html', { cacheName: SHELL_CACHE })
    if (shell) return shell
    throw error
  }
}

/** Built files: named by their content, so a kept copy is always right; kept on first use. */
async function fromShell(request) {
  const kept = await caches.match(request, { ignoreVary: true })
  if (kept) return kept
  const response = await fetch(request)
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE)
    await cache.put(request, response.clone())
  }
  return response
}

/** A newsletter page or file without the reader's link token and channel: one copy per page. */
function readKey(url) {
  const key = new URL(url.pathname, url.origin)
  for (const name of ['lang', 'w']) if (url.searchParams.has(name)) key.searchParams.set(name, url.searchParams.get(name))
  return key.href
}

/**
 * Network first; a good answer is kept for offline reading, and when there is no network the
 * kept copy answers. Newsletter pages are kept only while someone is signed in (GET /api/me is
 * kept), so a newsletter opened from an email link on a signed-out phone is not. A 401 means the
 * session is over: everything read is forgotten.
 */
async function keepRead(request, key, onlySignedIn) {
  const cache = await caches.open(READ_CACHE)
  try {
    const response = await fetch(request)
    if (response.status === 401) await caches.delete(READ_CACHE)
    else if (response.ok && (!onlySignedIn || (await cache.match('/api/me', { ignoreVary: true })))) {
      await cache.put(key, response.clone())
      await trim(cache)
    }
    return response
  } catch (error) {
    const kept =
      (await cache.match(key, { ignoreVary: true })) || (onlySignedIn && (await cache.match(key, { ignoreVary: true, ignoreSearch: true })))
    if (kept) return kept
    throw error
  }
}

/** Forgets the oldest answers over the limit (put moves an answer to the end), never /api/me. */
async function trim(cache) {
  const keys = await cache.keys()
  const over = keys.slice(0, Math.max(0, keys.length - READ_LIMIT)).filter((k) => new URL(k.url).pathname !== '/api/me')
  await Promise.all(over.map((k) => cache.delete(k)))
}

self.addEventListener('push', (event) => {
  let data = {}
  try {
    data = event.data ? event.data.json() : {}
  } catch {
    // Not JSON: show the text itself rather than nothing.
    data = { body: event.data ? event.data.text() : '' }
  }
  const title = data.title || 'Cyswllt'
  const options = {
    body: data.body || '',
    data: { url: data.url || '/' },
  }
  if (data.tag) options.tag = data.tag
  if (data.lang) options.lang = data.lang
  event.waitUntil(self.registration.showNotification(title, options))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  // The page the notification is about (a conversation, a newsletter), always in this app:
  // only the path is taken from the payload's URL, so a server whose PUBLIC_URL differs from
  // the address the app was installed from still opens the right page here.
  const target = new URL(event.notification.data?.url || '/', self.location.origin)
  const url = new URL(`${target.pathname}${target.search}${target.hash}`, self.location.origin).href
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const same = windows.find((client) => client.url === url)
      if (same) return same.focus()
      // A window of the app already open (and run by this worker): bring it to the page.
      const app = windows.find((client) => new URL(client.url).origin === self.location.origin && 'navigate' in client)
      if (app)
        return app.navigate(url).then(
          (client) => (client ? client.focus() : self.clients.openWindow(url)),
          () => self.clients.openWindow(url),
        )
      return self.clients.openWindow(url)
    }),
  )
})
