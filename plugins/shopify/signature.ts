import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingRequest, VerifyResult } from '../../core/sdk/index.js'

/**
 * Shopify signs each delivery with base64(HMAC-SHA256(raw body, app client secret)) in
 * `X-Shopify-Hmac-Sha256`. The check runs on the raw bytes (a re-serialized body never matches),
 * compares in constant time, and accepts any of the configured secrets: after a rotation Shopify keeps
 * signing with the old secret for up to an hour. Every secret is tried, so the time taken does not say
 * which one matched.
 */
export function verifySignature(req: IncomingRequest, secrets: readonly string[]): VerifyResult {
  const header = req.headers['x-shopify-hmac-sha256']
  if (!header) return { ok: false, reason: 'no X-Shopify-Hmac-Sha256 header' }
  const given = Buffer.from(header, 'base64')
  let matched = false
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(req.rawBody).digest()
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true
  }
  return matched ? { ok: true } : { ok: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body' }
}

/**
 * The inbox dedupe hint. `X-Shopify-Event-Id` is shared by every delivery of one merchant action and
 * `X-Shopify-Webhook-Id` is stable across the retries of one delivery; per topic (one subscription per
 * topic) the first is the coarser key, so it is used where present: it also drops a duplicate that was
 * sent again under a new webhook id. The core takes one key per delivery; were it to take several, both
 * would be given. A duplicate that slips past (no header, or a different event id for an old payload)
 * is still harmless: change detection drops a snapshot it has already stored.
 */
export function dedupeKey(req: IncomingRequest): string | undefined {
  const topic = req.headers['x-shopify-topic']
  const eventId = req.headers['x-shopify-event-id']
  if (topic && eventId) return `event:${topic}:${eventId}`
  const webhookId = req.headers['x-shopify-webhook-id']
  return webhookId ? `webhook:${webhookId}` : undefined
}
