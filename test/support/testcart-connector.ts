import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { CartwireError, defineConnector, EVENT_TYPES, raiseForStatus, secret, type ConnectorContext, type Decoded, type Order, type PollPage } from '../../core/sdk/index.js'

const options = z.object({
  baseUrl: z.string().url(),
  webhookSecret: secret(),
  /** turn fetch off to test the no-fetch paths. @default true */
  fetch: z.boolean().default(true),
  /** poll page size. @default 50 */
  pageSize: z.number().int().min(1).default(50),
  /** overlap subtracted from walkStart. @default 120000 */
  overlapMs: z.number().int().min(0).default(120_000),
})

type Options = z.output<typeof options>

const TOPIC_HINTS: Record<string, 'order.paid' | 'order.cancelled' | 'order.fulfilled' | undefined> = {
  'orders/paid': 'order.paid',
  'orders/cancelled': 'order.cancelled',
  'orders/fulfilled': 'order.fulfilled',
}

/**
 * The connector for test/fakes/testcart-server.ts: small, but it follows the connector contract the way
 * a real one must (constant-time HMAC, delivery-id dedupe hint, hints per topic, thin webhooks, fetch,
 * seek-paginated poll with walkStart − overlap, one class per capability).
 */
export default defineConnector({
  name: 'testcart',
  version: '1.0.0',
  options,
  emits: EVENT_TYPES.filter((t) => t.startsWith('order.') || t.startsWith('shipment.')),
  capabilities: {
    'order.addTags': { idempotency: 'natural' },
    'order.setStatus': { idempotency: 'natural' },
    'order.addNote': { idempotency: 'probe' },
    'fulfillment.create': { idempotency: 'keyed' },
  },
  setup(ctx: ConnectorContext<Options>) {
    const { baseUrl } = ctx.options
    const secretValue = String(ctx.options.webhookSecret)
    const call = async (method: string, path: string, body?: unknown, extra: { key?: string; priority?: 'poll' | 'fetch' | 'action'; signal?: AbortSignal } = {}) => {
      const res = await ctx.http.request({ method, url: `${baseUrl}${path}`, body, priority: extra.priority ?? 'action', signal: extra.signal, headers: extra.key ? { 'idempotency-key': extra.key } : {} })
      raiseForStatus(res, `testcart ${method} ${path}`)
      return { json: JSON.parse(res.body), date: res.headers.date }
    }
    const marker = (key: string) => `[cw:${key}]`
    const instance = {
      verify(req: { headers: Readonly<Record<string, string | undefined>>; rawBody: Buffer }) {
        const given = Buffer.from(req.headers['x-testcart-hmac-sha256'] ?? '', 'base64')
        const expected = createHmac('sha256', secretValue).update(req.rawBody).digest()
        return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true as const } : { ok: false as const, reason: 'hmac mismatch' }
      },
      dedupeKey: (req: { headers: Readonly<Record<string, string | undefined>> }) => req.headers['x-testcart-webhook-id'],
      decode(delivery: { headers: Readonly<Record<string, string>>; body: string }): Decoded[] {
        const topic = delivery.headers['x-testcart-topic']
        const payload = JSON.parse(delivery.body) as Order
        if (topic === 'orders/delete') return [{ gone: { kind: 'order', id: String(payload.id), ...((payload as { deletedAt?: string }).deletedAt && { deletedAt: (payload as { deletedAt?: string }).deletedAt }) } }]
        if (topic === 'orders/thin') return [{ ref: { kind: 'order', id: String(payload.id) } }]
        if (!topic || !['orders/create', 'orders/updated', ...Object.keys(TOPIC_HINTS)].includes(topic)) throw new CartwireError('ERR_TOPIC', `unknown topic ${topic}`)
        const hint = TOPIC_HINTS[topic]
        return [{ snapshot: { kind: 'order', entity: payload } }, ...(hint ? [{ hint: { type: hint, ref: { kind: 'order' as const, id: payload.id } } }] : [])]
      },
      async *poll(cursor: unknown, signal: AbortSignal): AsyncIterable<PollPage> {
        const start = (cursor as { after?: string } | null)?.after
        let after = start ?? new Date(0).toISOString()
        let afterId = ''
        let walkStart: number | undefined
        for (;;) {
          const { json, date } = await call('GET', `/orders?updated_after=${encodeURIComponent(after)}&after_id=${encodeURIComponent(afterId)}&limit=${ctx.options.pageSize}`, undefined, { priority: 'poll', signal })
          walkStart ??= Date.parse(date)
          const orders = json.orders as Order[]
          if (orders.length) {
            after = orders[orders.length - 1].updatedAt
            afterId = orders[orders.length - 1].id
          }
          const final = !json.hasMore
          yield {
            items: orders.map((entity) => ({ snapshot: { kind: 'order' as const, entity } })),
            cursor: { after: new Date(walkStart - ctx.options.overlapMs).toISOString() },
          }
          if (final) return
        }
      },
      actions: {
        'order.addTags': async (actx: { key: string; signal: AbortSignal }, p: { orderId: string; tags: string[] }) => (await call('POST', `/orders/${p.orderId}/tags`, { tags: p.tags }, { key: actx.key, signal: actx.signal })).json.tags,
        'order.setStatus': async (actx: { key: string; signal: AbortSignal }, p: { orderId: string; status: string }) => (await call('POST', `/orders/${p.orderId}/status`, { status: p.status }, { key: actx.key, signal: actx.signal })).json.status,
        'order.addNote': async (actx: { key: string; signal: AbortSignal }, p: { orderId: string; note: string }) => {
          await call('POST', `/orders/${p.orderId}/notes`, { note: `${p.note} ${marker(actx.key)}` }, { key: actx.key, signal: actx.signal })
          return { marker: marker(actx.key) }
        },
        'fulfillment.create': async (actx: { key: string; signal: AbortSignal }, p: { orderId: string; trackingNumber?: string }) => (await call('POST', `/orders/${p.orderId}/fulfillments`, { trackingNumber: p.trackingNumber }, { key: actx.key, signal: actx.signal })).json.id ?? null,
      },
      async probe(capability: string, actx: { key: string; signal: AbortSignal }, p: { orderId: string }) {
        if (capability !== 'order.addNote') throw new Error(`no probe for ${capability}`)
        const { json } = await call('GET', `/orders/${p.orderId}/notes`, undefined, { priority: 'fetch', signal: actx.signal })
        return { found: (json.notes as string[]).some((n) => n.includes(marker(actx.key))) }
      },
    }
    if (!ctx.options.fetch) return instance
    return {
      ...instance,
      async fetch(ref: { kind: string; id: string }) {
        const res = await ctx.http.request({ method: 'GET', url: `${baseUrl}/orders/${ref.id}`, priority: 'fetch' })
        if (res.status === 404) return { gone: { kind: 'order' as const, id: ref.id } }
        raiseForStatus(res, `testcart GET /orders/${ref.id}`)
        return { kind: 'order' as const, entity: JSON.parse(res.body) as Order }
      },
    }
  },
})
