import type { ServerResponse } from 'node:http'
import type { IncomingRequest } from '../../../core/sdk/connector.js'
import { startLocalServer, type LocalServer, type ReceivedRequest } from '../../net/local-server.js'
import { checkOAuth } from './auth.js'
import { pingDelivery, signedDelivery } from './deliveries.js'
import { ListError } from './listing.js'
import { renderCustomer, renderOrder, renderProduct, type FakeCustomer, type FakeFulfillment, type FakeLine, type FakeOrder, type FakeProduct, type FakeWebhook } from './model.js'
import { catalogRoutes } from './routes-catalog.js'
import { orderRoutes } from './routes-orders.js'
import { webhookRoutes } from './routes-webhooks.js'

/**
 * A fake WooCommerce store over real HTTP on 127.0.0.1, port 0: REST v3 under `/wp-json/wc/v3`
 * (orders, notes, refunds, products and variations, customers, webhooks, settings, and — when
 * `fulfillmentsApi` — the Fulfillments API), OAuth 1.0a auth as a plain-HTTP site requires (auth.ts),
 * list semantics of the CRUD controller (listing.ts), a `Date` header from its own clock, and signed
 * webhook deliveries (deliveries.ts). It never honours an idempotency key (WooCommerce has none). It
 * records every request and every effect, can fail requests on demand, and can run a hook after each
 * list request (to modify records in the middle of a client's walk).
 */
export interface FakeRequest {
  method: string
  /** path below /wp-json/wc/v3 */
  path: string
  query: URLSearchParams
  body: any
  selfUrl: string
}

export interface FakeResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export type Route = (fake: WooFake, req: FakeRequest) => FakeResponse | undefined

export interface Effect {
  action: 'note' | 'status' | 'stock' | 'price' | 'fulfillment' | 'webhook'
  id: number
  body: unknown
}

export interface WooFakeOptions {
  consumerKey?: string
  consumerSecret?: string
  webhookSecret?: string
  /** the Fulfillments REST API (WooCommerce 10.1+, feature enabled). @default true */
  fulfillmentsApi?: boolean
  /** the platform clock, epoch ms. @default 2024-05-01T10:00:00Z */
  now?: number
  /** check oauth_timestamp within 15 minutes of the fake's clock. @default true */
  checkOAuthTimestamp?: boolean
}

const NO_ROUTE: FakeResponse = { status: 404, body: { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } } }

export class WooFake {
  readonly consumerKey: string
  readonly consumerSecret: string
  webhookSecret: string
  fulfillmentsApi: boolean
  checkOAuthTimestamp: boolean
  now: number
  url = ''
  readonly orders = new Map<number, FakeOrder>()
  readonly products = new Map<number, FakeProduct>()
  readonly customers = new Map<number, FakeCustomer>()
  readonly webhooks = new Map<number, FakeWebhook>()
  readonly fulfillments: FakeFulfillment[] = []
  readonly effects: Effect[] = []
  /** every request: method, path, query (oauth_* removed) and the idempotency-key header if any */
  readonly requests: Array<{ method: string; path: string; query: Record<string, string>; idempotencyKey: string | null }> = []
  /** ping requests WooCommerce would send to newly created webhooks' delivery URLs */
  readonly pings: IncomingRequest[] = []
  /** called after each list request is answered and before the next request is read */
  onList?: (path: string, count: number) => void
  private lists = 0
  private failures: Array<{ path: string; status: number; times: number }> = []
  private readonly nonces = new Set<string>()
  private nextId = 100
  private server?: LocalServer

  constructor(opts: WooFakeOptions = {}) {
    this.consumerKey = opts.consumerKey ?? 'ck_fake_0123456789abcdef'
    this.consumerSecret = opts.consumerSecret ?? 'cs_fake_fedcba9876543210'
    this.webhookSecret = opts.webhookSecret ?? 'whsec-woo-fake'
    this.fulfillmentsApi = opts.fulfillmentsApi ?? true
    this.checkOAuthTimestamp = opts.checkOAuthTimestamp ?? true
    this.now = opts.now ?? Date.parse('2024-05-01T10:00:00Z')
  }

  async start(): Promise<this> {
    this.server = await startLocalServer((req, res) => this.handle(req, res))
    this.url = this.server.origin
    return this
  }

  async stop(): Promise<void> {
    await this.server?.close()
  }

  /** Connection options that point the connector at this fake. */
  options(extra: Record<string, unknown> = {}) {
    return { url: this.url, consumerKey: this.consumerKey, consumerSecret: this.consumerSecret, webhookSecret: this.webhookSecret, ...extra }
  }

