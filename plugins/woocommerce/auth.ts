import { createHmac, randomBytes } from 'node:crypto'

/**
 * How requests to the REST API authenticate, as WooCommerce's `WC_REST_Authentication` decides:
 * - over HTTPS, HTTP Basic with the consumer key and secret (or, for servers that strip the
 *   Authorization header, `consumer_key` / `consumer_secret` query parameters: WooCommerce reads those
 *   first, and only when the request is over TLS);
 * - over plain HTTP, keys are never sent: OAuth 1.0a "one-legged" (RFC 5849 without a token), the
 *   oauth_* parameters in the query string, signed with HMAC-SHA256 and the key `<consumer secret>&`;
 *   WooCommerce checks the timestamp within 15 minutes and refuses a nonce it has seen.
 * The tests run against a fake on http://127.0.0.1, so they exercise the OAuth path.
 */

export interface Credentials {
  consumerKey: string
  consumerSecret: string
  /** HTTPS only: keys as query parameters instead of Basic auth */
  queryStringAuth: boolean
}

/** RFC 3986 percent-encoding (PHP's rawurlencode): also `!'()*`, never `~`. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The OAuth 1.0a signature base string: METHOD & enc(base URL) & enc(sorted enc(k)=enc(v) joined by &). */
export function signatureBase(method: string, baseUrl: string, params: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(params)
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${rfc3986(pairs)}`
}

export function oauthSignature(method: string, baseUrl: string, params: Readonly<Record<string, string>>, consumerSecret: string): string {
  return createHmac('sha256', `${consumerSecret}&`).update(signatureBase(method, baseUrl, params)).digest('base64')
}

/**
 * The URL and headers to send for one request. `query` holds the request's own parameters; OAuth adds
 * its own beside them (they are all signed together).
 */
export function authorize(
  method: string,
  url: URL,
  query: Readonly<Record<string, string>>,
  creds: Credentials,
  nowMs: number,
): { url: string; headers: Record<string, string> } {
  const base = `${url.origin}${url.pathname}`
  const encode = (params: Record<string, string>) => {
    const qs = Object.entries(params).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&')
    return qs ? `${base}?${qs}` : base
  }
  if (url.protocol === 'https:') {
    if (creds.queryStringAuth) return { url: encode({ ...query, consumer_key: creds.consumerKey, consumer_secret: creds.consumerSecret }), headers: {} }
    const basic = Buffer.from(`${creds.consumerKey}:${creds.consumerSecret}`).toString('base64')
    return { url: encode({ ...query }), headers: { authorization: `Basic ${basic}` } }
  }
  const oauth: Record<string, string> = {
    ...query,
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(Math.floor(nowMs / 1000)),
  }
  oauth.oauth_signature = oauthSignature(method, base, oauth, creds.consumerSecret)
  return { url: encode(oauth), headers: {} }
}
