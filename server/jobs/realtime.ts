import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { ServerToClientEvents } from '../../shared/realtime.ts'

type EventName = keyof ServerToClientEvents
type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0]

const GROUP = 'servers'
const streamKey = (prefix: string) => `${prefix}:realtime-out`

export interface RealtimePublisher {
  /** Asks the server processes to emit an event to a room (from a worker, which has no sockets). */
  publish<E extends EventName>(room: string, event: E, payload: EventPayload<E>): Promise<void>
  /** The same event to many rooms (a broadcast's recipients), as one stream entry. */
  publishMany<E extends EventName>(event: E, messages: { room: string; payload: EventPayload<E> }[]): Promise<void>
}

/**
 * Workers have no Socket.IO server. They append events to a Redis stream; exactly one server
 * process (a consumer group) reads each and emits it through the Socket.IO adapter, which reaches
 * the sockets on every server process.
 */
export function createRealtimePublisher(redis: Redis, prefix: string): RealtimePublisher {
  const key = streamKey(prefix)
  return {
    async publish(room, event, payload) {
      await redis.xadd(key, 'MAXLEN', '~', '10000', '*', 'room', room, 'event', event, 'payload', JSON.stringify(payload))
    },
    async publishMany(event, messages) {
      if (messages.length === 0) return
      // One stream entry for all of them: one command for Redis to run and one for a server to read.
      const batch = messages.map(({ room, payload }) => ({ room, payload }))
      await redis.xadd(key, 'MAXLEN', '~', '10000', '*', 'event', event, 'batch', JSON.stringify(batch))
    },
  }
}

/**
 * Reads the stream as one consumer of the servers' group until stopped. `redis` must be a
 * connection of its own: the read blocks it.
 */
export function consumeRealtime(
  redis: Redis,
  prefix: string,
  emit: (room: string, event: EventName, payload: unknown) => void,
  onError: (err: Error) => void,
): { stop(): void } {
  const key = streamKey(prefix)
  const consumer = `server-${randomUUID()}`
  let stopped = false
  async function loop() {
    try {
      await redis.xgroup('CREATE', key, GROUP, '$', 'MKSTREAM')
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) onError(err as Error)
    }
    while (!stopped) {
      try {
        const result = (await redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', 100, 'BLOCK', 2000, 'STREAMS', key, '>')) as
          | [string, [string, string[]][]][]
          | null
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            const value = new Map<string, string>()
            for (let i = 0; i + 1 < fields.length; i += 2) value.set(fields[i] as string, fields[i + 1] as string)
            try {
              const event = value.get('event') as EventName
              // An entry is one event for one room (publish) or for many (publishMany's 'batch').
              const batch = value.get('batch')
              if (batch === undefined) emit(value.get('room') ?? '', event, JSON.parse(value.get('payload') ?? 'null'))
              else for (const { room, payload } of JSON.parse(batch) as { room: string; payload: unknown }[]) emit(room, event, payload)
            } catch (err) {
              onError(err as Error)
            }
            await redis.xack(key, GROUP, id)
          }
        }
      } catch (err) {
        if (stopped) return
        if (String((err as Error).message).includes('NOGROUP')) {
          await redis.xgroup('CREATE', key, GROUP, '$', 'MKSTREAM').catch(() => {})
        } else {
          onError(err as Error)
          await new Promise((resolve) => setTimeout(resolve, 1000))
        }
      }
    }
  }
  void loop()
  return {
    stop() {
      stopped = true
      redis.disconnect()
    },
  }
}
