import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Authentication as `WC_REST_Authentication` does it for a plain-HTTP site (the fake is one): Basic
 * auth and `consumer_key`/`consumer_secret` query parameters are only read over TLS (`is_ssl()`), so
 * here only OAuth 1.0a one-legged works. Written after the PHP (not shared with the connector): the
 * parameters are sorted by key with strcmp, each key and value rawurlencoded, each `k=v` pair encoded
 * once more and the pairs joined with `%26`; the signing key is `<consumer secret>&`; HMAC-SHA1 or
 * HMAC-SHA256; the timestamp within 15 minutes of the site's clock; a nonce never twice.
 */
const rawurlencode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

export interface AuthSettings {
  consumerKey: string
  consumerSecret: string
  /** check oauth_timestamp against the site clock (WooCommerce does; a kit on another clock may not) */
  checkTimestamp: boolean
}

export type AuthVerdict = { ok: true } | { ok: false; code: string; message: string }

export function checkOAuth(method: string, baseUrl: string, query: URLSearchParams, settings: AuthSettings, nowMs: number, usedNonces: Set<string>): AuthVerdict {
  const params: Record<string, string> = {}
  for (const [k, v] of query) params[k] = v
  const required = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method']
  const missing = required.filter((k) => !params[k])
  if (missing.length === required.length) return { ok: false, code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.' }
  if (missing.length) return { ok: false, code: 'woocommerce_rest_authentication_missing_parameter', message: `Missing OAuth parameters ${missing.join(', ')}` }
  if (params.oauth_consumer_key !== settings.consumerKey) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.' }
  const given = params.oauth_signature.replace(/ /g, '+')
  delete params.oauth_signature
  const method_ = params.oauth_signature_method
  if (method_ !== 'HMAC-SHA1' && method_ !== 'HMAC-SHA256') return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - signature method is invalid.' }
  const keys = Object.keys(params).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const joined = keys.map((k) => rawurlencode(`${rawurlencode(k)}=${rawurlencode(params[k])}`)).join('%26')
  const base = `${method.toUpperCase()}&${rawurlencode(baseUrl)}&${joined}`
  const expected = createHmac(method_ === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${settings.consumerSecret}&`).update(base).digest('base64')
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match.' }
  const timestamp = Number(params.oauth_timestamp)
  if (settings.checkTimestamp && Math.abs(timestamp * 1000 - nowMs) > 15 * 60_000) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid timestamp.' }
  if (usedNonces.has(params.oauth_nonce)) return { ok: false, code: 'woocommerce_rest_authentication_error', message: 'Invalid nonce - nonce has already been used.' }
  usedNonces.add(params.oauth_nonce)
  return { ok: true }
}
