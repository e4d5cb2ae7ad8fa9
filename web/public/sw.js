/**
 * Cyswllt service worker: shows web push notifications and opens the app when one is clicked.
 * Plain JavaScript, served as-is from /sw.js (scope /). The server sends JSON
 * { title, body, url, tag, lang }, already in the person's language (Welsh first when both).
 */

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
  const target = new URL(event.notification.data?.url || '/', self.location.origin)
  // Only ever open this app, whatever URL a payload carried.
  const url = target.origin === self.location.origin ? target.href : self.location.origin
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
