/**
 * The one table of error codes. Every error cartwire raises or records carries one of these codes.
 *
 * Kinds decide what the core does with a failure:
 * - `user`        bad input or a decision a person must make: goes to the exception queue at once.
 * - `operational` the world is temporarily unwell (429, 5xx, timeouts): retried with backoff.
 * - `bug`         a defect in cartwire or a plugin: crashes loudly in tests, an exception in production.
 */
export type ErrorKind = 'user' | 'operational' | 'bug'

export interface ErrorSpec {
  kind: ErrorKind
  /** HTTP status when the error is answered to an HTTP client. */
  status?: number
  message: string
}

export const ERRORS = {
  ERR_UNKNOWN_CONNECTION: { kind: 'user', status: 404, message: 'No connection with this id' },
  ERR_BODY_TOO_LARGE: { kind: 'user', status: 413, message: 'Request body over the configured limit' },
  ERR_SIGNATURE: { kind: 'user', status: 401, message: 'Webhook signature verification failed' },
  ERR_STORE_UNAVAILABLE: { kind: 'operational', status: 503, message: 'The store cannot take the delivery now' },
  ERR_STORE_LOCKED: { kind: 'user', message: 'The store is held by another daemon' },
  ERR_STORE_SCHEMA: { kind: 'user', message: 'The store was written by a newer cartwire' },
  ERR_STORE_READONLY: { kind: 'bug', message: 'A write reached a store opened read-only' },
  ERR_DECODE: { kind: 'user', message: 'A verified delivery could not be decoded' },
  ERR_TOPIC: { kind: 'user', message: 'A verified delivery has a topic the connector does not know' },
  ERR_SCHEMA: { kind: 'user', status: 422, message: 'An entity or params object does not match its schema' },
  ERR_CONFIG: { kind: 'user', message: 'The configuration is invalid' },
  ERR_RULE: { kind: 'user', message: 'A rule file is invalid' },
  ERR_PARAMS: { kind: 'user', status: 422, message: 'Action params are invalid' },
  ERR_CAPABILITY: { kind: 'user', message: 'The target connection lacks the capability' },
  ERR_UNKNOWN_ACTION: { kind: 'user', message: 'No action with this name' },
  ERR_SECRET_MISSING: { kind: 'user', message: 'A secret referenced by env() is not set' },
  ERR_INTERPOLATION: { kind: 'user', message: 'A {{path}} or $logic param could not be resolved' },
  ERR_RATE_LIMITED: { kind: 'operational', status: 429, message: 'The platform rate-limited the call' },
  ERR_UPSTREAM: { kind: 'operational', status: 502, message: 'The platform answered with a server error' },
  ERR_TIMEOUT: { kind: 'operational', status: 504, message: 'The call timed out' },
  ERR_NETWORK: { kind: 'operational', status: 502, message: 'The platform could not be reached' },
  ERR_SUBSCRIPTION: { kind: 'operational', message: 'The platform had removed or disabled webhook subscriptions' },
  ERR_UPSTREAM_REJECTED: { kind: 'user', status: 422, message: 'The platform refused the request (4xx)' },
  ERR_NOT_FOUND: { kind: 'user', status: 404, message: 'The resource does not exist on the platform' },
  ERR_AMBIGUOUS_SKU: { kind: 'user', message: 'A SKU resolves to more than one variant' },
  ERR_IN_DOUBT: { kind: 'user', message: 'A crash left the effect of an unsafe step unknown' },
  ERR_LOOP: { kind: 'user', message: 'A rule fired on one resource above the loop-breaker rate' },
  ERR_LEASE_LOST: { kind: 'operational', message: 'The lease was taken over; the commit was fenced off' },
  ERR_GONE: { kind: 'user', message: 'The resource no longer exists' },
  ERR_ABORTED: { kind: 'operational', message: 'The call was aborted before its lease ended' },
  ERR_PLUGIN: { kind: 'bug', message: 'A plugin threw an unexpected error' },
  ERR_INTERNAL: { kind: 'bug', message: 'cartwire hit a defect' },
  // HTTP surface (core/daemon): answers to requests that never reach intake or the admin operations
  ERR_ROUTE: { kind: 'user', status: 404, message: 'No such route' },
  ERR_METHOD: { kind: 'user', status: 405, message: 'Method not allowed on this route' },
  ERR_BAD_REQUEST: { kind: 'user', status: 400, message: 'The request is malformed' },
  ERR_HEADERS_TOO_LARGE: { kind: 'user', status: 431, message: 'Request headers over the limit' },
  ERR_REQUEST_TIMEOUT: { kind: 'user', status: 408, message: 'The request was not received in time' },
  ERR_UNAUTHORIZED: { kind: 'user', status: 401, message: 'A valid bearer token is required' },
  ERR_FORBIDDEN: { kind: 'user', status: 403, message: 'Refused for this client' },
  ERR_NOT_READY: { kind: 'operational', status: 503, message: 'The daemon is starting or draining' },
} as const satisfies Record<string, ErrorSpec>

export type ErrorCode = keyof typeof ERRORS

export interface ErrorContext {
  plugin?: string
  connection?: string
  rule?: string
  step?: string
  event?: string
  /** file or JSON path the error is about, when it is about a file */
  file?: string
  path?: string
}

const BRAND = Symbol.for('cartwire.CartwireError')

export class CartwireError extends Error {
  /**
   * `instanceof` holds across copies of this module: a project loaded as CommonJS (no "type": "module"
   * in its package.json) loads the SDK a second time for its config and connectors, and a plugin's
   * ERR_RATE_LIMITED must stay retryable rather than turn into a plugin bug.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  }

  readonly [BRAND] = true
  readonly code: ErrorCode
  readonly kind: ErrorKind
  readonly status?: number
  /** operational errors: the platform's Retry-After, in ms */
  readonly retryAfterMs?: number
  readonly details?: unknown
  context: ErrorContext

  constructor(code: ErrorCode, message?: string, opts: { cause?: unknown; retryAfterMs?: number; details?: unknown; context?: ErrorContext } = {}) {
    super(message ?? ERRORS[code].message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'CartwireError'
    this.code = code
    this.kind = ERRORS[code].kind
    this.status = (ERRORS[code] as ErrorSpec).status
    this.retryAfterMs = opts.retryAfterMs
    this.details = opts.details
    this.context = { ...opts.context }
  }

  get retryable(): boolean {
    return this.kind === 'operational'
  }

  toJSON(): SerializedError {
    return { code: this.code, kind: this.kind, message: this.message, ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }), ...(this.details !== undefined && { details: this.details }), context: this.context }
  }
}

export interface SerializedError {
  code: ErrorCode
  kind: ErrorKind
  message: string
  retryAfterMs?: number
  details?: unknown
  context?: ErrorContext
}

export function isCartwireError(e: unknown): e is CartwireError {
  return e instanceof CartwireError
}

/**
 * Wraps whatever a plugin threw so it names where it happened. A CartwireError keeps its code and gains
 * context; anything else becomes ERR_PLUGIN (a bug) with the original as `cause`.
 */
export function wrapPluginError(e: unknown, context: ErrorContext): CartwireError {
  if (isCartwireError(e)) {
    e.context = { ...context, ...e.context }
    return e
  }
  const message = e instanceof Error ? e.message : String(e)
  return new CartwireError('ERR_PLUGIN', `${context.plugin ?? 'plugin'}: ${message}`, { cause: e, context })
}
