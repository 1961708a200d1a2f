import { createHmac } from 'node:crypto'
import type { CorpusCase, CorpusGroup } from '../types.js'
import { orderText } from './orders.js'

const unauthorized = { status: 401, code: 'ERR_SIGNATURE' } as const
const body = orderText('sig')
const hmac = (secret: string, text: string, encoding: 'base64' | 'hex' = 'base64') => createHmac('sha256', secret).update(text).digest(encoding)
const good = hmac('testcart-secret', body)

/** Signature headers that must not verify for `shop`. */
const FORGED: Array<[string, string]> = [
  ['empty', ''],
  ['a single space', ' '],
  ['garbage', 'not-a-signature'],
  ['the right HMAC in hex', hmac('testcart-secret', body, 'hex')],
  ['an HMAC with an empty secret', hmac('', body)],
  ['an HMAC of the empty body', hmac('testcart-secret', '')],
  ['an HMAC with the secret upper-cased', hmac('TESTCART-SECRET', body)],
  ['a SHA-256 digest without a key', createHmac('sha256', '').update('').digest('base64')],
  ['the right HMAC with its last byte flipped', Buffer.from(Buffer.from(good, 'base64').map((b, i, a) => (i === a.length - 1 ? b ^ 1 : b))).toString('base64')],
  ['the right HMAC truncated to 16 bytes', Buffer.from(good, 'base64').subarray(0, 16).toString('base64')],
  ['the right HMAC with 32 zero bytes appended', Buffer.concat([Buffer.from(good, 'base64'), Buffer.alloc(32)]).toString('base64')],
  ['32 zero bytes', Buffer.alloc(32).toString('base64')],
  ['an HMAC-SHA1 with the right secret', createHmac('sha1', 'testcart-secret').update(body).digest('base64')],
  ['an HMAC-SHA512 with the right secret', createHmac('sha512', 'testcart-secret').update(body).digest('base64')],
  ['"sha256=" prefixed', `sha256=${good}`],
  ['4 KB of base64', 'A'.repeat(4096)],
  ['the secret itself', 'testcart-secret'],
]

