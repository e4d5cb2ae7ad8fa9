import { useContext, useEffect, useRef, useState } from 'preact/hooks'
import type { ItemComment } from '../../../shared/schemas/forum.ts'
import { ApiError } from '../api.ts'
import { emitWithAck } from '../messaging/socket-ack.ts'
import { RealtimeContext, useRealtimeConnected, useRealtimeEvent } from '../realtime.ts'
import type { ForumApi } from './forum-api.ts'

/**
 * Comments merged by id, oldest first. A comment held already keeps "mine" if either copy says
 * so: the room's copy of one's own comment may arrive before the acknowledgement.
 */
export function mergeComments(held: ItemComment[], incoming: ItemComment[], ownClientIds: ReadonlySet<string>): ItemComment[] {
  const byId = new Map(held.map((c) => [c.id, c]))
  for (const comment of incoming) {
    const before = byId.get(comment.id)
    byId.set(comment.id, { ...comment, mine: comment.mine || before?.mine === true || ownClientIds.has(comment.clientId) })
  }
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

/**
 * One item's live thread. On mount and after every reconnect it asks to watch the item
 * (forum.watch) and fetches the thread, so nothing posted while the connection was down is
 * missed; forum.comment.created adds a comment once however often it arrives; forum.item.updated
 * calls onItemUpdated (the page refetches the item). post sends over the socket with a client
 * UUID and, when the socket is down or does not answer, over HTTP with the same UUID, which the
 * server stores once.
 */
export function useItemComments(forums: ForumApi, forumId: string, itemId: string, onItemUpdated: () => void) {
  const socket = useContext(RealtimeContext)
  const connected = useRealtimeConnected(socket)
  const [comments, setComments] = useState<ItemComment[]>([])
  const [error, setError] = useState<unknown>(null)
  const own = useRef(new Set<string>())
  const held = useRef<ItemComment[]>([])
  /** Offline means the connection dropped, not that it has not opened yet. */
  const [everConnected, setEverConnected] = useState(connected)
  useEffect(() => {
    if (connected) setEverConnected(true)
  }, [connected])

  const merge = (incoming: ItemComment[]) => {
    held.current = mergeComments(held.current, incoming, own.current)
    setComments(held.current)
  }
  const load = () =>
    forums.comments(forumId, itemId).then(
      (list) => {
        merge(list)
        setError(null)
      },
      (err: unknown) => setError(err),
    )

  useEffect(() => {
    held.current = []
    setComments([])
    load()
  }, [forumId, itemId])

  // Every (re)connect: join the item's room again, then catch up on what came meanwhile.
  useEffect(() => {
    if (!socket || !connected) return
    let current = true
    emitWithAck(socket, 'forum.watch', { forumId, itemId }).then((result) => {
      if (!current) return
      if (!result.ok && result.error.status !== 0) setError(new ApiError(result.error.status, result.error.code, result.error.message))
      load()
      onItemUpdated()
    })
    return () => {
      current = false
    }
  }, [socket, connected, forumId, itemId])

  useRealtimeEvent('forum.comment.created', ({ comment }) => {
    if (comment.itemId === itemId) merge([comment])
  })
  useRealtimeEvent('forum.item.updated', (changed) => {
    if (changed.itemId === itemId) onItemUpdated()
  })

  /** Posts a comment; throws an ApiError (message localised) when the server refuses it. */
  const post = async (body: string) => {
    const clientId = crypto.randomUUID()
    own.current.add(clientId)
    if (socket?.connected) {
      const result = await emitWithAck(socket, 'forum.comment', { forumId, itemId, clientId, body })
      if (result.ok) {
        merge([result.data])
        return
      }
      if (result.error.status !== 0) throw new ApiError(result.error.status, result.error.code, result.error.message)
    }
    merge([await forums.postComment(forumId, itemId, clientId, body)])
  }

  return { comments, error, post, offline: everConnected && !connected }
}
