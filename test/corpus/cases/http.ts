import type { CorpusCase, CorpusGroup } from '../types.js'
import { orderText } from './orders.js'

const taken = { status: 202, exception: null } as const

export const headerCases: CorpusGroup = {
  kind: 'headers with odd casing and duplicates',
  cases: [
    { name: 'every header upper-cased: processed', request: { connection: 'shop', body: orderText('h-upper'), headers: { 'content-type': null, 'x-testcart-topic': null }, rawHeaders: [['CONTENT-TYPE', 'application/json'], ['X-TESTCART-TOPIC', 'orders/create']] }, expect: taken },
    { name: 'mixed-case header names: processed', request: { connection: 'shop', body: orderText('h-mixed'), headers: { 'x-testcart-topic': null, 'x-testcart-webhook-id': null }, rawHeaders: [['x-TeStCaRt-ToPiC', 'orders/create'], ['X-testcart-Webhook-ID', 'h-mixed-id']] }, expect: taken },
    { name: 'the webhook id twice: taken (the joined value is only a dedupe hint)', request: { connection: 'shop', body: orderText('h-dup-id'), headers: { 'x-testcart-webhook-id': null }, rawHeaders: [['x-testcart-webhook-id', 'a'], ['x-testcart-webhook-id', 'b']] }, expect: taken },
    { name: 'content-type twice: processed', request: { connection: 'shop', body: orderText('h-dup-ct'), headers: { 'content-type': null }, rawHeaders: [['content-type', 'application/json'], ['Content-Type', 'text/plain']] }, expect: taken },
    { name: 'an Authorization header and a cookie are not stored, the delivery is', request: { connection: 'shop', body: orderText('h-auth'), headers: { authorization: 'Bearer secret-token', cookie: 'session=1' } }, expect: taken },
    { name: '100 extra headers: processed', request: { connection: 'shop', body: orderText('h-many'), rawHeaders: Array.from({ length: 100 }, (_, i): [string, string] => [`x-extra-${i}`, `v${i}`]) }, expect: taken },
    { name: 'a header value with 8 KB: processed', request: { connection: 'shop', body: orderText('h-long'), headers: { 'x-long': 'v'.repeat(8 * 1024) } }, expect: taken },
    { name: 'a header with latin-1 bytes: processed', request: { connection: 'shop', body: orderText('h-latin1'), rawHeaders: [['x-note', 'caf\u00e9']] }, expect: taken },
    { name: 'an empty header value: processed', request: { connection: 'shop', body: orderText('h-empty'), rawHeaders: [['x-empty', '']] }, expect: taken },
    { name: 'X-Cartwire-Body-Encoding: base64 sent by the client cannot make a UTF-8 body be read as base64', request: { connection: 'shop', body: orderText('h-enc'), headers: { 'x-cartwire-body-encoding': 'base64' } }, expect: taken },
    { name: 'a duplicated Shopify HMAC header: 401', request: { connection: 'shopify-x', body: orderText('h-shopify'), sign: false, rawHeaders: [['X-Shopify-Hmac-Sha256', 'AAAA'], ['x-shopify-hmac-sha256', 'BBBB']] }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'the Shopify HMAC header in upper case: taken', request: { connection: 'shopify-x', body: orderText('h-shopify-case'), sign: false, headers: { 'x-shopify-topic': 'orders/create' }, rawHeaders: [['X-SHOPIFY-HMAC-SHA256', 'placeholder']] }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'the WooCommerce signature header in odd casing, forged: 401', request: { connection: 'woo-x', body: orderText('h-woo-case'), sign: false, rawHeaders: [['X-Wc-WEBHOOK-Signature', 'AAAA']] }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
  ],
}

const route = { status: 404, code: 'ERR_ROUTE' } as const
const unknown = { status: 404, code: 'ERR_UNKNOWN_CONNECTION' } as const

/** Paths that try to escape, confuse or overload the `/webhooks/:connection` route. */
const PATHS: Array<[string, { status: number; code?: 'ERR_ROUTE' | 'ERR_UNKNOWN_CONNECTION' | 'ERR_HEADERS_TOO_LARGE' }]> = [
  ['/webhooks/..%2f', unknown],
  ['/webhooks/..%2fadmin', unknown],
  ['/webhooks/%2e%2e', unknown],
  ['/webhooks/..', unknown],
  ['/webhooks/shop%2f..%2fshop-b', unknown],
  ['/webhooks/__proto__', unknown],
  ['/webhooks/constructor', unknown],
  ['/webhooks/prototype', unknown],
  ['/webhooks/toString', unknown],
  ['/webhooks/hasOwnProperty', unknown],
  ['/webhooks/%5F%5Fproto%5F%5F', unknown],
  ['/webhooks/shop%00', unknown],
  ['/webhooks/%', unknown],
  ['/webhooks/%E0%A4%A', unknown],
  ['/webhooks/%FF', unknown],
  ['/webhooks/SHOP', unknown],
  ['/webhooks/shop%20', unknown],
  ['/webhooks/shop/', route],
  ['/webhooks/shop/..', route],
  ['/webhooks/shop/../shop-b', route],
  ['/webhooks//shop', route],
  ['/webhooks/', route],
  ['/webhooks', route],
  ['//webhooks/shop', route],
  ['/WEBHOOKS/shop', route],
  ['/webhook/shop', route],
  ['/./webhooks/shop', route],
  ['/%77ebhooks/shop', route],
  ['/admin', route],
  ['/healthz/../webhooks/shop', route],
  [`/webhooks/${'a'.repeat(4000)}`, unknown],
  [`/webhooks/${'%41'.repeat(2000)}`, unknown],
  [`/webhooks/${'a'.repeat(100_000)}`, { status: 431 }],
  [`/${'x/'.repeat(2000)}`, route],
]

export const urlCases: CorpusGroup = {
  kind: 'URL tricks',
  cases: [
    ...PATHS.map(([path, expect]): CorpusCase => ({ name: `POST ${path.slice(0, 60)}${path.length > 60 ? `… (${path.length} chars)` : ''}`, request: { connection: 'shop', path, body: orderText('url') }, expect })),
    { name: 'a percent-encoded known id (/webhooks/sh%6Fp) is that connection: taken', request: { connection: 'shop', path: '/webhooks/sh%6Fp', body: orderText('url-enc') }, expect: taken },
    { name: 'a query string is ignored: taken', request: { connection: 'shop', path: '/webhooks/shop?topic=orders/delete&x=1&x=2', body: orderText('url-query') }, expect: taken },
    { name: 'a fragment-like suffix is part of the id: 404', request: { connection: 'shop', path: '/webhooks/shop%23x', body: orderText('url-hash') }, expect: unknown },
  ],
}

const METHODS = ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'LOCK', 'SEARCH', 'PURGE']

export const methodCases: CorpusGroup = {
  kind: 'methods other than POST',
  cases: [
    ...METHODS.map((method): CorpusCase => ({ name: `${method} /webhooks/shop with a signed body: 405`, request: { connection: 'shop', method, body: method === 'GET' || method === 'TRACE' ? undefined : orderText('m') }, expect: { status: 405, code: 'ERR_METHOD' } })),
    { name: 'HEAD /webhooks/shop: 405 without a body', request: { connection: 'shop', method: 'HEAD' }, expect: { status: 405 } },
    { name: 'GET /webhooks/nope: 405 (the method is judged before the id)', request: { connection: 'nope', method: 'GET' }, expect: { status: 405, code: 'ERR_METHOD' } },
    { name: 'POST /healthz: 405', request: { connection: 'shop', path: '/healthz', body: '{}' }, expect: { status: 405, code: 'ERR_METHOD' } },
    { name: 'DELETE /readyz: 405', request: { connection: 'shop', path: '/readyz', method: 'DELETE' }, expect: { status: 405, code: 'ERR_METHOD' } },
  ],
}
