/**
 * A small reverse proxy in front of several server processes (`npm run cluster`, and the `proxy`
 * service of docker-compose.yml). HTTP requests go round-robin to the live servers. Socket.IO
 * requests (`/socket.io/...`, polling and the WebSocket upgrade) stick to one server chosen by a
 * hash of the session cookie (or the client's address when there is none): the web client starts
 * on long-polling (web/src/realtime.ts) and a polling session lives in one process. Each server
 * is asked `/healthz` every second; one that refuses connections is taken out at once and back
 * when it answers again. Requests without a body are retried on another server if the first
 * refuses the connection or drops it before answering.
 *
 * Standalone: `node scripts/cluster-proxy.ts` with PORT (default 3000), HOST (default 0.0.0.0)
 * and CLUSTER_BACKENDS (comma-separated `host:port` list, e.g. `app-1:3000,app-2:3000`).
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { catalogs } from '../shared/i18n.ts'

export interface Backend {
  host: string
  port: number
}

export interface ClusterProxy {
  port: number
  /** Marks a server up or down now (the cluster supervisor knows before the health check does). */
  setUp(index: number, up: boolean): void
  /** Which servers are taken as live, by index. */
  live(): boolean[]
  close(): Promise<void>
}

const SESSION_COOKIE = 'cyswllt_session'
/** Plain text in both languages, Welsh first: the proxy answers before any server can localise. */
const UNAVAILABLE = `${catalogs.cy.cluster.unavailable}\n\n${catalogs.en.cluster.unavailable}\n`
/** Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded; the upgrade keeps its own. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']

function stickyKey(req: IncomingMessage): string {
  const cookie = req.headers.cookie ?? ''
  const match = cookie.match(new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`))
  return match?.[1] ?? req.socket.remoteAddress ?? ''
}

function hashIndex(key: string, size: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % size
}

function forwardedHeaders(req: IncomingMessage, keepUpgrade: boolean): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { ...req.headers }
  for (const name of HOP_BY_HOP) if (!(keepUpgrade && (name === 'connection' || name === 'upgrade'))) delete headers[name]
  const client = req.socket.remoteAddress ?? ''
  const before = req.headers['x-forwarded-for']
  headers['x-forwarded-for'] = before ? `${before}, ${client}` : client
  headers['x-forwarded-proto'] ??= 'http'
  if (req.headers.host) headers['x-forwarded-host'] ??= req.headers.host
  return headers
}

/** Raw HTTP/1.1 head for a response written straight to a socket (upgrade path). */
function rawHead(statusLine: string, headers: IncomingHttpHeaders): string {
  const lines = [statusLine]
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`)
  }
  return `${lines.join('\r\n')}\r\n\r\n`
}

export async function startClusterProxy(options: {
  port: number
  host: string
  backends: Backend[]
  log?: (line: string) => void
  /** How often each server's /healthz is asked (ms); 0 turns the check off. */
  healthEveryMs?: number
}): Promise<ClusterProxy> {
  const { backends } = options
  const log = options.log ?? ((line: string) => console.log(line))
  const up = backends.map(() => true)
  let turn = 0

  const markDown = (i: number, why: string) => {
    if (up[i]) log(`server ${i + 1} (${backends[i]?.host}:${backends[i]?.port}) out of rotation: ${why}`)
    up[i] = false
  }
  const markUp = (i: number) => {
    if (!up[i]) log(`server ${i + 1} (${backends[i]?.host}:${backends[i]?.port}) back in rotation`)
    up[i] = true
  }

  /** The live server for a request, skipping `tried`; sticky ones start from their hash. */
  function choose(req: IncomingMessage, tried: Set<number>): number | undefined {
    const n = backends.length
    const sticky = req.url?.startsWith('/socket.io/') ?? false
    const start = sticky ? hashIndex(stickyKey(req), n) : turn++ % n
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n
      if (up[i] && !tried.has(i)) return i
    }
    return undefined
  }

  function unavailable(res: ServerResponse) {
    if (res.headersSent) return void res.destroy()
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end(UNAVAILABLE)
  }

  function forward(req: IncomingMessage, res: ServerResponse, tried: Set<number>) {
    const i = choose(req, tried)
    if (i === undefined) return unavailable(res)
    tried.add(i)
    const backend = backends[i] as Backend
    const bodiless = (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') && !req.headers['content-length']
    const upstream = request(
      { host: backend.host, port: backend.port, method: req.method, path: req.url, headers: forwardedHeaders(req, false) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers)
        answer.pipe(res)
        answer.on('error', () => res.destroy())
      },
    )
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET') markDown(i, err.code)
      // A bodiless request (GET, HEAD, OPTIONS: idempotent, nothing consumed) can go to another
      // server when this one refused it or dropped the connection before answering (killed).
      if (bodiless && !res.headersSent && (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET')) return forward(req, res, tried)
      unavailable(res)
    })
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })
    // A retried request's body stream has already ended: a bodiless request is ended here instead.
    if (bodiless) upstream.end()
    else req.pipe(upstream)
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const i = choose(req, new Set())
    socket.on('error', () => socket.destroy())
    if (i === undefined) {
      socket.end(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\n${UNAVAILABLE}`)
      return
    }
    const backend = backends[i] as Backend
    const upstream = request({
      host: backend.host,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req, true),
    })
    upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
      upstreamSocket.on('error', () => socket.destroy())
      socket.on('close', () => upstreamSocket.destroy())
      upstreamSocket.on('close', () => socket.destroy())
      socket.write(rawHead(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`, answer.headers))
      if (upstreamHead.length > 0) socket.write(upstreamHead)
      if (head.length > 0) upstreamSocket.write(head)
      upstreamSocket.pipe(socket).pipe(upstreamSocket)
    })
    // The server refused the upgrade (a bad handshake, say): pass its answer on and close.
    upstream.on('response', (answer) => {
      socket.write(rawHead(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`, { ...answer.headers, connection: 'close' }))
      answer.pipe(socket)
    })
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') markDown(i, err.code)
      socket.destroy()
    })
    upstream.end()
  }

  const server: Server = createServer((req, res) => forward(req, res, new Set()))
  server.on('upgrade', upgrade)
  server.on('clientError', (_err, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })

  const healthEveryMs = options.healthEveryMs ?? 1000
  const probe = (i: number) => {
    const backend = backends[i] as Backend
    const check = request({ host: backend.host, port: backend.port, path: '/healthz', timeout: 2000 }, (answer) => {
      answer.resume()
      if (answer.statusCode === 200) markUp(i)
      else markDown(i, `/healthz answered ${answer.statusCode}`)
    })
    check.on('timeout', () => check.destroy(new Error('timeout')))
    check.on('error', (err: NodeJS.ErrnoException) => markDown(i, err.code ?? err.message))
    check.end()
  }
  const timer =
    healthEveryMs > 0
      ? setInterval(() => {
          for (let i = 0; i < backends.length; i++) probe(i)
        }, healthEveryMs)
      : undefined
  timer?.unref()

  return {
    port: (server.address() as { port: number }).port,
    setUp: (i, value) => (value ? markUp(i) : markDown(i, 'process exited')),
    live: () => [...up],
    async close() {
      if (timer) clearInterval(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** `host:port,host:port` as backends. */
export function parseBackends(list: string): Backend[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf(':')
      const port = Number(entry.slice(at + 1))
      if (at <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`CLUSTER_BACKENDS: "${entry}" is not host:port`)
      return { host: entry.slice(0, at), port }
    })
}

async function runStandalone() {
  const backends = parseBackends(process.env.CLUSTER_BACKENDS ?? '')
  if (backends.length === 0) {
    console.error('CLUSTER_BACKENDS must list the servers as host:port, comma-separated')
    process.exit(2)
  }
  const port = Number(process.env.PORT ?? 3000)
  const proxy = await startClusterProxy({ port, host: process.env.HOST ?? '0.0.0.0', backends, log: (l) => console.log(`[proxy] ${l}`) })
  console.log(`[proxy] listening on port ${proxy.port}, in front of ${backends.map((b) => `${b.host}:${b.port}`).join(', ')}`)
  const stop = () => void proxy.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await runStandalone()
