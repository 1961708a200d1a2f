import { CartwireError, isCartwireError, parseRetryAfter, raiseForStatus, type ConnectorContext, type HttpPriority, type HttpResponse } from '../../core/sdk/index.js'
import type { Settings } from './options.js'
import type { LeakyGate } from './rate-limit.js'
import { parseJson } from './safe-json.js'

/** How often one call may be refused for lack of capacity before the step or walk sees ERR_RATE_LIMITED. */
export const MAX_THROTTLED_ATTEMPTS = 8

export interface RestResponse {
  status: number
  json: any
  headers: Record<string, string>
  /** absolute URL of the next page (`Link: <…>; rel="next"`), when there is one */
  next?: string
}

export interface RestCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  body?: unknown
  priority: HttpPriority
  signal?: AbortSignal
  /** statuses returned to the caller instead of raised (404 for fetch) */
  accept?: readonly number[]
}

/**
 * The REST Admin API under the connection's leaky bucket. Each call takes one unit from the gate; the
 * answer's `X-Shopify-Shop-Api-Call-Limit: used/size` corrects it. A 429 is retried here after
 * `Retry-After` (or, when Shopify sends none, after the time one unit takes to leak, doubling), because
 * a 429 means the request was not processed: a write is as safe to resend as a read.
 */
export function createRest(ctx: Pick<ConnectorContext<unknown>, 'http'>, settings: Settings, gate: LeakyGate, leakPerSecond: number) {
  const origin = new URL(settings.base).origin

  function urlOf(pathOrUrl: string): string {
    if (!/^https?:\/\//.test(pathOrUrl)) return `${settings.base}/admin/api/${settings.apiVersion}/${pathOrUrl.replace(/^\//, '')}`
    // a Link header is followed only to the shop itself: the token must never go anywhere else
    if (new URL(pathOrUrl).origin !== origin) throw new CartwireError('ERR_UPSTREAM_REJECTED', `Shopify pointed at ${new URL(pathOrUrl).origin}, not ${origin}`)
    return pathOrUrl
  }

  async function request(pathOrUrl: string, call: RestCall): Promise<RestResponse> {
    const url = urlOf(pathOrUrl)
    const what = `Shopify ${call.method ?? 'GET'} ${new URL(url).pathname}`
    for (let attempt = 1; ; attempt++) {
      const ticket = await gate.acquire(call.priority, 1, call.signal)
      let res: HttpResponse
      try {
        res = await ctx.http.request({
          method: call.method ?? 'GET', url, priority: call.priority, signal: call.signal, body: call.body,
          headers: { 'x-shopify-access-token': settings.accessToken, accept: 'application/json' },
        })
      } catch (e) {
        gate.settle(ticket)
        if ((call.method ?? 'GET') === 'GET' && isReset(e) && attempt === 1) continue
        throw e
      }
      const limit = parseCallLimit(res.headers['x-shopify-shop-api-call-limit'])
      gate.settle(ticket, limit?.used, limit?.size)
      if (res.status === 429) {
        const waitMs = parseRetryAfter(res.headers['retry-after']) ?? Math.min(30_000, (1000 / leakPerSecond) * 2 ** (attempt - 1))
        if (attempt >= MAX_THROTTLED_ATTEMPTS) throw new CartwireError('ERR_RATE_LIMITED', `${what}: still 429 after ${attempt} attempts`, { retryAfterMs: waitMs })
        gate.block(waitMs)
        continue
      }
      if (!call.accept?.includes(res.status)) raiseForStatus(res, what)
      return { status: res.status, json: res.body ? parseJson(res.body) : null, headers: res.headers, next: nextLink(res.headers.link) }
    }
  }

  return { request, urlOf }
}

export type Rest = ReturnType<typeof createRest>

/**
 * A request that failed on the connection (a kept-alive socket the server had just closed: ECONNRESET,
 * socket hang-up). Reads are sent once more at once; writes are left to the core, which knows the
 * step's idempotency class.
 */
export function isReset(e: unknown): boolean {
  return isCartwireError(e) && e.code === 'ERR_NETWORK'
}

/** `X-Shopify-Shop-Api-Call-Limit: 32/40` → { used: 32, size: 40 }. */
export function parseCallLimit(value: string | undefined): { used: number; size: number } | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value ?? '')
  return match ? { used: Number(match[1]), size: Number(match[2]) } : undefined
}

/** The `rel="next"` URL of a Link header (`<url>; rel="previous", <url>; rel="next"`). */
export function nextLink(value: string | undefined): string | undefined {
  for (const part of (value ?? '').split(/,(?=\s*<)/)) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)
    if (match) return match[1]
  }
  return undefined
}
