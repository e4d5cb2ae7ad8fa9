import { createConnection, createServer, type Socket } from 'node:net'

/**
 * A TCP proxy in the test process between the app and a real service (PostgreSQL), so a test can
 * cut the network under the app without touching the shared service: `cut()` destroys every open
 * connection and holds new ones (accepted, never answered: the worst case, a server that went
 * silent); `restore()` lets connections through again and drops the ones it held.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const open = new Set<Socket>()
  const held = new Set<Socket>()
  let cut = false
  let accepted = 0

  const server = createServer((client) => {
    accepted++
    client.on('error', () => {})
    if (cut) {
      held.add(client)
      client.on('close', () => held.delete(client))
      return
    }
    const upstream = createConnection(target)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    for (const socket of [client, upstream]) {
      open.add(socket)
      socket.on('close', () => open.delete(socket))
    }
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }

  return {
    port,
    /** How many connections the proxy has accepted so far (cut or not). */
    get accepted() {
      return accepted
    },
    /** Connections the proxy is holding unanswered right now. */
    get holding() {
      return held.size
    },
    cut() {
      cut = true
      for (const socket of open) socket.destroy()
    },
    restore() {
      cut = false
      for (const socket of held) socket.destroy()
    },
    async close() {
      for (const socket of [...open, ...held]) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
