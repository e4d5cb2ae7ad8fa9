import { io as connect } from 'socket.io-client'
import t from 'tap'
import type { TSchema } from 'typebox'
import { PAYLOAD_SCHEMA } from '../../server/socket-events.ts'
import { ROLES } from '../../shared/schemas/people.ts'
import { type JsonSchema, validSample } from '../helpers/openapi.ts'
import { setup } from '../helpers/setup.ts'
import { type ClientSocket, openSocket } from '../helpers/sockets.ts'
import { fingerprint, makeAttackerSchool, makeVictimSchool } from './victim.ts'

/**
 * The socket half of the access sweep (issue 9): every event the server handles, read from a
 * live server-side socket's listeners (each made by `socketHandler`, which keeps its payload
 * schema on it), sent with the victim school's ids by every role of another school and by a
 * parent of the school outside the family. No event is named here, so a new one is swept too.
 */

/** Listeners that are not client events (Socket.IO's own, and the presence bookkeeping). */
const RESERVED = new Set(['disconnect', 'disconnecting', 'error'])

interface Ack {
  ok: boolean
  data?: unknown
  error?: { code: string; message: string; status: number }
}

function emit(socket: ClientSocket, event: string, payload: unknown): Promise<Ack> {
  // biome-ignore lint/suspicious/noExplicitAny: events are discovered at run time, so they have no static type
  return (socket.timeout(5000) as any)
    .emitWithAck(event, payload)
    .catch(() => ({ ok: false, error: { code: 'timeout', message: '', status: 0 } }))
}

t.test('socket sweep: every event refuses other schools and other families', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false })
  const victim = await makeVictimSchool(ctx)
  const attacker = await makeAttackerSchool(ctx, victim.school.id)

  // The events, from a live socket's listeners on the server.
  const probe = await openSocket(t, ctx.url, attacker.sessions.parent.cookie)
  const serverSide = ctx.app.io.of('/').sockets.get(probe.id as string)
  if (!serverSide) throw new Error('no server-side socket for the probe')
  const events = new Map<string, JsonSchema>()
  const unchecked: string[] = []
  for (const name of serverSide.eventNames()) {
    if (typeof name !== 'string' || RESERVED.has(name)) continue
    // Typed listeners take only known event names; these names come from the socket itself.
    const listeners = (serverSide as unknown as { listeners(event: string): unknown[] }).listeners(name)
    const schema = listeners.map((listener) => (listener as { [PAYLOAD_SCHEMA]?: TSchema })[PAYLOAD_SCHEMA]).find(Boolean)
    if (schema) events.set(name, schema as JsonSchema)
    else unchecked.push(name)
  }
  t.same(unchecked, [], 'every client event goes through socketHandler (validation, school, localised errors)')
  t.ok(events.size >= 5, `${events.size} events: ${[...events.keys()].join(', ')}`)
  const payloadFor = (schema: JsonSchema) => validSample(schema, '', victim.idFor)
  const outsider = await ctx.signIn(victim.outsider, victim.school.id)
  const guardian = await ctx.signIn(victim.guardian, victim.school.id)

  t.test('signed out, or with a revoked session, no socket opens', async (t) => {
    for (const cookie of [undefined, 'cyswllt_session=not-a-session']) {
      const socket = connect(ctx.url, {
        transports: ['websocket'],
        extraHeaders: { origin: ctx.url, ...(cookie ? { cookie } : {}) },
        reconnection: false,
      })
      const refused = await new Promise<boolean>((resolve) => {
        socket.on('connect', () => resolve(false))
        socket.on('connect_error', () => resolve(true))
      })
      socket.close()
      t.ok(refused, `refused with ${cookie ?? 'no cookie'}`)
    }
  })

  t.test("control: the victim family's own socket gets its data with the same payloads", async (t) => {
    const own = await openSocket(t, ctx.url, guardian.cookie)
    const answers = await Promise.all(
      [...events].map(async ([event, schema]) => ({ event, ack: await emit(own, event, payloadFor(schema)) })),
    )
    t.notOk(
      answers.some((a) => a.ack.error?.code === 'validation.invalid'),
      'the sweep payloads pass validation, so refusals below come from access rules',
    )
    t.ok(
      answers.some((a) => victim.familySecrets.some((secret) => JSON.stringify(a.ack).includes(secret))),
      'some event returns the family data the sweep looks for',
    )
    // PostgreSQL text cannot hold U+0000: refused as a bad field, not a server error.
    for (const [event, schema] of events) {
      const payload = payloadFor(schema) as Record<string, unknown>
      if (typeof payload.body !== 'string') continue
      const ack = await emit(own, event, { ...payload, body: 'Helo\u0000byd' })
      t.equal(ack.error?.code, 'validation.invalid', `${event} with a NUL in its body: ${ack.error?.code}`)
    }
  })

  // Taken after the control (which may write as the family), before anyone else sends a thing.
  let before: Record<string, string> = {}
  t.test('snapshot', async () => {
    before = await fingerprint(ctx, victim.school.id)
  })
  const actors: [string, string, string[]][] = [
    ...ROLES.map((role): [string, string, string[]] => [`another school's ${role}`, attacker.sessions[role].cookie, victim.schoolSecrets]),
    ["another school's parent, session naming the victim school", attacker.stray.cookie, victim.schoolSecrets],
    ['a parent outside the family', outsider.cookie, victim.familySecrets],
  ]
  for (const [who, cookie, secrets] of actors) {
    t.test(`${who}: every event refused, nothing leaked`, async (t) => {
      const socket = await openSocket(t, ctx.url, cookie)
      const heard: string[] = []
      socket.onAny((event, payload) => heard.push(`${event} ${JSON.stringify(payload)}`))
      for (const [event, schema] of events) {
        const ack = await emit(socket, event, payloadFor(schema))
        const text = JSON.stringify(ack)
        t.same(
          secrets.filter((secret) => text.includes(secret) && !JSON.stringify(payloadFor(schema)).includes(secret)),
          [],
          `${event}: no victim data`,
        )
        if (!who.includes('outside')) t.equal(ack.ok, false, `${event} refused: ${ack.error?.code}`)
        else t.ok(!ack.ok || ack.data === null, `${event} refused or empty: ${ack.error?.code ?? 'ok'}`)
        t.not(ack.error?.code, 'validation.invalid', `${event}: refused by access rules, not validation`)
        t.not(ack.error?.status, 500, `${event}: no server error`)
      }
      // Anything pushed to this socket meanwhile (a room joined by mistake) leaks nothing either.
      await new Promise((resolve) => setTimeout(resolve, 200))
      t.same(
        heard.filter((line) => secrets.some((secret) => line.includes(secret))),
        [],
        'no victim data pushed to the socket',
      )
    })
  }

  t.test('nothing of the victim school was written', async (t) => {
    t.same(await fingerprint(ctx, victim.school.id), before)
  })
})
