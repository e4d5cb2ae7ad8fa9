/**
 * The soak bench's simulated people. Each parent and staff member loops: waits a think time
 * (exponential, so actions arrive as a Poisson stream), then does one thing over HTTP (fetch
 * with their session cookie, and their CSRF token and Origin for writes) or over their own
 * Socket.IO connection. Every request is recorded with its kind, status and latency.
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { LoadSocket } from './messaging-load.ts'
import type { SoakPerson, SoakSchool } from './soak-school.ts'

export interface KindStats {
  ms: number[]
  errors: number
  /** Error outcomes by status or code, for the report. */
  codes: Map<string, number>
}

/** Every request's outcome by kind. */
export class Recorder {
  readonly kinds = new Map<string, KindStats>()
  record(kind: string, ms: number, ok: boolean, code: string) {
    let stats = this.kinds.get(kind)
    if (!stats) {
      stats = { ms: [], errors: 0, codes: new Map() }
      this.kinds.set(kind, stats)
    }
    stats.ms.push(ms)
    if (!ok) {
      stats.errors++
      stats.codes.set(code, (stats.codes.get(code) ?? 0) + 1)
    }
  }
}

export interface Driver {
  url: string
  school: SoakSchool
  recorder: Recorder
  /** Each person's socket, by user id. */
  sockets: Map<string, LoadSocket>
  /** Set to stop every loop after its current action. */
  stopped: () => boolean
  /** Resolves when the run stops, so that no loop sleeps past the end. */
  whenStopped: Promise<void>
}

/** Sleeps for `ms`, or until the run stops. */
const rest = (d: Driver, ms: number) => {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, ms))), d.whenStopped]).finally(() => clearTimeout(timer))
}
/** An exponential think time with this mean, capped at 4 means. */
const think = (meanMs: number) => Math.min(4 * meanMs, -Math.log(1 - Math.random()) * meanMs)
const pick = <T>(list: T[]): T | undefined => list[Math.floor(Math.random() * list.length)]

