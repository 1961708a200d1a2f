import { createHmac, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { IncomingRequest } from '../../../core/sdk/index.js'
import { CostBucket, RestBucket, STANDARD_PLAN, type Plan } from './buckets.js'
import { createGraphqlRoutes, requestedCost, type Effect } from './graphql-routes.js'
import type { Raw } from './payloads.js'
import { createRestRoutes } from './rest-routes.js'
import { ShopState, type Delivery } from './state.js'

export interface FakeShopifyOptions {
  plan?: Partial<{ rest: Partial<Plan['rest']>; graphql: Partial<Plan['graphql']> }>
  /** the shop clock's start (ms) */
  now?: number
  currency?: string
}

export interface Injected {
  /** `rest:<path>` (e.g. `rest:orders.json`) or `graphql:<OperationName>` */
  target: string
  status?: number
  /** with status 429: send Retry-After (seconds); omitted: no Retry-After */
  retryAfter?: string
  /** answer THROTTLED instead of a status */
  throttled?: boolean
  /** drop the connection without an answer (a reset kept-alive socket) */
  reset?: boolean
  /** only requests with this method (REST) */
  method?: string
  times: number
}

/**
 * A fake Shopify Admin API over real HTTP on port 0: REST orders/customers/checkouts/inventory levels/
 * webhooks and a GraphQL endpoint, with the access-token check, the `Date` header from the shop clock,
 * the REST leaky bucket (`X-Shopify-Shop-Api-Call-Limit`, 429 with or without Retry-After) and the
 * GraphQL cost bucket (`extensions.cost`, THROTTLED). It signs the webhooks its state changes queue,
 * and hands them out as they would arrive: duplicated, retried with the original payload, reordered,
 * or not at all. It never honours an idempotency key.
 */
export class FakeShopify {
  readonly shop = 'cartwire-test.myshopify.com'
  readonly token = 'shpat_fake_token_0123456789'
  readonly secret = 'fake-client-secret'
  readonly version: string
  readonly state: ShopState
  readonly effects: Effect[] = []
  /** every request: `rest:<path>` or `graphql:<op>`, and whether it was refused for rate */
  readonly calls: Array<{ target: string; limited: boolean }> = []
  readonly rest: RestBucket
  readonly graphql: CostBucket
  /** a list page was just served: `(resource, page number in this walk)` */
  afterPage?: (resource: string, page: number) => void
  beforeMutation?: (op: string, variables: Raw) => void
  private injected: Injected[] = []
  private server?: Server
  url = ''

  constructor(opts: FakeShopifyOptions & { version?: string } = {}) {
    this.version = opts.version ?? '2026-10'
    this.state = new ShopState(opts.now)
    this.rest = new RestBucket({ ...STANDARD_PLAN.rest, ...opts.plan?.rest })
    this.graphql = new CostBucket({ ...STANDARD_PLAN.graphql, ...opts.plan?.graphql })
    this.currency = opts.currency ?? 'EUR'
  }

  readonly currency: string

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => this.send(res, 500, { errors: String(e?.stack ?? e) })))
    // idle connections outlive a test's slowest pause (Node's 5 s default races the client's reuse under load)
    this.server.keepAliveTimeout = 60_000
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  inject(failure: Injected): void {
    this.injected.push(failure)
  }

  effectsOf(op: string, target?: string): Effect[] {
    return this.effects.filter((e) => e.op === op && (target === undefined || e.target === target))
  }

  // ---- webhooks ------------------------------------------------------------------------------------

  /** A delivery as Shopify would POST it, signed with the app secret (or `secret`). */
  request(delivery: Delivery, opts: { secret?: string } = {}): IncomingRequest {
    const rawBody = Buffer.from(delivery.body)
    return {
      method: 'POST',
      query: {},
      rawBody,
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': delivery.topic,
        'x-shopify-hmac-sha256': createHmac('sha256', opts.secret ?? this.secret).update(rawBody).digest('base64'),
        'x-shopify-shop-domain': this.shop,
        'x-shopify-api-version': this.version,
        'x-shopify-webhook-id': delivery.webhookId,
        'x-shopify-event-id': delivery.eventId,
        'x-shopify-triggered-at': delivery.triggeredAt,
      },
    }
  }

  /**
   * A retry of `delivery` with its original payload, as Shopify sends it hours later. Shopify keeps the
   * webhook and event ids; `fresh` gives new ones (a resend the inbox cannot recognise by id).
   */
  retry(delivery: Delivery, opts: { fresh?: boolean } = {}): Delivery {
    return opts.fresh ? { ...delivery, webhookId: randomUUID(), eventId: randomUUID() } : { ...delivery }
  }

  /** POSTs a delivery to `url` over HTTP as Shopify does; answers the receiver's status. */
  async post(url: string, delivery: Delivery): Promise<number> {
    const { headers, rawBody } = this.request(delivery)
    const res = await fetch(url, { method: 'POST', headers: headers as Record<string, string>, body: rawBody })
    await res.arrayBuffer()
    return res.status
  }

  /** Queued deliveries since index `from` (use `state.outbox.length` as a mark). */
  since(from: number): Delivery[] {
    return this.state.outbox.slice(from)
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  private send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', date: new Date(this.state.now).toUTCString(), ...headers })
    res.end(JSON.stringify(json))
  }

  private takeInjected(target: string, method = 'POST'): Injected | undefined {
    const found = this.injected.find((f) => f.target === target && f.times > 0 && (!f.method || f.method === method))
    if (found) found.times--
    return found
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://x')
    const match = /^\/admin\/api\/(\d{4}-\d{2})\/(.+)$/.exec(url.pathname)
    if (!match) return this.send(res, 404, { errors: 'Not Found' })
    if (req.headers['x-shopify-access-token'] !== this.token) return this.send(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' })
    const [, version, path] = match
    const body = text ? JSON.parse(text) : undefined
    if (path === 'graphql.json') return this.graphqlRequest(res, version, body)
    const target = `rest:${path}`
    const injected = this.takeInjected(target, req.method)
    if (injected?.reset) return void req.socket.destroy()
    const limited = injected?.status === 429 || !this.rest.take()
    this.calls.push({ target, limited })
    if (limited) return this.send(res, 429, { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' }, this.rest429Headers(injected))
    if (injected?.status) return this.send(res, injected.status, { errors: 'injected' }, { 'x-shopify-shop-api-call-limit': this.rest.header() })
    const answer = this.restRouter(version)(req.method ?? 'GET', path, url.searchParams, body)
    this.send(res, answer.status, answer.json, { 'x-shopify-shop-api-call-limit': this.rest.header(), ...answer.headers })
    answer.after?.()
  }

  private restRouters = new Map<string, ReturnType<typeof createRestRoutes>>()

  /** One router per API version (list page counters live in it). */
  private restRouter(version: string) {
    let router = this.restRouters.get(version)
    if (!router) {
      router = createRestRoutes({ state: this.state, link: (p) => `${this.url}/admin/api/${version}/${p}`, pageServed: (r, n) => this.afterPage?.(r, n) })
      this.restRouters.set(version, router)
    }
    return router
  }

  private rest429Headers(injected: Injected | undefined): Record<string, string> {
    const retryAfter = injected ? injected.retryAfter : this.rest.plan.retryAfter ? '2.0' : undefined
    return { 'x-shopify-shop-api-call-limit': this.rest.header(), ...(retryAfter !== undefined && { 'retry-after': retryAfter }) }
  }

  private graphqlRouters = new Map<string, ReturnType<typeof createGraphqlRoutes>>()

  private graphqlRequest(res: ServerResponse, version: string, body: { query?: string; variables?: Raw } | undefined): void {
    const document = String(body?.query ?? '')
    const variables = body?.variables ?? {}
    const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous'
    const requested = requestedCost(document, variables)
    const injected = this.takeInjected(`graphql:${op}`)
    const throttled = injected?.throttled || !this.graphql.take(requested)
    this.calls.push({ target: `graphql:${op}`, limited: !!throttled })
    if (throttled) {
      return this.send(res, 200, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: this.graphql.status() } },
      })
    }
    if (injected?.status) return this.send(res, injected.status, { errors: 'injected' })
    let router = this.graphqlRouters.get(version)
    if (!router) {
      router = createGraphqlRoutes({ state: this.state, version, currency: this.currency, effects: this.effects, pageServed: (r, n) => this.afterPage?.(r, n), beforeMutation: (o, v) => this.beforeMutation?.(o, v) })
      this.graphqlRouters.set(version, router)
    }
    const answer = router(document, variables)
    this.graphql.refund(Math.max(0, requested - answer.actual))
    const extensions = { cost: { requestedQueryCost: requested, actualQueryCost: answer.actual, throttleStatus: this.graphql.status() } }
    this.send(res, 200, { ...(answer.data !== undefined && { data: answer.data }), ...(answer.errors && { errors: answer.errors }), extensions })
    answer.after?.()
  }
}
