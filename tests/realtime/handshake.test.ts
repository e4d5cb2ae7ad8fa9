import { io as connect, type Socket } from 'socket.io-client'
import t from 'tap'
import { setup } from '../helpers/setup.ts'

function open(url: string, headers: Record<string, string>): Promise<{ socket: Socket; error?: Error }> {
  return new Promise((resolve) => {
    const socket = connect(url, { transports: ['websocket'], extraHeaders: headers, reconnection: false, timeout: 5000 })
    socket.on('connect', () => resolve({ socket }))
    socket.on('connect_error', (error) => resolve({ socket, error }))
  })
}

t.test('sockets need a live session from our own origin; signing out disconnects them', async (t) => {
  const ctx = await setup(t, { listen: true, workers: false })
  const { guardian } = await ctx.makeFamily(ctx.school.id)
  const session = await ctx.signIn(guardian, ctx.school.id)

  const anonymous = await open(ctx.url, { origin: ctx.url })
  t.ok(anonymous.error, 'no cookie, no socket')
  anonymous.socket.close()

  const foreign = await open(ctx.url, { cookie: session.cookie, origin: 'https://evil.example' })
  t.ok(foreign.error, 'a foreign Origin is refused')
  foreign.socket.close()

  const ok = await open(ctx.url, { cookie: session.cookie, origin: ctx.url })
  t.notOk(ok.error, 'a signed-in parent connects')
  t.teardown(() => ok.socket.close())
  const ended = new Promise<void>((resolve) => ok.socket.on('session.ended', () => resolve()))
  const disconnected = new Promise<string>((resolve) => ok.socket.on('disconnect', (reason) => resolve(reason)))
  const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { ...session.write, origin: ctx.url } })
  t.equal(out.statusCode, 204)
  await ended
  t.equal(await disconnected, 'io server disconnect', 'the server closed the socket')

  const after = await open(ctx.url, { cookie: session.cookie, origin: ctx.url })
  t.ok(after.error, 'the old cookie no longer opens a socket')
  after.socket.close()
})
