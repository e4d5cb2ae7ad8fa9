import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import type { UnreadCount } from '../../shared/schemas/notifications.ts'
import { api } from './api.ts'
import { useText } from './i18n.tsx'
import { type RealtimeSocket, useRealtimeConnected } from './realtime.ts'
import { isPlainClick, navigate } from './router.tsx'

export interface Unread {
  count: number
  /** Sets the count from a fresher answer (a mark-read reply, a socket event). */
  set: (count: number) => void
}

/**
 * The person's unread count: fetched after sign-in and on every (re)connect, then kept live by
 * the socket's notification.created and notification.read events. A fetch that was on its way
 * when fresher news arrived is dropped, so a slow answer never undoes a live update.
 */
export function useUnread(socket: RealtimeSocket | null, userId: string | null): Unread {
  const [count, setCount] = useState(0)
  const version = useRef(0)
  const set = useCallback((next: number) => {
    version.current += 1
    setCount(next)
  }, [])

  useEffect(() => {
    if (!userId) {
      setCount(0)
      return
    }
    let stopped = false
    const refresh = () => {
      const asked = version.current
      api.get<UnreadCount>('/api/me/notifications/unread').then(
        ({ unread }) => {
          if (!stopped && asked === version.current) setCount(unread)
        },
        // The badge is a hint: a failed fetch leaves the last known count (pages show errors).
        () => undefined,
      )
    }
    refresh()
    if (!socket) {
      return () => {
        stopped = true
      }
    }
    const live = ({ unread }: { unread: number }) => set(unread)
    socket.on('connect', refresh)
    socket.on('notification.created', live)
    socket.on('notification.read', live)
    return () => {
      stopped = true
      socket.off('connect', refresh)
      socket.off('notification.created', live)
      socket.off('notification.read', live)
    }
  }, [socket, userId, set])

  return { count, set }
}

function Bell() {
  return (
    <svg class="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  )
}

/**
 * The bell in the header: a link to /notifications named "Notifications, 3 unread" in the
 * person's language. data-live tells (tests, and anyone curious) whether updates arrive live.
 */
export function UnreadBadge({ unread, socket }: { unread: number; socket: RealtimeSocket | null }) {
  const text = useText()
  const connected = useRealtimeConnected(socket)
  const onClick = (event: MouseEvent) => {
    if (!isPlainClick(event)) return
    event.preventDefault()
    navigate('/notifications')
  }
  return (
    <a
      href="/notifications"
      class="bell"
      aria-label={text('web.notifications.badge_label', { count: unread })}
      data-live={connected}
      onClick={onClick}
    >
      <Bell />
      {unread > 0 ? (
        <span class="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </a>
  )
}
