/**
 * The sinks the notification bench sends to, shared by the raw baselines and the pipeline so
 * both pay the same receiving cost: an SMTP server that counts messages without parsing MIME,
 * and an HTTPS push endpoint that answers 201 without decrypting. They run in a worker thread
 * of their own (a mail server and a push service are other machines in real life), so their
 * work does not share the event loop being measured; the bench only receives a message when
 * the count it waits for is reached.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, createServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { SMTPServer } from 'smtp-server'

export type SinkChannel = 'email' | 'push'

/** Bench to sink; each command is answered by a report with the same id. */
type Command = { id: number } & ({ type: 'reset' } | { type: 'expect'; channel: SinkChannel; count: number } | { type: 'counts' })
type Counts = { email: number; push: number }
type Report = { id: number } & Counts
/** The sink's first message: it listens. */
type Ready = { ready: true; smtpPort: number; pushPort: number }

export interface LocalServices {
  smtpUrl: string
  /** A push endpoint URL of the sink (one per subscription, as a real push service gives). */
  pushEndpoint(id: string): string
  /** Keep-alive HTTPS agent trusting the sink's self-signed certificate only. */
  pushAgent: Agent
  /** Zeroes both counters. */
  reset(): Promise<void>
  /** Resolves when the channel's counter (since the last reset) reaches `count`. */
  waitFor(channel: SinkChannel, count: number, timeoutMs?: number): Promise<void>
  counts(): Promise<{ email: number; push: number }>
  close(): Promise<void>
}

/** A throwaway self-signed certificate for 127.0.0.1 (web-push speaks only https). */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-push-'))
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    )
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function startLocalServices(): Promise<LocalServices> {
  const { key, cert } = selfSignedCertificate()
  const worker = new Worker(new URL(import.meta.url), { workerData: { key, cert } })
  let ready: (r: Ready) => void = () => {}
  const ports = new Promise<Ready>((resolve) => {
    ready = resolve
  })
  const pending = new Map<number, { resolve: (r: Report) => void; reject: (err: Error) => void }>()
  let lastId = 0
  const ask = (id: number, send: (id: number) => Command) =>
    new Promise<Report>((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker.postMessage(send(id))
    })
  worker.on('message', (message: Report | Ready) => {
    if ('ready' in message) return ready(message)
    pending.get(message.id)?.resolve(message)
    pending.delete(message.id)
  })
  const failed = new Promise<never>((_, reject) => worker.once('error', reject))
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  })
  const { smtpPort, pushPort } = await Promise.race([ports, failed])
  const pushAgent = new Agent({ ca: cert, keepAlive: true })

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    pushEndpoint: (id) => `https://127.0.0.1:${pushPort}/push/${id}`,
    pushAgent,
    async reset() {
      await ask(++lastId, (id) => ({ id, type: 'reset' }))
    },
    async waitFor(channel, count, timeoutMs = 120_000) {
      const id = ++lastId
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the ${channel} sink did not receive ${count} within ${timeoutMs} ms`)), timeoutMs)
      })
      try {
        await Promise.race([ask(id, () => ({ id, type: 'expect', channel, count })), timeout])
      } finally {
        clearTimeout(timer)
        pending.delete(id)
      }
    },
    async counts() {
      const { email, push } = await ask(++lastId, (id) => ({ id, type: 'counts' }))
      return { email, push }
    },
    async close() {
      pushAgent.destroy()
      await worker.terminate()
    },
  }
}

/** The worker thread: both servers, counting what arrives. */
async function serveSinks(tls: { key: Buffer; cert: Buffer }) {
  const port = parentPort
  if (!port) return
  const received: Counts = { email: 0, push: 0 }
  let expected: { id: number; channel: SinkChannel; count: number } | null = null
  const report = (id: number) => port.postMessage({ id, ...received } satisfies Report)
  const check = () => {
    if (expected && received[expected.channel] >= expected.count) {
      report(expected.id)
      expected = null
    }
  }
  const arrived = (channel: SinkChannel) => {
    received[channel] += 1
    check()
  }

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        arrived('email')
        callback()
      })
      stream.resume()
    },
  })
  const push = createServer(tls, (req, res) => {
    req.on('end', () => {
      res.writeHead(201).end()
      arrived('push')
    })
    req.resume()
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => push.listen(0, '127.0.0.1', resolve))

  port.on('message', (command: Command) => {
    if (command.type === 'reset') {
      received.email = 0
      received.push = 0
      report(command.id)
    } else if (command.type === 'counts') {
      report(command.id)
    } else {
      expected = { id: command.id, channel: command.channel, count: command.count }
      check()
    }
  })
  port.postMessage({
    ready: true,
    smtpPort: (smtp.server.address() as { port: number }).port,
    pushPort: (push.address() as { port: number }).port,
  } satisfies Ready)
}

if (!isMainThread) await serveSinks(workerData as { key: Buffer; cert: Buffer })
