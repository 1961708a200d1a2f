import { CartwireError, raiseForStatus, type Clock, type HttpClient, type HttpPriority } from '../../core/sdk/index.js'
import { authorize, type Credentials } from './auth.js'

/**
 * A small client for `<url>/wp-json/wc/v3`: authentication (auth.ts), JSON in and out, and errors from
 * the table. WordPress answers errors as `{ code, message, data: { status } }`; the code is kept in the
 * error's details (`details.wpCode`) so callers can tell "no such order" (`woocommerce_rest_*_invalid_id`)
 * from "no such route" (`rest_no_route`: the feature is not installed).
 */

export interface RestOptions {
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  priority?: HttpPriority
  signal?: AbortSignal
  /** statuses answered as results instead of errors (e.g. 404 for fetch → gone) */
  accept?: number[]
}

export interface RestResponse<T> {
  status: number
  data: T
  headers: Record<string, string>
}

export interface WooRest {
  call<T>(method: string, path: string, opts?: RestOptions): Promise<RestResponse<T>>
}

export function createRest(http: HttpClient, storeUrl: string, creds: Credentials, clock: Clock): WooRest {
  const api = `${storeUrl.replace(/\/+$/, '')}/wp-json/wc/v3`
  return {
    async call<T>(method: string, path: string, opts: RestOptions = {}): Promise<RestResponse<T>> {
      const query: Record<string, string> = {}
      for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) query[k] = String(v)
      const signed = authorize(method, new URL(`${api}${path}`), query, creds, clock.now())
      const res = await http.request({
        method,
        url: signed.url,
        headers: { accept: 'application/json', ...signed.headers },
        body: opts.body,
        priority: opts.priority ?? 'action',
        signal: opts.signal,
      })
      const what = `woocommerce ${method} ${path}`
      if (!opts.accept?.includes(res.status)) {
        try {
          raiseForStatus(res, what)
        } catch (e) {
          if (!(e instanceof CartwireError)) throw e
          const details = { ...(e.details as object), wpCode: wpCode(res.body) }
          throw new CartwireError(e.code, e.message, { retryAfterMs: e.retryAfterMs, details })
        }
      }
      let data: T
      try {
        data = (res.body ? JSON.parse(res.body) : null) as T
      } catch (e) {
        throw new CartwireError('ERR_UPSTREAM', `${what}: the answer is not JSON`, { cause: e, details: { status: res.status, body: res.body.slice(0, 500) } })
      }
      return { status: res.status, data, headers: res.headers }
    },
  }
}

function wpCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { code?: unknown }
    return typeof parsed.code === 'string' ? parsed.code : undefined
  } catch {
    return undefined
  }
}

export function wpCodeOf(e: unknown): string | undefined {
  return e instanceof CartwireError ? (e.details as { wpCode?: string } | undefined)?.wpCode : undefined
}
