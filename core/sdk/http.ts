import { CartwireError } from './errors.js'

/** Priority classes share one per-connection limiter so a burst of actions never starves polling. */
export type HttpPriority = 'poll' | 'fetch' | 'action'

export interface HttpRequest {
  method?: string
  url: string
  headers?: Record<string, string>
  /** a string or Buffer is sent as is; anything else as JSON */
  body?: unknown
  /** @default 30000 */
  timeoutMs?: number
  /** @default 'action' */
  priority?: HttpPriority
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  /** lower-cased names */
  headers: Record<string, string>
  body: string
}

/**
 * Per-connection HTTP client handed to connectors as `ctx.http`. It answers every status (it does not
 * throw on 4xx/5xx); `raiseForStatus` turns an unwanted answer into the right coded error. Network
 * failures and timeouts throw ERR_NETWORK / ERR_TIMEOUT.
 */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>
}

/** Retry-After as ms: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/**
 * Maps an HTTP answer to the error table: 429 → ERR_RATE_LIMITED and 5xx → ERR_UPSTREAM (both
 * retryable, Retry-After honoured), 404 → ERR_NOT_FOUND, other 4xx → ERR_UPSTREAM_REJECTED (not retried).
 */
export function raiseForStatus(res: HttpResponse, what: string, now?: number): void {
  if (res.status < 400) return
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now)
  const details = { status: res.status, body: res.body.slice(0, 2000) }
  if (res.status === 429) throw new CartwireError('ERR_RATE_LIMITED', `${what}: 429 Too Many Requests`, { retryAfterMs, details })
  if (res.status >= 500) throw new CartwireError('ERR_UPSTREAM', `${what}: ${res.status}`, { retryAfterMs, details })
  if (res.status === 404) throw new CartwireError('ERR_NOT_FOUND', `${what}: 404 Not Found`, { details })
  throw new CartwireError('ERR_UPSTREAM_REJECTED', `${what}: ${res.status}`, { details })
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

/**
 * Maps a call that got no answer to the error table: the caller's signal → ERR_ABORTED; a timeout (ours
 * or undici's) → ERR_TIMEOUT; anything else (refused, reset, DNS, TLS) → ERR_NETWORK. All retryable —
 * except that the core never retries an `unsafe` step after them (the request may have been processed).
 */
export function transportError(e: unknown, what: string, state: { aborted: boolean; timedOut: boolean; timeout: string }): CartwireError {
  const code = (e as { code?: string }).code
  if (state.aborted) return new CartwireError('ERR_ABORTED', `${what}: aborted`, { cause: e })
  if (state.timedOut || TIMEOUT_CODES.has(code ?? '')) return new CartwireError('ERR_TIMEOUT', `${what}: no answer within ${state.timeout}`, { cause: e })
  return new CartwireError('ERR_NETWORK', `${what}: ${code ?? (e as Error).message}`, { cause: e })
}
