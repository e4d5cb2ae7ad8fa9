import { useEffect, useState } from 'preact/hooks'
import type { ServerToClientEvents } from '../../../shared/realtime.ts'
import type { NotificationItem, NotificationList } from '../../../shared/schemas/notifications.ts'
import { api } from '../api.ts'
import { localesOf, T, useLanguage } from '../i18n.tsx'
import { useRealtimeEvent } from '../realtime.ts'
import { isPlainClick, Link, navigate } from '../router.tsx'
import { Alert, DateTime } from '../ui.tsx'

/** What marking read answers, and what the socket tells the person's other tabs and devices. */
type MarkedRead = Parameters<ServerToClientEvents['notification.read']>[0]

const PAGE_SIZE = 20

/** Marks the given items (or all) read, keeping a read time the server already gave. */
function withRead(list: NotificationItem[], ids: MarkedRead['ids']): NotificationItem[] {
  const now = new Date().toISOString()
  return list.map((item) => (item.readAt || (ids !== 'all' && !ids.includes(item.id)) ? item : { ...item, readAt: now }))
}

/** Only paths inside this app: a notification never sends the person to another site. */
function pathOf(item: NotificationItem): string {
  return item.path.startsWith('/') && !item.path.startsWith('//') ? item.path : '/notifications'
}

/** The notification's own text in the person's language; both languages with Welsh first. */
function NoticeText({ text }: { text: NotificationItem['text'] }) {
  const { choice } = useLanguage()
  return (
    <>
      {localesOf(choice).map((lng) => (
        <span key={lng} class="notice-text" lang={lng}>
          <span class="notice-title">{text[lng].title}</span>
          <span class="notice-body">{text[lng].body}</span>
        </span>
      ))}
    </>
  )
}

function Notice({ item, onOpen }: { item: NotificationItem; onOpen: (event: MouseEvent, item: NotificationItem) => void }) {
  const unread = item.readAt === null
  return (
    <li class={unread ? 'notice unread' : 'notice'}>
      <a href={pathOf(item)} onClick={(event) => onOpen(event, item)}>
        {unread ? (
          <span class="notice-flag">
            <T k="web.notifications.unread" />
          </span>
        ) : null}
        <NoticeText text={item.text} />
        <span class="notice-time">
          <DateTime iso={item.createdAt} />
        </span>
      </a>
    </li>
  )
}

interface Props {
  unread: number
  /** Tells the header badge the count a mark-read answered with. */
  onUnread: (count: number) => void
}

/** The in-app list: newest first, older pages on request, new ones arriving live. */
export function NotificationsPage({ unread, onUnread }: Props) {
  /** Pages fetched so far, and what arrived on the socket since the page opened. */
  const [items, setItems] = useState<NotificationItem[] | null>(null)
  const [fresh, setFresh] = useState<NotificationItem[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [allRead, setAllRead] = useState(false)

  const load = async (before: string | null) => {
    setBusy(true)
    setError(null)
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(before ? { before } : {}) })
      const page = await api.get<NotificationList>(`/api/me/notifications?${query}`)
      setItems((list) => [...(before ? (list ?? []) : []), ...page.items])
      setNext(page.next)
      if (!before) onUnread(page.unread)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  // The first page is fetched once, when the page opens.
  useEffect(() => {
    load(null)
  }, [])

  useRealtimeEvent('notification.created', ({ notification }) => {
    setAllRead(false)
    setFresh((list) => [notification, ...list.filter((item) => item.id !== notification.id)])
  })
  const applyRead = (ids: MarkedRead['ids']) => {
    setItems((list) => list && withRead(list, ids))
    setFresh((list) => withRead(list, ids))
  }
  useRealtimeEvent('notification.read', ({ ids }) => applyRead(ids))

  const markRead = async (path: string): Promise<MarkedRead> => {
    const read = await api.post<MarkedRead>(path)
    applyRead(read.ids)
    onUnread(read.unread)
    return read
  }

  const open = async (event: MouseEvent, item: NotificationItem) => {
    const plain = isPlainClick(event)
    if (plain) event.preventDefault()
    setError(null)
    if (item.readAt === null) {
      try {
        await markRead(`/api/me/notifications/${item.id}/read`)
      } catch (err) {
        // Opening still works; the item stays unread and says why.
        setError(err)
      }
    }
    if (plain) navigate(pathOf(item))
  }

  const markAllRead = async () => {
    setBusy(true)
    setError(null)
    setAllRead(false)
    try {
      await markRead('/api/me/notifications/read-all')
      setAllRead(true)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const shown = [...fresh, ...(items ?? []).filter((item) => !fresh.some((f) => f.id === item.id))]
  return (
    <>
      <h1 id="notices-heading">
        <T k="web.notifications.title" />
      </h1>
      <p>
        <Link href="/settings/notifications">
          <T k="web.settings.title" />
        </Link>
      </p>
      <div role="status" class="status">
        <p>
          <T k="web.notifications.unread_count" values={{ count: unread }} />
        </p>
        {allRead ? (
          <p>
            <T k="web.notifications.all_read" />
          </p>
        ) : null}
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={markAllRead} disabled={busy || unread === 0}>
          <T k="web.notifications.mark_all_read" />
        </button>
      </div>
      <Alert error={error} />
      {items === null && fresh.length === 0 ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : shown.length === 0 ? (
        <p>
          <T k="web.notifications.empty" />
        </p>
      ) : (
        <ul class="notices" aria-labelledby="notices-heading">
          {shown.map((item) => (
            <Notice key={item.id} item={item} onOpen={open} />
          ))}
        </ul>
      )}
      {next ? (
        <button type="button" class="secondary" onClick={() => load(next)} disabled={busy}>
          <T k="web.notifications.load_more" />
        </button>
      ) : null}
    </>
  )
}
