import { Agent, errors as undiciErrors, request } from 'undici'
import { systemClock, type Clock } from '../sdk/clock.js'
import { CartwireError } from '../sdk/errors.js'
import { transportError, type HttpClient, type HttpRequest, type HttpResponse } from '../sdk/http.js'
import { silentLogger, type Logger } from '../sdk/logger.js'
import { createPriorityLimiter } from '../sdk/priority-limiter.js'

export interface HttpClientOptions {
  /** connection id, for logs */
  connection: string
  /** requests in flight at once for this connection, across all priority classes. @default 4 */
  maxConcurrent?: number
  /** measures durations for the debug log. @default systemClock */
  clock?: Clock
  /** @default silentLogger */
  log?: Logger
}


/**
 * The per-connection client handed to a connector as `ctx.http` (core/sdk/http.ts has the contract).
 * - One undici Agent (keep-alive pool) per connection, closed by `close()`.
 * - Concurrency through a PriorityLimiter: poll and fetch before actions, one slot kept from actions.
 * - `timeoutMs` covers the exchange itself (connect, headers, body), not the wait for a slot: a burst of
 *   queued actions must not time out before it was ever sent. `signal` covers both.
 * - Every status is answered, none thrown; redirects are not followed (3xx come back as they are): the
 *   connector knows its platform and decides.
 * - Errors: a timeout → ERR_TIMEOUT; the caller's signal → ERR_ABORTED; failing to reach the platform
 *   (refused, reset, DNS, TLS) → ERR_NETWORK; all retryable. A malformed request is a bug and is thrown
 *   as it is, for the core to wrap as ERR_PLUGIN.
 * - The debug log line names method, host and path, never the query string (WooCommerce puts its
 *   consumer key there); resolved secret values are masked by the daemon's logger in any case.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient & { close(): Promise<void> } {
  const clock = opts.clock ?? systemClock
  const log = (opts.log ?? silentLogger).child({ connection: opts.connection })
  const limiter = createPriorityLimiter({ maxConcurrent: opts.maxConcurrent ?? 4 })
  const agent = new Agent()

  async function send(req: HttpRequest, url: URL, method: string): Promise<HttpResponse> {
    const timeoutMs = req.timeoutMs ?? 30_000
    const timer = new AbortController()
    const timeout = setTimeout(() => timer.abort(), timeoutMs)
    const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal
    const what = `${method} ${url.host}${url.pathname}`
    const started = clock.now()
    try {
      const { body, headers } = encodeBody(req.body, req.headers ?? {})
      const res = await request(url, { method, headers, body, signal, dispatcher: agent })
      const response: HttpResponse = { status: res.statusCode, headers: flattenHeaders(res.headers), body: await res.body.text() }
      log.debug({ method, host: url.host, path: url.pathname, status: response.status, ms: clock.now() - started }, 'http')
      return response
    } catch (e) {
      if (!req.signal?.aborted && !timer.signal.aborted && (e instanceof undiciErrors.InvalidArgumentError || e instanceof TypeError)) throw e
      throw transportError(e, what, { aborted: req.signal?.aborted ?? false, timedOut: timer.signal.aborted, timeout: `${timeoutMs} ms` })
    } finally {
      clearTimeout(timeout)
    }
  }

  return {
    async request(req) {
      const url = new URL(req.url)
      const method = (req.method ?? 'GET').toUpperCase()
      try {
        return await limiter.run(req.priority ?? 'action', () => send(req, url, method), req.signal)
      } catch (e) {
        // aborted while still queued for a slot: the limiter rejects with the signal's reason, whatever it is
        if (req.signal?.aborted && !(e instanceof CartwireError && e.code === 'ERR_ABORTED')) throw new CartwireError('ERR_ABORTED', `${method} ${url.host}${url.pathname}: aborted before it was sent`, { cause: e })
        throw e
      }
    },
    close: () => agent.close(),
  }
}

/** A string or Buffer goes as it is; anything else as JSON, with a content-type unless one was given. */
function encodeBody(body: unknown, headers: Record<string, string>): { body?: string | Buffer; headers: Record<string, string> } {
  if (body === undefined) return { headers }
  if (typeof body === 'string' || Buffer.isBuffer(body)) return { body, headers }
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
  return { body: JSON.stringify(body), headers: hasType ? headers : { ...headers, 'content-type': 'application/json' } }
}

/** undici gives lower-cased names; repeated headers arrive as arrays and are joined as HTTP allows. */
function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  return out
}
