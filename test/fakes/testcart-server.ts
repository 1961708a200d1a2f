import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createHmac, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Order } from '../../core/sdk/entities.js'

/**
 * A fake commerce platform ("testcart") over real HTTP on port 0, for engine tests. It keeps canonical
 * orders (so the connector stays thin), answers reads with a `Date` header, pages with seek pagination,
 * applies writes the way a real platform would (tags are a set, notes append, fulfillments honour
 * Idempotency-Key, nothing else does), counts every effect it received, can fail calls on demand, and
 * signs webhooks it hands to the test.
 */
export interface Effect {
  action: 'tags' | 'note' | 'status' | 'fulfillment' | 'sink'
  orderId: string | null
  key: string | null
  body: unknown
}

export interface Failure {
  /** path prefix, e.g. `/orders/1/notes` */
  path: string
  status: number
  times: number
  retryAfter?: string
  /** apply the write, then answer the failure (the platform did it, the caller cannot know) */
  afterApply?: boolean
}

export class TestcartServer {
  readonly orders = new Map<string, Order>()
  readonly notes = new Map<string, string[]>()
  readonly effects: Effect[] = []
  /** every write request received, including those a key deduplicated */
  readonly calls: Array<{ path: string; key: string | null }> = []
  private readonly fulfillmentKeys = new Map<string, unknown>()
  private failures: Failure[] = []
  private server?: Server
  url = ''
  /** the platform's own clock (ms); moves writes' updatedAt forward */
  now = Date.parse('2026-03-01T10:00:00Z')

  constructor(readonly secret = 'testcart-secret') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  failNext(failure: Failure): void {
    this.failures.push(failure)
  }

  /** Stores an order as the platform would (its updatedAt as given). */
  put(order: Order): Order {
    this.orders.set(order.id, structuredClone(order))
    return order
  }

  /** A signed webhook for `topic` carrying `payload` (default: the stored order). */
  webhook(topic: string, payload: unknown, opts: { webhookId?: string; secret?: string } = {}) {
    const body = Buffer.from(JSON.stringify(payload))
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-testcart-topic': topic,
      'x-testcart-webhook-id': opts.webhookId ?? randomUUID(),
      'x-testcart-hmac-sha256': createHmac('sha256', opts.secret ?? this.secret).update(body).digest('base64'),
    }
    return { method: 'POST', headers, rawBody: body, query: {} }
  }

  effectsFor(action: Effect['action']): Effect[] {
    return this.effects.filter((e) => e.action === action)
  }

  private touch(order: Order): void {
    const previous = Date.parse(order.updatedAt)
    this.now = Math.max(this.now, previous + 1000)
    order.updatedAt = new Date(Math.floor(this.now / 1000) * 1000).toISOString()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const body = text ? JSON.parse(text) : undefined
    const url = new URL(req.url ?? '/', 'http://x')
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', date: new Date(this.now).toUTCString(), ...headers })
      res.end(JSON.stringify(payload))
    }
    if (req.method === 'POST') this.calls.push({ path: url.pathname, key })
    const failure = this.failures.find((f) => url.pathname.startsWith(f.path) && f.times > 0)
    if (failure) failure.times--
    if (failure && !failure.afterApply) return send(failure.status, { error: 'injected' }, failure.retryAfter ? { 'retry-after': failure.retryAfter } : {})
    const match = /^\/orders\/([^/]+)(?:\/(tags|notes|status|fulfillments))?$/.exec(url.pathname)
    if (req.method === 'POST' && url.pathname === '/sink') {
      this.effects.push({ action: 'sink', orderId: null, key, body })
      return send(200, { ok: true })
    }
    if (req.method === 'GET' && url.pathname === '/orders') return send(200, this.page(url))
    if (!match) return send(404, { error: 'not found' })
    const order = this.orders.get(match[1])
    if (!order) return send(404, { error: 'not found' })
    const sub = match[2]
    if (req.method === 'GET' && !sub) return send(200, order)
    if (req.method === 'GET' && sub === 'notes') return send(200, { notes: this.notes.get(order.id) ?? [] })
    if (req.method !== 'POST') return send(405, { error: 'method' })
    if (sub === 'tags') {
      this.effects.push({ action: 'tags', orderId: order.id, key, body })
      order.tags = [...new Set([...order.tags, ...(body.tags as string[])])]
    } else if (sub === 'notes') {
      this.effects.push({ action: 'note', orderId: order.id, key, body })
      this.notes.set(order.id, [...(this.notes.get(order.id) ?? []), body.note])
      order.note = [order.note, body.note].filter(Boolean).join('\n')
    } else if (sub === 'status') {
      this.effects.push({ action: 'status', orderId: order.id, key, body })
      order.status = body.status
    } else if (sub === 'fulfillments') {
      if (key && this.fulfillmentKeys.has(key)) return send(200, this.fulfillmentKeys.get(key))
      this.effects.push({ action: 'fulfillment', orderId: order.id, key, body })
      const now = new Date(this.now).toISOString()
      const shipment = { id: `f${order.fulfillments.length + 1}`, orderId: order.id, status: 'open' as const, trackingNumber: body.trackingNumber ?? null, createdAt: now, updatedAt: now }
      order.fulfillments = [...order.fulfillments, shipment]
      order.fulfillmentStatus = 'fulfilled'
      if (key) this.fulfillmentKeys.set(key, shipment)
    }
    this.touch(order)
    if (failure?.afterApply) return send(failure.status, { error: 'injected after the write was applied' })
    return send(200, order)
  }

  /** Seek pagination over (updatedAt, id) after `updated_after` + `after_id`. */
  private page(url: URL) {
    const after = url.searchParams.get('updated_after')
    const afterId = url.searchParams.get('after_id') ?? ''
    const limit = Number(url.searchParams.get('limit') ?? 50)
    const afterMs = after ? Date.parse(after) : -Infinity
    const sorted = [...this.orders.values()]
      .map((o) => ({ o, t: Date.parse(o.updatedAt) }))
      .filter(({ o, t }) => t > afterMs || (t === afterMs && o.id > afterId))
      .sort((a, b) => a.t - b.t || (a.o.id < b.o.id ? -1 : a.o.id > b.o.id ? 1 : 0))
    const orders = sorted.slice(0, limit).map(({ o }) => o)
    return { orders, hasMore: sorted.length > limit }
  }
}
