import type { CorpusCase, CorpusGroup } from '../types.js'
import { orderText } from './orders.js'

const POLLUTERS = ['__proto__', 'constructor', 'prototype'] as const
const payload = (key: string) => (key === 'constructor' ? '{"prototype":{"polluted":true}}' : '{"polluted":true,"toString":"x"}')

/** JSON text of a valid order with `"<key>": …` inserted at one place (as text: JSON.stringify would drop `__proto__`). */
function injected(id: string, key: string, at: string): string {
  const text = orderText(id)
  const member = `${JSON.stringify(key)}:${payload(key)}`
  const places: Record<string, [RegExp, string]> = {
    'the top level': [/^\{/, `{${member},`],
    'the customer': [/"customer":\{/, `"customer":{${member},`],
    'a line': [/"lines":\[\{/, `"lines":[{${member},`],
    'a money object': [/"totalPrice":\{/, `"totalPrice":{${member},`],
    'the shipping address': [/"shippingAddress":\{/, `"shippingAddress":{${member},`],
    'the end of the top level': [/\}$/, `,${member}}`],
  }
  const [pattern, replacement] = places[at]
  return text.replace(pattern, replacement)
}

const LEVELS = ['the top level', 'the customer', 'a line', 'a money object', 'the shipping address', 'the end of the top level']

/**
 * Keys that name prototypes, at every level of an order and as headers, topics and query keys. Each is
 * taken (it verifies); schema validation may refuse the extra key (ERR_SCHEMA) or the order may be
 * processed, but nothing may reach Object.prototype: the runner checks it after the group.
 */
export const prototypeCases: CorpusGroup = {
  kind: '__proto__ / constructor / prototype keys',
  cases: [
    ...POLLUTERS.flatMap((key) =>
      LEVELS.map((at, i): CorpusCase => ({ name: `"${key}" at ${at} of a signed order`, request: { connection: 'shop', body: injected(`proto-${key}-${i}`, key, at) }, expect: { status: 202 } })),
    ),
    { name: '"__proto__" as the whole tags array element', request: { connection: 'shop', body: orderText('proto-tag', { tags: ['__proto__', 'constructor'] }) }, expect: { status: 202, exception: null } },
    { name: '"__proto__" as the order id', request: { connection: 'shop', body: orderText('proto-id', { id: '__proto__' }) }, expect: { status: 202, exception: null } },
    { name: '"constructor" as the order id', request: { connection: 'shop', body: orderText('ctor-id', { id: 'constructor' }) }, expect: { status: 202, exception: null } },
    { name: '"hasOwnProperty" as a SKU', request: { connection: 'shop', body: orderText('own-sku').replace('"TSHIRT-M"', '"hasOwnProperty"') }, expect: { status: 202, exception: null } },
    { name: 'a nested "__proto__" chain five levels deep', request: { connection: 'shop', body: orderText('proto-chain').replace(/^\{/, '{"__proto__":{"__proto__":{"__proto__":{"__proto__":{"__proto__":{"polluted":true}}}}},') }, expect: { status: 202 } },
    { name: 'a top-level JSON "__proto__" object only', request: { connection: 'shop', body: '{"__proto__":{"polluted":true}}' }, expect: { status: 202, exception: { kind: 'intake', code: 'ERR_SCHEMA' } } },
    { name: 'headers named __proto__ and constructor', request: { connection: 'shop', body: orderText('proto-headers'), rawHeaders: [['__proto__', 'x'], ['constructor', 'y'], ['prototype', 'z']] }, expect: { status: 202, exception: null } },
    { name: 'a topic named __proto__: ERR_TOPIC', request: { connection: 'shop', body: orderText('proto-topic'), headers: { 'x-testcart-topic': '__proto__' } }, expect: { status: 202, exception: { kind: 'intake', code: 'ERR_TOPIC' } } },
    { name: 'a topic named constructor: ERR_TOPIC', request: { connection: 'shop', body: orderText('ctor-topic'), headers: { 'x-testcart-topic': 'constructor' } }, expect: { status: 202, exception: { kind: 'intake', code: 'ERR_TOPIC' } } },
    { name: 'a topic named toString: ERR_TOPIC', request: { connection: 'shop', body: orderText('tostring-topic'), headers: { 'x-testcart-topic': 'toString' } }, expect: { status: 202, exception: { kind: 'intake', code: 'ERR_TOPIC' } } },
    { name: 'query keys __proto__ and constructor', request: { connection: 'shop', path: '/webhooks/shop?__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=2', body: orderText('proto-query') }, expect: { status: 202, exception: null } },
    { name: '__proto__ keys in a Shopify body', request: { connection: 'shopify-x', body: '{"__proto__":{"polluted":true},"id":1}', headers: { 'x-shopify-topic': 'orders/create' } }, expect: { status: 202 } },
    { name: '__proto__ keys in a WooCommerce body', request: { connection: 'woo-x', body: '{"__proto__":{"polluted":true},"id":1}', headers: { 'x-wc-webhook-topic': 'order.created' } }, expect: { status: 202 } },
  ],
}
