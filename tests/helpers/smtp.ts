import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string
  subject: string
  text: string
  html: string
  headers: ParsedMail['headers']
  /** Header values as written on the wire, by lower-case name (mailparser reshapes some, e.g. List-*). */
  raw: Record<string, string>
  /** Parts that are not the text or HTML body (an iCalendar invitation, say), as text. */
  attachments: { contentType: string; filename: string; content: string }[]
}

/** A real SMTP server in the test process: mail the app sends arrives here, parsed. */
export async function startSmtp(options: { delayMs?: number } = {}) {
  const received: ReceivedMail[] = []
  const waiters: { to: string; resolve: (m: ReceivedMail) => void }[] = []
  /** Recipients the server refuses: SMTP code, and how many more times (then it accepts). */
  const refusals = new Map<string, { code: number; times: number }>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address)
      if (refusal && refusal.times > 0) {
        refusal.times--
        // Worded as Postfix words it, naming the address, as most mail servers do.
        const why = refusal.code >= 500 ? 'User unknown in virtual mailbox table' : 'Try again later'
        const error = Object.assign(new Error(`<${address.address}>: Recipient address rejected: ${why}`), { responseCode: refusal.code })
        return callback(error)
      }
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          // A slow server (options.delayMs) keeps sends in flight long enough to crash a worker mid-batch.
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
          return parsed
        })
        .then((parsed) => {
          const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) =>
            a.value.map((v) => v.address ?? ''),
          )
          for (const address of to) {
            const mail = {
              to: address,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: String(parsed.html || ''),
              attachments: parsed.attachments.map((a) => ({
                contentType: a.contentType,
                filename: a.filename ?? '',
                content: a.content.toString('utf8'),
              })),
              headers: parsed.headers,
              raw: Object.fromEntries(
                parsed.headerLines.map((h) => [
                  h.key,
                  h.line
                    .slice(h.line.indexOf(':') + 1)
                    .replace(/\r?\n\s+/g, ' ')
                    .trim(),
                ]),
              ),
            }
            received.push(mail)
            for (const waiter of waiters.filter((w) => w.to === address)) {
              waiters.splice(waiters.indexOf(waiter), 1)
              waiter.resolve(mail)
            }
          }
          callback()
        })
        .catch(callback)
    },
  })
  // A client that dies mid-conversation (a worker killed in a test) resets its connection: not a failure of ours.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as { port: number }).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Refuses RCPT TO for an address with an SMTP code (550 permanent, 451 transient), `times` times. */
    refuse(address: string, code: number, times = Number.POSITIVE_INFINITY) {
      refusals.set(address, { code, times })
    },
    /** The next mail to `to` (or one already received and not yet taken). */
    next(to: string, timeoutMs = 15_000): Promise<ReceivedMail> {
      const index = received.findIndex((m) => m.to === to)
      if (index >= 0) return Promise.resolve(received.splice(index, 1)[0] as ReceivedMail)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs)
        waiters.push({
          to,
          resolve: (m) => {
            clearTimeout(timer)
            received.splice(received.indexOf(m), 1)
            resolve(m)
          },
        })
      })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>
