import type { EmailContent } from '../../email/render-email.ts'

/**
 * A send that did not work. `permanent` failures (an address refused, a push subscription gone)
 * are not retried; the rest (SMTP 4xx, push 429/5xx, timeouts) are, with backoff.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean
  readonly reason: string
  readonly statusCode: number | undefined
  constructor(message: string, options: { permanent: boolean; reason: string; statusCode?: number }) {
    super(message)
    this.permanent = options.permanent
    this.reason = options.reason
    this.statusCode = options.statusCode
  }
}

export interface EmailOptions {
  /** Stable per delivery, so a mail client shows a resent copy once. */
  messageId: string
  headers: Record<string, string>
  /** An iCalendar invitation, sent as a text/calendar part and an .ics attachment. */
  calendar?: string
}

/** Sends email (pooled SMTP in the workers); throws DeliveryError. */
export interface EmailSender {
  send(to: string, content: EmailContent, options?: EmailOptions): Promise<void>
}

export interface PushTarget {
  endpoint: string
  p256dh: string
  auth: string
}

export interface PushOptions {
  /** Seconds the push service keeps it for an offline device. */
  ttl: number
  urgency: 'very-low' | 'low' | 'normal' | 'high'
  /** Notifications with the same topic replace each other while waiting at the push service. */
  topic?: string
}

/** Sends web push (VAPID, aes128gcm); throws DeliveryError with the push service's status. */
export interface PushSender {
  send(target: PushTarget, payload: string, options: PushOptions): Promise<void>
}
