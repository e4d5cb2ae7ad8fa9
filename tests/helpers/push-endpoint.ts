import { execFileSync } from 'node:child_process'
import { createECDH, randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, createServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// @ts-expect-error http_ece ships no types; it is the reference aes128gcm implementation web-push itself uses
import ece from 'http_ece'

export interface ReceivedPush {
  subscription: string
  ttl: string | undefined
  urgency: string | undefined
  /** The decrypted payload (JSON the workers sent). */
  payload: { title: string; body: string; url: string; tag: string; lang: string }
}

/**
 * A real push service for tests: HTTPS (web-push speaks nothing else) with a self-signed
 * certificate the workers trust through `agent`. Each subscription has its own P-256 key and
 * auth secret; every push is decrypted (aes128gcm) with them, so a test reads what a browser
 * would show. A subscription can be told to answer with given statuses first (410, 429, ...).
 */
export async function startPushEndpoint() {
  const dir = mkdtempSync(join(tmpdir(), 'push-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-days',
      '2',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  )
  const key = readFileSync(join(dir, 'key.pem'))
  const cert = readFileSync(join(dir, 'cert.pem'))
  rmSync(dir, { recursive: true, force: true })

  const subscriptions = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: string; script: number[] }>()
  const received: ReceivedPush[] = []
  const attempts = new Map<string, number>()
  const waiters: { count: number; subscription: string; resolve: () => void }[] = []

  const server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const id = (req.url ?? '').split('/').pop() ?? ''
      const sub = subscriptions.get(id)
      attempts.set(id, (attempts.get(id) ?? 0) + 1)
      if (!sub) {
        res.writeHead(404).end()
        return
      }
      const scripted = sub.script.shift()
      if (scripted !== undefined && scripted !== 201) {
        res.writeHead(scripted).end()
        return
      }
      const plain = ece.decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: sub.auth }) as Buffer
      received.push({
        subscription: id,
        ttl: req.headers.ttl as string | undefined,
        urgency: req.headers.urgency as string | undefined,
        payload: JSON.parse(plain.toString('utf8')),
      })
      res.writeHead(201).end()
      for (const w of [...waiters]) {
        if (received.filter((r) => r.subscription === w.subscription).length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve()
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port

  return {
    /** Trusts this endpoint's certificate only. */
    agent: new Agent({ ca: cert }),
    received,
    attempts,
    /** A browser-like subscription: what PushSubscription.toJSON() gives. */
    subscription(script: number[] = []) {
      const id = randomUUID()
      const ecdh = createECDH('prime256v1')
      ecdh.generateKeys()
      const auth = randomBytes(16).toString('base64url')
      subscriptions.set(id, { ecdh, auth, script })
      return {
        id,
        json: { endpoint: `https://127.0.0.1:${port}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } },
      }
    },
    /** Resolves once `count` pushes reached the subscription. */
    waitFor(subscription: string, count = 1, timeoutMs = 15_000): Promise<ReceivedPush[]> {
      const done = () => received.filter((r) => r.subscription === subscription)
      if (done().length >= count) return Promise.resolve(done())
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${count} push(es) to ${subscription} within ${timeoutMs} ms`)), timeoutMs)
        waiters.push({
          count,
          subscription,
          resolve: () => {
            clearTimeout(timer)
            resolve(done())
          },
        })
      })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
export type PushEndpoint = Awaited<ReturnType<typeof startPushEndpoint>>
