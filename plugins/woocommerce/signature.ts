import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingRequest, VerifyResult } from '../../core/sdk/index.js'

/**
 * Webhook verification, as WooCommerce signs (`WC_Webhook::generate_signature`):
 * `X-WC-Webhook-Signature = base64(HMAC-SHA256(raw body, webhook secret))`, over the body exactly as
 * sent. Every configured secret is tried (rotation), each compared in constant time.
 *
 * The creation ping (`WC_Webhook::deliver_ping`) is an unsigned POST whose form body is
 * `webhook_id=<id>`; WooCommerce expects exactly 200 and reports anything else as an error. It is answered
 * `{ ok: true, ping: true }`: the core replies 200 and stores nothing, so a forged ping can do no harm.
 * Anything else without a valid signature is refused (401).
 */
const PING_BODY = /^webhook_id=\d+$/

export function verifyWebhook(req: IncomingRequest, secrets: readonly string[]): VerifyResult {
  const header = req.headers['x-wc-webhook-signature']
  if (header === undefined || header === '') {
    if (PING_BODY.test(req.rawBody.toString('latin1').trim())) return { ok: true, ping: true }
    return { ok: false, reason: 'no X-WC-Webhook-Signature header' }
  }
  const given = Buffer.from(header.trim(), 'base64')
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(req.rawBody).digest()
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true }
  }
  return { ok: false, reason: 'X-WC-Webhook-Signature does not match the body under any configured secret' }
}
