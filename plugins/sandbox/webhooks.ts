import { createHmac, timingSafeEqual } from 'node:crypto'
import { CartwireError, type Decoded, type Delivery, type EventType, type IncomingRequest, type VerifyResult } from '../../core/sdk/index.js'
import { TOPICS, type Change, type SandboxKind, type Topic } from './data.js'

/**
 * The sandbox's webhook protocol, modelled on Shopify's:
 * - `x-sandbox-hmac-sha256`: base64 HMAC-SHA256 of the raw body with the connection's webhook secret;
 * - `x-sandbox-topic`: what happened (data.ts TOPICS);
 * - `x-sandbox-delivery-id`: one per change, kept across retries (the inbox's dedupe hint);
 * - `x-sandbox-triggered-at`: when the change happened on the platform clock;
 * - `x-sandbox-payload: thin` when the body is `{ "id" }` only (the `payload: 'thin'` option).
 * The body is the entity in canonical form, `{ id, deletedAt }` for deletes.
 */
export const HEADERS = {
  signature: 'x-sandbox-hmac-sha256',
  topic: 'x-sandbox-topic',
  deliveryId: 'x-sandbox-delivery-id',
  triggeredAt: 'x-sandbox-triggered-at',
  payload: 'x-sandbox-payload',
} as const

export type PayloadMode = 'full' | 'thin'

export function sign(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}

export function bodyOf(change: Change, mode: PayloadMode): string {
  if (change.entity === null) return JSON.stringify({ id: change.id, deletedAt: change.at })
  return JSON.stringify(mode === 'thin' ? { id: change.id } : change.entity)
}

/** The HTTP request announcing `change`, signed with `secret`, as the daemon's intake receives it. */
export function webhookRequest(change: Change, deliveryId: string, secret: string, mode: PayloadMode): IncomingRequest {
  const body = Buffer.from(bodyOf(change, mode))
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [HEADERS.topic]: change.topic,
    [HEADERS.deliveryId]: deliveryId,
    [HEADERS.triggeredAt]: change.at,
    [HEADERS.signature]: sign(body, secret),
    ...(mode === 'thin' && change.entity !== null && { [HEADERS.payload]: 'thin' }),
  }
  return { method: 'POST', headers, rawBody: body, query: {} }
}

/** Constant-time against every configured secret (several during a rotation). */
export function verifyRequest(req: IncomingRequest, secrets: readonly string[]): VerifyResult {
  const given = Buffer.from(req.headers[HEADERS.signature] ?? '', 'base64')
  if (given.length === 0) return { ok: false, reason: `no ${HEADERS.signature} header` }
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(req.rawBody).digest()
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true }
  }
  return { ok: false, reason: 'hmac mismatch' }
}

function isTopic(value: string | undefined): value is Topic {
  return value !== undefined && Object.hasOwn(TOPICS, value)
}

/** A delivery → a snapshot (or a ref when thin, a gone for deletes), plus the milestone its topic hints. */
export function decodeDelivery(delivery: Pick<Delivery, 'headers' | 'body'>): Decoded[] {
  const topic = delivery.headers[HEADERS.topic]
  if (!isTopic(topic)) throw new CartwireError('ERR_TOPIC', `unknown sandbox topic "${topic ?? ''}"`)
  const spec: { kind: SandboxKind; hint?: EventType } = TOPICS[topic]
  const body = JSON.parse(delivery.body) as { id?: unknown; deletedAt?: unknown }
  if (typeof body?.id !== 'string') throw new CartwireError('ERR_DECODE', `${topic} body has no string id`)
  const ref = { kind: spec.kind, id: body.id }
  if (topic.endsWith('/delete')) return [{ gone: { ...ref, ...(typeof body.deletedAt === 'string' && { deletedAt: body.deletedAt }) } }]
  const item: Decoded = delivery.headers[HEADERS.payload] === 'thin' ? { ref } : { snapshot: { kind: spec.kind, entity: body as never } }
  return spec.hint ? [item, { hint: { type: spec.hint, ref } }] : [item]
}