/** An HTTP request, timed and recorded; resolves with the parsed JSON (or text) when it succeeded. */
export async function http<T>(
  d: Driver,
  kind: string,
  who: SoakPerson,
  path: string,
  init: { method?: string; body?: unknown; text?: boolean } = {},
): Promise<T | undefined> {
  const write = init.method !== undefined && init.method !== 'GET'
  const headers: Record<string, string> = { cookie: who.cookie }
  if (write) Object.assign(headers, { 'x-csrf-token': who.csrf, origin: d.url })
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const started = performance.now()
  try {
    const res = await fetch(`${d.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    })
    const body = init.text ? await res.text() : await res.json()
    d.recorder.record(kind, performance.now() - started, res.ok, String(res.status))
    return res.ok ? (body as T) : undefined
  } catch (err) {
    d.recorder.record(kind, performance.now() - started, false, (err as Error).name)
    return undefined
  }
}

/** A socket event with an acknowledgement, timed and recorded (10 s without an answer is an error). */
async function emit<T>(
  d: Driver,
  kind: string,
  who: SoakPerson,
  event: 'message.send' | 'conversation.read',
  payload: object,
): Promise<T | undefined> {
  const socket = d.sockets.get(who.id)
  const started = performance.now()
  if (!socket?.connected) {
    d.recorder.record(kind, 0, false, 'disconnected')
    return undefined
  }
  try {
    // biome-ignore lint/suspicious/noExplicitAny: socket.io-client's emit overloads cannot be narrowed by a union of event names
    const result = (await (socket.timeout(10_000) as any).emitWithAck(event, payload)) as {
      ok: boolean
      data?: T
      error?: { code: string }
    }
    d.recorder.record(kind, performance.now() - started, result.ok, result.error?.code ?? 'ok')
    return result.ok ? result.data : undefined
  } catch {
    d.recorder.record(kind, performance.now() - started, false, 'ack timeout')
    return undefined
  }
}

const BODIES = [
  'Diolch am heddiw! / Thank you for today!',
  'A fydd y wers nofio ddydd Iau? / Is swimming on Thursday?',
  'Mae hi’n sâl heddiw. / She is ill today.',
]

/** A parent: conversations, now and then a message, newsletters, the forum. */
export async function runParent(d: Driver, parent: SoakPerson, meanThinkMs: number) {
  const base = `/api/schools/${d.school.schoolId}`
  const supported = new Set<string>()
  await rest(d, Math.random() * meanThinkMs)
  while (!d.stopped()) {
    const roll = Math.random() * 100
    if (roll < 35) {
      await http(d, 'parent: GET conversations', parent, `${base}/conversations`)
    } else if (roll < 60) {
      const received = await http<{ newsletters: { id: string }[] }>(
        d,
        'parent: GET newsletters received',
        parent,
        `${base}/newsletters/received`,
      )
      const newest = received?.newsletters[0]
      if (newest) await http(d, 'parent: GET newsletter page', parent, `/newsletters/${newest.id}`, { text: true })
    } else if (roll < 80) {
      await http(d, 'parent: GET forum items', parent, `${base}/forums/${d.school.forumId}/items`)
    } else if (roll < 92) {
      if (parent.conversationId)
        await emit(d, 'parent: socket message.send', parent, 'message.send', {
          conversationId: parent.conversationId,
          clientId: randomUUID(),
          body: pick(BODIES),
        })
    } else {
      const itemId = pick(d.school.itemIds)
      if (itemId) {
        const withdraw = supported.has(itemId)
        const done = await http(
          d,
          withdraw ? 'parent: DELETE forum support' : 'parent: POST forum support',
          parent,
          `${base}/forums/${d.school.forumId}/items/${itemId}/support`,
          { method: withdraw ? 'DELETE' : 'POST' },
        )
        if (done) withdraw ? supported.delete(itemId) : supported.add(itemId)
      }
    }
    await rest(d, think(meanThinkMs))
  }
}

interface Summary {
  id: string
  unread: number
  lastMessage: { seq: number } | null
}

/** A teacher or the FEO: reads their conversations and answers one waiting, reads lists. */
export async function runStaff(d: Driver, member: SoakPerson, meanThinkMs: number) {
  const base = `/api/schools/${d.school.schoolId}`
  await rest(d, Math.random() * meanThinkMs)
  while (!d.stopped()) {
    const roll = Math.random() * 100
    if (roll < 60) {
      const list = await http<{ conversations: Summary[] }>(d, 'staff: GET conversations', member, `${base}/conversations`)
      const waiting = list?.conversations.find((c) => c.unread > 0 && c.lastMessage)
      if (waiting) {
        const reply = await emit<{ message: { seq: number } }>(d, 'staff: socket message.send (reply)', member, 'message.send', {
          conversationId: waiting.id,
          clientId: randomUUID(),
          body: 'Diolch, fe wna i edrych. / Thank you, I will look.',
        })
        if (reply)
          await emit(d, 'staff: socket conversation.read', member, 'conversation.read', {
            conversationId: waiting.id,
            seq: reply.message.seq,
          })
      }
    } else if (roll < 80) {
      await http(d, 'staff: GET newsletters', member, `${base}/newsletters`)
    } else {
      await http(d, 'staff: GET forum items', member, `${base}/forums/${d.school.forumId}/items`)
    }
    await rest(d, think(meanThinkMs))
  }
}

/** The admin: a newsletter to the whole school every `everyMs` (the first one at once). */
export async function runNewsletters(d: Driver, everyMs: number, onSent: () => void) {
  const base = `/api/schools/${d.school.schoolId}`
  let n = 0
  while (!d.stopped()) {
    n++
    const created = await http<{ id: string }>(d, 'admin: POST newsletter', d.school.admin, `${base}/newsletters`, {
      method: 'POST',
      body: {
        titleCy: `Newyddion ${n}`,
        titleEn: `News ${n}`,
        bodyCy: 'Bydd y plant yn mynd i **Sain Ffagan** ddydd Gwener.\n\n- Dewch â phecyn bwyd',
        bodyEn: 'The children go to **St Fagans** on Friday.\n\n- Bring a packed lunch',
        category: 'newsletter',
        audience: { kind: 'school' },
        singleLanguage: null,
        singleLanguageReason: null,
      },
    })
    if (created) {
      const sent = await http(d, 'admin: POST newsletter send', d.school.admin, `${base}/newsletters/${created.id}/send`, {
        method: 'POST',
        body: {},
      })
      if (sent) onSent()
    }
    await rest(d, everyMs)
  }
}

/** GET /healthz twice a second: the raw baseline, measured in the same run. */
export async function runBaseline(d: Driver) {
  while (!d.stopped()) {
    const started = performance.now()
    try {
      const res = await fetch(`${d.url}/healthz`, { signal: AbortSignal.timeout(30_000) })
      await res.arrayBuffer()
      d.recorder.record('baseline: GET /healthz', performance.now() - started, res.ok, String(res.status))
    } catch (err) {
      d.recorder.record('baseline: GET /healthz', performance.now() - started, false, (err as Error).name)
    }
    await rest(d, 500)
  }
}
