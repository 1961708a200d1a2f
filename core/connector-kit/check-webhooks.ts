import { expect } from 'vitest'
import type { Decoded, IncomingRequest, VerifyResult } from '../sdk/connector.js'
import type { ResourceKind } from '../sdk/entities.js'
import { parseTimestamp } from '../sdk/time.js'
import { assertValidSnapshot, CheckNotApplicable, contentOf, currentSnapshot, deliveryOf, type KitSession } from './session.js'

/**
 * The kit's checks on the webhook path: verify, decode, versions, thin payloads, deletes. Each is an
 * async function over a fresh session that throws when the connector breaks its contract (so a test
 * can run it against a deliberately broken connector and see it fail) and `CheckNotApplicable` when
 * the connector or its fake lacks what the check needs.
 */

async function answer(s: KitSession, req: IncomingRequest): Promise<VerifyResult | { threw: string }> {
  try {
    return await s.instance.verify(req)
  } catch (e) {
    return { threw: (e as Error).message }
  }
}

function flipped(body: Buffer, index: number): Buffer {
  const copy = Buffer.from(body)
  copy[index] ^= 0x01
  return copy
}

/**
 * The genuine delivery verifies; the same delivery with one byte flipped (first, middle, last) and one
 * signed with another secret are each answered `{ ok: false }` — not accepted, and not thrown at: the
 * intake answers 401 from the verdict.
 */
export async function checkSignatures(s: KitSession, kind: ResourceKind): Promise<void> {
  const [id] = await s.platform.seed(kind, 1)
  const genuine = await s.platform.webhook(kind, id)
  expect(await answer(s, genuine), 'the genuine delivery must verify').toMatchObject({ ok: true })
  const last = genuine.rawBody.length - 1
  for (const [where, index] of [['first', 0], ['middle', Math.floor(last / 2)], ['last', last]] as const) {
    expect(await answer(s, { ...genuine, rawBody: flipped(genuine.rawBody, index) }), `a body with its ${where} byte flipped must be refused with { ok: false }`).toMatchObject({ ok: false })
  }
  expect(await answer(s, await s.platform.webhookWithWrongSecret(kind, id)), 'a delivery signed with another secret must be refused with { ok: false }').toMatchObject({ ok: false })
}

/**
 * One delivery decoded twice gives deep-equal results (decode is a pure function of the delivery), and
 * it describes the resource: a snapshot of it that validates against schemas/entities, or a ref to it.
 */
export async function checkDecodeDeterministic(s: KitSession, kind: ResourceKind): Promise<void> {
  const [id] = await s.platform.seed(kind, 1)
  const req = await s.platform.webhook(kind, id)
  const delivery = deliveryOf(s, req)
  const first = await s.instance.decode(structuredClone(delivery))
  const second = await s.instance.decode(structuredClone(delivery))
  expect(second, 'the same delivery decoded twice must give deep-equal results').toEqual(first)
  const about = first.filter((item) => ('snapshot' in item && item.snapshot.kind === kind && (item.snapshot.entity as { id?: string }).id === id) || ('ref' in item && item.ref.kind === kind && item.ref.id === id))
  expect(about.length, `decoding the ${kind} webhook must give a snapshot or a ref of ${kind} ${id}`).toBeGreaterThan(0)
  for (const item of first) if ('snapshot' in item) assertValidSnapshot(item.snapshot, item.snapshot.kind)
}

/** After a change on the platform, the resource's snapshot has a strictly later updatedAt and other content. */
export async function checkVersionsOrdered(s: KitSession, kind: ResourceKind): Promise<void> {
  const [id] = await s.platform.seed(kind, 1)
  const before = await currentSnapshot(s, kind, id)
  await s.platform.touch(kind, id)
  const after = await currentSnapshot(s, kind, id)
  assertValidSnapshot(before, kind, id)
  assertValidSnapshot(after, kind, id)
  const [was, now] = [before, after].map((snap) => parseTimestamp((snap.entity as { updatedAt: string }).updatedAt))
  expect(now, `after a change, ${kind} ${id} must have a strictly later updatedAt`).toBeGreaterThan(was)
  expect(contentOf(after), `after a change, ${kind} ${id} must have other content`).not.toEqual(contentOf(before))
}

/** A thin webhook decodes to a ref of the resource, and fetching the ref gives its valid snapshot. */
export async function checkThinWebhook(s: KitSession, kind: ResourceKind): Promise<void> {
  if (!s.platform.thinWebhook) throw new CheckNotApplicable('the fake sends no thin webhooks')
  if (!s.instance.fetch) throw new Error(`the platform sends thin webhooks but ${s.connector.name} has no fetch`)
  const [id] = await s.platform.seed(kind, 1)
  const req = await s.platform.thinWebhook(kind, id)
  expect(await answer(s, req), 'the thin delivery must verify').toMatchObject({ ok: true })
  const decoded = await s.instance.decode(deliveryOf(s, req))
  const ref = decoded.find((item): item is Extract<Decoded, { ref: unknown }> => 'ref' in item && item.ref.kind === kind && item.ref.id === id)
  expect(ref, `decoding a thin ${kind} webhook must give a ref of ${kind} ${id}`).toBeDefined()
  const fetched = await s.instance.fetch(ref!.ref)
  expect('gone' in fetched, `fetch of an existing ${kind} must not answer gone`).toBe(false)
  if (!('gone' in fetched)) assertValidSnapshot(fetched, kind, id)
}

/** Fetching a resource the platform deleted answers `{ gone }` for that resource (no throw, no snapshot). */
export async function checkGone(s: KitSession, kind: ResourceKind): Promise<void> {
  if (!s.instance.fetch) throw new CheckNotApplicable(`${s.connector.name} has no fetch`)
  if (!s.platform.remove) throw new CheckNotApplicable('the fake has no deletes')
  const [id] = await s.platform.seed(kind, 1)
  await s.platform.remove(kind, id)
  expect(await s.instance.fetch({ kind, id }), `fetch of a deleted ${kind} must answer { gone }`).toMatchObject({ gone: { kind, id } })
}
