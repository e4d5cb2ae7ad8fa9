import { createContext } from 'preact'
import { useContext, useEffect, useRef, useState } from 'preact/hooks'
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime.ts'

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** The signed-in person's socket, or null when signed out (or before it is opened). */
export const RealtimeContext = createContext<RealtimeSocket | null>(null)

/**
 * Opens one Socket.IO connection to this origin while someone is signed in (the session cookie
 * authenticates it; the server picks the rooms) and closes it when they sign out or change.
 */
export function useRealtimeConnection(userId: string | null): RealtimeSocket | null {
  const [socket, setSocket] = useState<RealtimeSocket | null>(null)
  useEffect(() => {
    if (!userId) return
    const opened: RealtimeSocket = io({ path: '/socket.io', withCredentials: true })
    setSocket(opened)
    return () => {
      opened.disconnect()
      setSocket(null)
    }
  }, [userId])
  return socket
}

/** The part of a socket's emitter useRealtimeEvent needs, without socket.io's per-event conditional types. */
interface Emitter {
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener: (...args: never[]) => void): unknown
}

/** Runs the handler for each event of that name while the component is mounted. */
export function useRealtimeEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const socket = useContext(RealtimeContext)
  const latest = useRef(handler)
  latest.current = handler
  useEffect(() => {
    if (!socket) return
    // Always calls the latest handler, so the listener is added once per socket and event.
    const listener = (...args: never[]) => (latest.current as (...a: never[]) => void)(...args)
    // socket.io's listener type is a conditional type TypeScript cannot resolve for a generic E.
    const target = socket as unknown as Emitter
    target.on(event, listener)
    return () => {
      target.off(event, listener)
    }
  }, [socket, event])
}

/** True while the socket is connected (reconnects after a drop are automatic). */
export function useRealtimeConnected(socket: RealtimeSocket | null): boolean {
  const [connected, setConnected] = useState(socket?.connected ?? false)
  useEffect(() => {
    if (!socket) {
      setConnected(false)
      return
    }
    const up = () => setConnected(true)
    const down = () => setConnected(false)
    setConnected(socket.connected)
    socket.on('connect', up)
    socket.on('disconnect', down)
    return () => {
      socket.off('connect', up)
      socket.off('disconnect', down)
    }
  }, [socket])
  return connected
}
