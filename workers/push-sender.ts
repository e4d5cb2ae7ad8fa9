import type { Agent } from 'node:https'
import webpush from 'web-push'
import { DeliveryError, type PushSender } from '../server/modules/notifications/channels.ts'

/**
 * The push service's answer decides: 201 sent; 404/410 the subscription is gone (forget it);
 * 429 and 5xx try later; other 4xx (payload refused) will not work on retry.
 */
export function classifyPushError(err: unknown): DeliveryError {
  const statusCode = (err as { statusCode?: number }).statusCode
  const message = (err as Error)?.message ?? String(err)
  if (statusCode === 404 || statusCode === 410) return new DeliveryError(message, { permanent: true, reason: 'push_gone', statusCode })
  if (statusCode === undefined || statusCode === 429 || statusCode >= 500) {
    return new DeliveryError(message, { permanent: false, reason: 'transient', statusCode })
  }
  return new DeliveryError(message, { permanent: true, reason: 'push_rejected', statusCode })
}

/** Web push with the instance's VAPID keys, aes128gcm payloads, TTL and urgency set per send. */
export function createPushSender(options: {
  vapid: { publicKey: string; privateKey: string }
  subject: string
  /** An https agent (tests pass one that trusts their self-signed push endpoint). */
  agent?: Agent
  timeoutMs?: number
}): PushSender {
  return {
    async send(target, payload, sendOptions) {
      try {
        await webpush.sendNotification({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
          vapidDetails: { subject: options.subject, publicKey: options.vapid.publicKey, privateKey: options.vapid.privateKey },
          TTL: sendOptions.ttl,
          urgency: sendOptions.urgency,
          ...(sendOptions.topic ? { topic: sendOptions.topic } : {}),
          contentEncoding: 'aes128gcm',
          timeout: options.timeoutMs ?? 10_000,
          ...(options.agent ? { agent: options.agent } : {}),
        })
      } catch (err) {
        throw classifyPushError(err)
      }
    },
  }
}
