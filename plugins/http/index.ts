import { errors as undiciErrors, request } from 'undici'
import { z } from 'zod'
import { CartwireError, defineAction, durationSchema, parseDuration, raiseForStatus, transportError, type JsonValue } from '../../core/sdk/index.js'

/** Response bodies are kept in the ledger: at most this much is read; the rest is cut off unread. */
const MAX_BODY_BYTES = 64 * 1024
const MAX_REDIRECTS = 5
const statusCode = z.number().int().min(100).max(599)

const params = z.strictObject({
  /** @default 'POST' */
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  /** http or https only */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  headers: z.record(z.string(), z.string()).optional(),
  /** a string is sent as it is; anything else as JSON with content-type application/json */
  body: z.json().optional(),
  /** the whole exchange, redirects included. @default '30s' */
  timeout: durationSchema.default('30s'),
  /**
   * The endpoint honours the `Idempotency-Key` header, so after a crash the step can be sent again with
   * the same key (class `keyed`); otherwise it is `unsafe` and a crash leaves it in doubt. @default false
   */
  idempotent: z.boolean().default(false),
  /** statuses that count as success (a 404 may be fine for a DELETE). @default any 2xx */
  expectStatus: z.union([statusCode, z.array(statusCode).min(1)]).optional(),
})

type Params = z.output<typeof params>

/**
 * `http.request`: calls any HTTP endpoint from a rule.
 *
 * - Every request carries `Idempotency-Key: <ctx.key>` (the step's ledger key; a user header of that
 *   name is replaced), whether or not the endpoint honours it.
 * - Answers: the expected statuses (default 2xx) → `{ status, body, truncated? }`, the body parsed when
 *   the content-type is JSON, else text, cut to 64 KiB (a cut body stays text); 429 and 5xx →
 *   ERR_RATE_LIMITED / ERR_UPSTREAM, retryable, Retry-After honoured; 404 → ERR_NOT_FOUND; any other
 *   status → ERR_UPSTREAM_REJECTED (not retried: a person must look).
 * - Failures: timeout → ERR_TIMEOUT, unreachable → ERR_NETWORK (both retryable); the step's lease
 *   signal → ERR_ABORTED; a header value undici refuses → ERR_PARAMS.
 * - Redirects are followed only within the same origin (scheme, host and port), at most 5: 307/308
 *   repeat the method and body, as those statuses mean the request was not processed; 303 continues as
 *   a GET, as it means it was. A redirect to another origin, including http → https, and a 301/302 of
 *   anything but a GET (clients disagree on whether they turn into a GET, which would drop the body)
 *   fail with ERR_UPSTREAM_REJECTED naming only the new host: the rule should call the final URL, and
 *   headers meant for one host (Authorization) are never sent to another.
 * - Logs name the method and host only: paths and queries often hold tokens (Slack, Zapier hooks).
 */
export default defineAction({
  name: 'http.request',
  idempotency: 'unsafe',
  idempotencyFor: (p) => (p.idempotent ? 'keyed' : 'unsafe'),
  params,
  async run(ctx, p) {
    const timeoutMs = parseDuration(p.timeout)
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(), timeoutMs)
    const signal = AbortSignal.any([ctx.signal, deadline.signal])
    let url = new URL(p.url)
    let method: Params['method'] = p.method
    let { body, headers } = encodeRequest(p, ctx.key)
    let what = `http.request ${method} ${url.host}`
    try {
      for (let hop = 0; ; hop++) {
        const res = await request(url, { method, headers, body, signal })
        const expected = isExpected(res.statusCode, p.expectStatus)
        const location = res.headers.location
        if (!expected && res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
          await res.body.dump()
          const next = followRedirect(res.statusCode, new URL(location, url), url, method, hop, what)
          if (next.method !== method) {
            body = undefined
            headers = withoutContentType(headers)
          }
          url = next.url
          method = next.method
          what = `http.request ${method} ${url.host}`
          continue
        }
        const { text, truncated } = await readCapped(res.body)
        ctx.log.debug({ method, host: url.host, status: res.statusCode, bytes: Buffer.byteLength(text) }, 'http.request')
        if (!expected) {
          const retryAfter = res.headers['retry-after']
          raiseForStatus({ status: res.statusCode, headers: typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : {}, body: text }, what, ctx.clock.now())
          throw new CartwireError('ERR_UPSTREAM_REJECTED', `${what}: unexpected status ${res.statusCode}`, { details: { status: res.statusCode, body: text.slice(0, 2000) } })
        }
        return { status: res.statusCode, body: decodeBody(text, truncated, res.headers['content-type']), ...(truncated && { truncated: true }) }
      }
    } catch (e) {
      if (e instanceof CartwireError) throw e
      if (!ctx.signal.aborted && e instanceof undiciErrors.InvalidArgumentError) throw new CartwireError('ERR_PARAMS', `${what}: ${e.message}`, { cause: e })
      throw transportError(e, what, { aborted: ctx.signal.aborted, timedOut: deadline.signal.aborted, timeout: p.timeout })
    } finally {
      clearTimeout(timer)
    }
  },
})

function encodeRequest(p: Params, key: string): { body?: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(p.headers ?? {})) if (name.toLowerCase() !== 'idempotency-key') headers[name] = value
  headers['Idempotency-Key'] = key
  if (p.body === undefined) return { headers }
  if (typeof p.body === 'string') return { body: p.body, headers }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
  return { body: JSON.stringify(p.body), headers }
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'))
}

/**
 * Where and how to repeat the request after a redirect (see the action's comment for the policy), or
 * ERR_UPSTREAM_REJECTED naming only the new host: the full location may carry a token.
 */
function followRedirect(status: number, next: URL, current: URL, method: Params['method'], hop: number, what: string): { url: URL; method: Params['method'] } {
  const repeatAs = status === 307 || status === 308 ? method : status === 303 || ((status === 301 || status === 302) && method === 'GET') ? 'GET' : undefined
  const refusal =
    next.origin !== current.origin ? `redirected to another origin (${next.host})`
    : repeatAs === undefined ? `${status} redirect of a ${method}`
    : hop >= MAX_REDIRECTS ? `more than ${MAX_REDIRECTS} redirects`
    : undefined
  if (refusal !== undefined || repeatAs === undefined) throw new CartwireError('ERR_UPSTREAM_REJECTED', `${what}: ${refusal}; call the final URL instead`, { details: { status } })
  return { url: next, method: repeatAs }
}

function isExpected(status: number, expect: number | number[] | undefined): boolean {
  if (expect === undefined) return status >= 200 && status < 300
  return Array.isArray(expect) ? expect.includes(status) : expect === status
}

/** Reads at most MAX_BODY_BYTES; leaving the loop early destroys the stream, so the rest is never read. */
async function readCapped(stream: AsyncIterable<Buffer>): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    if (size + chunk.length > MAX_BODY_BYTES) {
      chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size))
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true }
    }
    chunks.push(chunk)
    size += chunk.length
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false }
}

function decodeBody(text: string, truncated: boolean, contentType: string | string[] | undefined): JsonValue {
  if (truncated || typeof contentType !== 'string' || !/[/+]json\b/i.test(contentType) || text === '') return text
  try {
    return JSON.parse(text) as JsonValue
  } catch {
    return text
  }
}
