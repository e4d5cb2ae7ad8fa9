import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../server/config.ts'
import type { EmailContent } from '../server/email/render-email.ts'
import { DeliveryError, type EmailOptions, type EmailSender } from '../server/modules/notifications/channels.ts'

export interface Mailer extends EmailSender {
  close(): void
}

/**
 * SMTP answers 5xx for what will never work (no such mailbox, address refused) and 4xx for
 * "try later"; connection trouble and timeouts are transient too.
 */
export function classifySmtpError(err: unknown): DeliveryError {
  const e = err as { message?: string; responseCode?: number; code?: string }
  const message = e.message ?? String(err)
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return new DeliveryError(message, { permanent: true, reason: 'bad_address', statusCode: e.responseCode })
  }
  if (e.code === 'EENVELOPE' && e.responseCode === undefined) {
    return new DeliveryError(message, { permanent: true, reason: 'bad_address' })
  }
  return new DeliveryError(message, { permanent: false, reason: 'transient', statusCode: e.responseCode })
}

/**
 * Pooled SMTP from SMTP_URL, signed with DKIM when configured. Without SMTP_URL (a first
 * `npm start` on a laptop), mail is written to the log instead, so a sign-in link can be followed.
 */
export function createMailer(options: {
  smtpUrl: string | undefined
  from: string
  dkim?: Config['dkim']
  maxConnections?: number
  log: (msg: string, data: object) => void
}): Mailer {
  let transport: Transporter
  if (options.smtpUrl) {
    const url = new URL(options.smtpUrl)
    url.searchParams.set('pool', 'true')
    if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(options.maxConnections ?? 5))
    transport = nodemailer.createTransport(url.toString(), options.dkim ? { dkim: options.dkim } : {})
  } else {
    transport = nodemailer.createTransport({ jsonTransport: true })
  }
  return {
    async send(to: string, content: EmailContent, extra?: EmailOptions) {
      try {
        await transport.sendMail({
          from: options.from,
          to,
          subject: content.subject,
          text: content.text,
          html: content.html,
          ...(extra ? { messageId: extra.messageId, headers: extra.headers } : {}),
          ...(extra?.calendar ? { icalEvent: { method: 'PUBLISH', filename: 'invitation.ics', content: extra.calendar } } : {}),
        })
      } catch (err) {
        throw classifySmtpError(err)
      }
      if (!options.smtpUrl)
        options.log('email (SMTP_URL not set, so logged instead of sent)', { to, subject: content.subject, text: content.text })
    },
    close() {
      transport.close()
    },
  }
}