  id(): number {
    return this.nextId++
  }

  /** The clock at second resolution, as MySQL DATETIME stores it. */
  second(): number {
    return Math.floor(this.now / 1000) * 1000
  }

  advance(ms: number): void {
    this.now += ms
  }

  failNext(path: string, status: number, times = 1): void {
    this.failures.push({ path, status, times })
  }

  effectsFor(action: Effect['action'], id?: number): Effect[] {
    return this.effects.filter((e) => e.action === action && (id === undefined || e.id === id))
  }

  // ---- merchant-side changes ---------------------------------------------------------------------

  /** A checkout: a new order, paid (processing) unless `status` says otherwise. */
  createOrder(init: Partial<Omit<FakeOrder, 'lines'>> & { lines?: Array<Omit<FakeLine, 'id'>> } = {}): FakeOrder {
    const at = this.second()
    const status = init.status ?? 'processing'
    const lines = (init.lines ?? [{ name: 'Espresso machine', productId: 40, variationId: 0, sku: 'ESP-01', quantity: 2, price: '200.00' }, { name: 'Milk jug', productId: 41, variationId: 0, sku: 'JUG-01', quantity: 1, price: '112.00' }]).map((l) => ({ ...l, id: this.id() }))
    const total = init.total ?? lines.reduce((sum, l) => sum + Math.round(Number(l.price) * 100) * l.quantity, 0) / 100
    const order: FakeOrder = {
      id: this.id(),
      currency: 'EUR',
      customerId: 7,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      customerNote: '',
      refunds: [],
      notes: [],
      meta: [{ id: this.id(), key: '_wc_order_attribution_source_type', value: 'typein' }],
      createdMs: at,
      modifiedMs: at,
      paidMs: ['processing', 'completed'].includes(status) ? at : null,
      completedMs: status === 'completed' ? at : null,
      trashed: false,
      ...init,
      status,
      lines,
      total: typeof total === 'number' ? total.toFixed(2) : total,
    }
    this.orders.set(order.id, order)
    return order
  }

  /** A change to an order as a merchant makes it: modified now (a tie when the second has not moved). */
  updateOrder(id: number, change: (o: FakeOrder) => void): FakeOrder {
    const order = this.mustOrder(id)
    change(order)
    order.modifiedMs = Math.max(order.modifiedMs, this.second())
    return order
  }

  setOrderStatus(id: number, status: string): FakeOrder {
    return this.updateOrder(id, (o) => {
      o.status = status
      if (['processing', 'completed'].includes(status)) o.paidMs ??= this.second()
      if (status === 'completed') o.completedMs ??= this.second()
    })
  }