export const signatureCases: CorpusGroup = {
  kind: 'forged and missing signatures',
  cases: [
    ...FORGED.map(([name, value]): CorpusCase => ({ name: `a signature that is ${name}: 401`, request: { connection: 'shop', body, sign: false, headers: { 'x-testcart-hmac-sha256': value } }, expect: unauthorized })),
    { name: 'no signature header: 401', request: { connection: 'shop', body, sign: false }, expect: unauthorized },
    { name: 'the signature in another platform\'s header (Shopify\'s) with the right HMAC: 401', request: { connection: 'shop', body, sign: false, headers: { 'x-shopify-hmac-sha256': good } }, expect: unauthorized },
    { name: 'a valid signature for a different body (body changed in transit): 401', request: { connection: 'shop', body, signOver: orderText('sig-other') }, expect: unauthorized },
    { name: 'a valid signature over the body plus a trailing newline: 401', request: { connection: 'shop', body, signOver: `${body}\n` }, expect: unauthorized },
    { name: 'a valid signature over the body re-serialized with spaces: 401', request: { connection: 'shop', body, signOver: JSON.stringify(JSON.parse(body), null, 1) }, expect: unauthorized },
    { name: 'the right signature, surrounded by spaces: the connector decides; never a 5xx', request: { connection: 'shop', body, sign: false, headers: { 'x-testcart-hmac-sha256': ` ${good} ` } }, expect: { status: 202, exception: null } },
    { name: 'the signature header with odd casing: taken', request: { connection: 'shop', body: orderText('sig-case'), sign: false, rawHeaders: [['X-TestCart-HMAC-SHA256', hmac('testcart-secret', orderText('sig-case'))]] }, expect: { status: 202, exception: null } },
    // base64 decoding stops at the first padding, so the joined "good, good" still carries the authentic HMAC
    { name: 'the right signature sent twice: still authentic, taken', request: { connection: 'shop', body: orderText('sig-twice'), sign: false, rawHeaders: [['x-testcart-hmac-sha256', hmac('testcart-secret', orderText('sig-twice'))], ['x-testcart-hmac-sha256', hmac('testcart-secret', orderText('sig-twice'))]] }, expect: { status: 202, exception: null } },
    { name: 'a forged signature then the right one: 401', request: { connection: 'shop', body, sign: false, rawHeaders: [['x-testcart-hmac-sha256', 'AAAA'], ['x-testcart-hmac-sha256', good]] }, expect: unauthorized },
    // Shopify
    { name: 'Shopify: no X-Shopify-Hmac-Sha256: 401', request: { connection: 'shopify-x', body, sign: false, headers: { 'x-shopify-topic': 'orders/create' } }, expect: unauthorized },
    { name: 'Shopify: a forged X-Shopify-Hmac-Sha256: 401', request: { connection: 'shopify-x', body, sign: false, headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': hmac('wrong', body) } }, expect: unauthorized },
    { name: 'Shopify: the testcart signature header and secret: 401', request: { connection: 'shopify-x', body, sign: 'shop' }, expect: unauthorized },
    { name: 'Shopify: the right HMAC in hex: 401', request: { connection: 'shopify-x', body, sign: false, headers: { 'x-shopify-hmac-sha256': hmac('shopify-secret', body, 'hex') } }, expect: unauthorized },
    { name: 'Shopify: a WooCommerce-signed delivery: 401', request: { connection: 'shopify-x', body, sign: 'woo' }, expect: unauthorized },
    { name: 'Shopify: an authentic delivery is taken', request: { connection: 'shopify-x', body, headers: { 'x-shopify-topic': 'orders/create' } }, expect: { status: 202 } },
    // WooCommerce
    { name: 'WooCommerce: no X-WC-Webhook-Signature on an order body: 401', request: { connection: 'woo-x', body, sign: false }, expect: unauthorized },
    { name: 'WooCommerce: a forged X-WC-Webhook-Signature: 401', request: { connection: 'woo-x', body, sign: false, headers: { 'x-wc-webhook-signature': hmac('wrong', body) } }, expect: unauthorized },
    { name: 'WooCommerce: a Shopify-signed delivery: 401', request: { connection: 'woo-x', body, sign: 'shopify' }, expect: unauthorized },
    { name: 'WooCommerce: a ping-like body with trailing data, unsigned: 401', request: { connection: 'woo-x', body: 'webhook_id=12&x=1', sign: false }, expect: unauthorized },
    { name: 'WooCommerce: the unsigned creation ping is answered 200 and not stored', request: { connection: 'woo-x', body: 'webhook_id=12', sign: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, expect: { status: 200 } },
    { name: 'WooCommerce: an authentic delivery is taken', request: { connection: 'woo-x', body, headers: { 'x-wc-webhook-topic': 'order.created' } }, expect: { status: 202 } },
  ],
}

/** Signed with another connection's secret: authentic somewhere, forged here. */
export const otherConnectionCases: CorpusGroup = {
  kind: 'signatures for another connection',
  cases: [
    { name: 'signed with shop-b\'s secret, sent to shop: 401', request: { connection: 'shop', body, sign: 'shop-b' }, expect: unauthorized },
    { name: 'signed with shop\'s secret, sent to shop-b: 401', request: { connection: 'shop-b', body, sign: 'shop' }, expect: unauthorized },
    { name: 'signed with Shopify\'s secret in testcart\'s header, sent to shop: 401', request: { connection: 'shop', body, sign: false, headers: { 'x-testcart-hmac-sha256': hmac('shopify-secret', body) } }, expect: unauthorized },
    { name: 'signed with WooCommerce\'s secret in Shopify\'s header, sent to shopify-x: 401', request: { connection: 'shopify-x', body, sign: false, headers: { 'x-shopify-hmac-sha256': hmac('woo-secret', body) } }, expect: unauthorized },
    { name: 'signed with Shopify\'s secret in WooCommerce\'s header, sent to woo-x: 401', request: { connection: 'woo-x', body, sign: false, headers: { 'x-wc-webhook-signature': hmac('shopify-secret', body) } }, expect: unauthorized },
    { name: 'signed for shop, sent to shop-b\'s path percent-encoded: 401', request: { connection: 'shop-b', path: '/webhooks/shop%2Db', body, sign: 'shop' }, expect: unauthorized },
    { name: 'signed for shop-b and sent to shop-b: taken (the control)', request: { connection: 'shop-b', body: orderText('sig-b') }, expect: { status: 202, exception: null } },
    { name: 'signed for shop, sent to a connection that does not exist: 404', request: { connection: 'shop-c', body, sign: 'shop' }, expect: { status: 404, code: 'ERR_UNKNOWN_CONNECTION' } },
  ],
}
