import nodemailer, { type Transporter } from 'nodemailer'
import type { EmailContent } from '../server/email/render-email.ts'

export interface Mailer {
  send(to: string, content: EmailContent): Promise<void>
  close(): void
}

/**
 * Pooled SMTP from SMTP_URL. Without one (a first `npm start` on a laptop), mail is written to
 * the log instead, so the sign-in link can still be followed.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; log: (msg: string, data: object) => void }): Mailer {
  let transport: Transporter
  if (options.smtpUrl) {
    const url = new URL(options.smtpUrl)
    url.searchParams.set('pool', 'true')
    transport = nodemailer.createTransport(url.toString())
  } else {
    transport = nodemailer.createTransport({ jsonTransport: true })
  }
  return {
    async send(to, content) {
      await transport.sendMail({ from: options.from, to, subject: content.subject, text: content.text, html: content.html })
      if (!options.smtpUrl)
        options.log('email (SMTP_URL not set, so logged instead of sent)', { to, subject: content.subject, text: content.text })
    },
    close() {
      transport.close()
    },
  }
}