  /** A refund from the admin: listed on the order; a full refund moves the order to `refunded`. */
  refundOrder(id: number, amount: string, reason = ''): FakeOrder {
    return this.updateOrder(id, (o) => {
      o.refunds.push({ id: this.id(), amount, reason, createdMs: this.second() })
      const refunded = o.refunds.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0)
      if (refunded >= Math.round(Number(o.total) * 100)) o.status = 'refunded'
    })
  }

  trashOrder(id: number): void {
    this.updateOrder(id, (o) => (o.trashed = true))
  }

  restoreOrder(id: number): void {
    this.updateOrder(id, (o) => (o.trashed = false))
  }

  createProduct(init: Partial<FakeProduct> = {}): FakeProduct {
    const at = this.second()
    const product: FakeProduct = { id: this.id(), name: 'Espresso machine', type: 'simple', status: 'publish', parentId: 0, sku: `SKU-${this.nextId}`, regularPrice: '200.00', salePrice: '', manageStock: true, stockQuantity: 10, createdMs: at, modifiedMs: at, trashed: false, ...init }
    this.products.set(product.id, product)
    return product
  }

  updateProduct(id: number, change: (p: FakeProduct) => void): FakeProduct {
    const product = this.products.get(id)
    if (!product) throw new Error(`no product ${id}`)
    change(product)
    product.modifiedMs = Math.max(product.modifiedMs, this.second())
    return product
  }

  variationsOf(parentId: number): FakeProduct[] {
    return [...this.products.values()].filter((p) => p.type === 'variation' && p.parentId === parentId)
  }

  createCustomer(init: Partial<FakeCustomer> = {}): FakeCustomer {
    const customer: FakeCustomer = { id: this.id(), email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', meta: [], createdMs: this.second(), modifiedMs: null, ...init }
    this.customers.set(customer.id, customer)
    return customer
  }

  createWebhook(topic: string, deliveryUrl: string, status: FakeWebhook['status'] = 'active', secret = this.webhookSecret): FakeWebhook {
    const hook: FakeWebhook = { id: this.id(), name: `hook ${topic}`, status, topic, deliveryUrl, secret, failureCount: 0, createdMs: this.second() }
    this.webhooks.set(hook.id, hook)
    this.pings.push(pingDelivery(hook.id))
    return hook
  }

  /** `WC_Webhook::failed_delivery`: more than 5 consecutive failures disable the webhook. */
  deliveryFailed(webhookId: number): void {
    const hook = this.webhooks.get(webhookId)!
    if (hook.failureCount > 5) hook.status = 'disabled'
    else hook.failureCount++
  }

  mustOrder(id: number): FakeOrder {
    const order = this.orders.get(id)
    if (!order) throw new Error(`no order ${id}`)
    return order
  }

  // ---- deliveries ----------------------------------------------------------------------------------

  /** The payload WooCommerce would build now for `topic` and a resource id. */
  payload(topic: string, id: number): unknown {
    const [resource, event] = topic.split('.')
    if (event === 'deleted') return { id }
    if (resource === 'order') return renderOrder(this.mustOrder(id))
    if (resource === 'product') {
      const p = this.products.get(id)!
      return renderProduct(p, this.variationsOf(id))
    }
    if (resource === 'customer') return renderCustomer(this.customers.get(id)!)
    throw new Error(`no payload for ${topic}`)
  }

  /** A signed delivery of the resource's current state (each call has a new delivery id). */
  webhook(topic: string, id: number, opts: { secret?: string; payload?: unknown } = {}): IncomingRequest {
    const hook = [...this.webhooks.values()].find((h) => h.topic === topic)
    return signedDelivery(topic, hook?.id ?? 1, opts.payload ?? this.payload(topic, id), opts.secret ?? this.webhookSecret, this.now)
  }

  ping(webhookId = 1): IncomingRequest {
    return pingDelivery(webhookId)
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  private handle(req: ReceivedRequest, res: ServerResponse): void {
    const text = req.body
    const url = new URL(req.url || '/', this.url)
    const send = (r: FakeResponse) => {
      res.writeHead(r.status, { 'content-type': 'application/json; charset=UTF-8', date: new Date(this.now).toUTCString(), ...r.headers })
      res.end(JSON.stringify(r.body))
    }
    const prefix = '/wp-json/wc/v3'
    if (!url.pathname.startsWith(`${prefix}/`)) return send(NO_ROUTE)
    const path = url.pathname.slice(prefix.length)
    const method = req.method || 'GET'
    const query = new URLSearchParams([...url.searchParams].filter(([k]) => !k.startsWith('oauth_')))
    this.requests.push({ method, path, query: Object.fromEntries(query), idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null })
    const verdict = checkOAuth(method, `${this.url}${url.pathname}`, url.searchParams, { consumerKey: this.consumerKey, consumerSecret: this.consumerSecret, checkTimestamp: this.checkOAuthTimestamp }, this.now, this.nonces)
    if (!verdict.ok) return send({ status: 401, body: { code: verdict.code, message: verdict.message, data: { status: 401 } } })
    const failure = this.failures.find((f) => path.startsWith(f.path) && f.times > 0)
    if (failure) {
      failure.times--
      return send({ status: failure.status, body: { code: 'injected', message: 'injected failure', data: { status: failure.status } } })
    }
    let body: unknown
    try {
      body = text ? JSON.parse(text) : {}
    } catch {
      return send({ status: 400, body: { code: 'rest_invalid_json', message: 'Invalid JSON body passed.', data: { status: 400 } } })
    }
    const fakeReq: FakeRequest = { method, path, query, body, selfUrl: url.toString() }
    try {
      for (const routes of [orderRoutes, catalogRoutes, webhookRoutes]) {
        for (const route of routes) {
          const answer = route(this, fakeReq)
          if (!answer) continue
          send(answer)
          if (method === 'GET' && Array.isArray(answer.body)) this.onList?.(path, ++this.lists)
          return
        }
      }
      send(NO_ROUTE)
    } catch (e) {
      if (e instanceof ListError) return send({ status: e.status, body: { code: e.code, message: e.message, data: { status: e.status } } })
      send({ status: 500, body: { code: 'internal_server_error', message: String(e), data: { status: 500 } } })
    }
  }
}
