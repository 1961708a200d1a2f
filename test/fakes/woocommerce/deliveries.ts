import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { IncomingRequest } from '../../../core/sdk/connector.js'

/**
 * Webhook deliveries as `WC_Webhook::deliver` sends them: a POST whose body is
 * `trim(wp_json_encode(payload))` — PHP's json_encode escapes `/` as `\/` and non-ASCII as `\uXXXX` —
 * with `X-WC-Webhook-Source/-Topic/-Resource/-Event/-Signature/-ID/-Delivery-ID`; the signature is
 * base64(HMAC-SHA256(body, secret)); the delivery id is `wp_hash(webhook id . time)`, new on every send.
 * The creation ping (`deliver_ping`) is a form body `webhook_id=<id>` with no signature.
 */
export const USER_AGENT = 'WooCommerce/9.8.5 Hookshot (WordPress/6.8.1)'
export const SOURCE = 'https://shop.example/'

/** JSON text as PHP's json_encode writes it with no flags. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export function sign(body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}

export function signedDelivery(topic: string, webhookId: number, payload: unknown, secret: string, nowMs: number): IncomingRequest {
  const [resource, event] = topic.split('.')
  const body = Buffer.from(phpJson(payload).trim())
  // wp_hash(id . time) differs on every send; the random part stands in for the salt and a later clock
  const deliveryId = createHash('md5').update(`${webhookId}${Math.floor(nowMs / 1000)}${randomBytes(8).toString('hex')}`).digest('hex')
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-wc-webhook-source': SOURCE,
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource,
      'x-wc-webhook-event': event,
      'x-wc-webhook-signature': sign(body, secret),
      'x-wc-webhook-id': String(webhookId),
      'x-wc-webhook-delivery-id': deliveryId,
    },
    rawBody: body,
    query: {},
  }
}

export function pingDelivery(webhookId: number): IncomingRequest {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
    rawBody: Buffer.from(`webhook_id=${webhookId}`),
    query: {},
  }
}
