import { BODY_LIMIT } from '../corpus-daemon.js'
import { decodeError, schemaError, type CorpusCase, type CorpusGroup } from '../types.js'
import { mutated, orderText } from './orders.js'

const over = (n: number) => () => Buffer.alloc(BODY_LIMIT + n, 'a')
const tooLarge = { status: 413, code: 'ERR_BODY_TOO_LARGE' } as const

export const limitCases: CorpusGroup = {
  kind: 'bodies over the limit',
  cases: [
    { name: 'Content-Length one byte over the limit, no body sent: 413 at once', request: { connection: 'shop', declare: BODY_LIMIT + 1 }, expect: tooLarge },
    { name: 'Content-Length of 1 TB: 413 at once', request: { connection: 'shop', declare: 2 ** 40 }, expect: tooLarge },
    { name: 'Content-Length over the limit to an unknown connection: 404 comes first', request: { connection: 'nobody', declare: BODY_LIMIT + 1 }, expect: { status: 404, code: 'ERR_UNKNOWN_CONNECTION' } },
    { name: 'a signed body one byte over the limit: 413 (the limit comes before the signature)', request: { connection: 'shop', body: over(1) }, expect: tooLarge },
    { name: 'an unsigned body over the limit: 413, not 401', request: { connection: 'shop', body: over(1024), sign: false }, expect: tooLarge },
    { name: 'a chunked body over the limit, 64 KiB chunks: 413', request: { connection: 'shop', body: over(1), chunked: 64 * 1024 }, expect: tooLarge },
    { name: 'a chunked body over the limit, 1 MiB chunks: 413', request: { connection: 'shop', body: over(4096), chunked: 1024 * 1024 }, expect: tooLarge },
    { name: 'a chunked upload that never ends: 413 as soon as it passes the limit', request: { connection: 'shop', body: over(256 * 1024), chunked: 256 * 1024, end: false }, expect: tooLarge },
    { name: 'Expect: 100-continue with a Content-Length over the limit: 413 before the body', request: { connection: 'shop', body: over(1), expectContinue: true }, expect: tooLarge },
    { name: 'Expect: 100-continue within the limit: the signed order is taken', request: { connection: 'shop', body: orderText('continue'), expectContinue: true }, expect: { status: 202, exception: null } },
    { name: 'a Shopify body over the limit: 413', request: { connection: 'shopify-x', body: over(1) }, expect: tooLarge },
    { name: 'a WooCommerce body over the limit, chunked: 413', request: { connection: 'woo-x', body: over(1), chunked: 512 * 1024 }, expect: tooLarge },
  ],
}

const nested = (open: string, close: string, depth: number, inner = '') => () => Buffer.from(`{"id":"corpus-deep","note":${open.repeat(depth)}${inner}${close.repeat(depth)}}`)

export const nestingCases: CorpusGroup = {
  kind: 'deeply nested arrays and objects',
  cases: [
    ...[1_000, 10_000, 100_000].map((depth): CorpusCase => ({ name: `arrays nested ${depth} levels, signed: taken, then an exception`, request: { connection: 'shop', body: nested('[', ']', depth) }, expect: { status: 202, exception: schemaError } })),
    ...[1_000, 10_000, 100_000].map((depth): CorpusCase => ({ name: `objects nested ${depth} levels, signed: taken, then an exception`, request: { connection: 'shop', body: nested('{"a":', '}', depth, '1') }, expect: { status: 202, exception: schemaError } })),
    { name: 'arrays nested 1,000,000 levels (2 MB), signed: taken, then an exception', request: { connection: 'shop', body: nested('[', ']', 1_000_000) }, expect: { status: 202, exception: schemaError } },
    { name: 'unclosed nesting 100,000 levels: ERR_DECODE', request: { connection: 'shop', body: () => Buffer.from('['.repeat(100_000)) }, expect: { status: 202, exception: decodeError } },
    { name: 'nested arrays in an otherwise valid order field (tags): taken, then ERR_SCHEMA', request: { connection: 'shop', body: () => Buffer.from(orderText('deep-tags').replace('"tags":[]', `"tags":${'['.repeat(5000)}${']'.repeat(5000)}`)) }, expect: { status: 202, exception: schemaError } },
    { name: 'nested arrays 100,000 levels to Shopify: taken', request: { connection: 'shopify-x', body: nested('[', ']', 100_000), headers: { 'x-shopify-topic': 'orders/create' } }, expect: { status: 202 } },
    { name: 'nested arrays 100,000 levels, unsigned: 401', request: { connection: 'shop', body: nested('[', ']', 100_000), sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
  ],
}

const TEN_MB = 10 * 1000 * 1000

export const hugeCases: CorpusGroup = {
  kind: 'huge strings and numbers',
  cases: [
    { name: 'a 10 MB note within the limit: processed', request: { connection: 'shop', body: () => Buffer.from(orderText('huge-note', { note: 'n'.repeat(TEN_MB) })) }, expect: { status: 202, exception: null } },
    { name: 'a 10 MB tag within the limit: processed', request: { connection: 'shop', body: () => Buffer.from(orderText('huge-tag', { tags: ['t'.repeat(TEN_MB)] })) }, expect: { status: 202, exception: null } },
    { name: 'a 10 MB id: taken, then judged', request: { connection: 'shop', body: () => Buffer.from(orderText('huge-id', { id: 'i'.repeat(TEN_MB) })) }, expect: { status: 202 } },
    { name: 'a 10 MB key: taken, then ERR_SCHEMA', request: { connection: 'shop', body: () => Buffer.from(mutated('huge-key', (o) => (o['k'.repeat(TEN_MB)] = 1))) }, expect: { status: 202, exception: schemaError } },
    { name: 'a string over the limit: 413', request: { connection: 'shop', body: () => Buffer.from(orderText('huge-over', { note: 'n'.repeat(BODY_LIMIT) })) }, expect: tooLarge },
    { name: '100,000 tags: processed or judged, never refused', request: { connection: 'shop', body: () => Buffer.from(orderText('many-tags', { tags: Array.from({ length: 100_000 }, (_, i) => `t${i}`) })) }, expect: { status: 202 } },
    { name: '200,000 keys in one object: taken, then ERR_SCHEMA', request: { connection: 'shop', body: () => Buffer.from(mutated('many-keys', (o) => Object.assign(o, Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]))))) }, expect: { status: 202, exception: schemaError } },
    { name: '1e400 as an amount: ERR_SCHEMA', request: { connection: 'shop', body: orderText('1e400').replace('"512.00"', '1e400') }, expect: { status: 202, exception: schemaError } },
    { name: '1e400 as a quantity: ERR_SCHEMA', request: { connection: 'shop', body: orderText('1e400q').replace('"quantity":2', '"quantity":1e400') }, expect: { status: 202, exception: schemaError } },
    { name: '-1e400 as a quantity: ERR_SCHEMA', request: { connection: 'shop', body: orderText('-1e400q').replace('"quantity":2', '"quantity":-1e400') }, expect: { status: 202, exception: schemaError } },
    { name: '2^64+1 as a numeric id: ERR_SCHEMA (ids are strings)', request: { connection: 'shop', body: orderText('2p64').replace('"id":"corpus-2p64"', '"id":18446744073709551617') }, expect: { status: 202, exception: schemaError } },
    { name: '2^64+1 as a string id: processed exactly', request: { connection: 'shop', body: orderText('x', { id: '18446744073709551617' }) }, expect: { status: 202, exception: null } },
    { name: 'a quantity of 2^53+1: ERR_SCHEMA or processed, never refused', request: { connection: 'shop', body: orderText('2p53').replace('"quantity":2', '"quantity":9007199254740993') }, expect: { status: 202 } },
    { name: 'a 400-digit amount string: taken, then judged', request: { connection: 'shop', body: orderText('digits').replace('"512.00"', `"${'9'.repeat(400)}.00"`) }, expect: { status: 202 } },
    { name: 'a number with 100,000 digits: taken, then judged', request: { connection: 'shop', body: () => Buffer.from(orderText('bigq').replace('"quantity":2', `"quantity":${'9'.repeat(100_000)}`)) }, expect: { status: 202, exception: schemaError } },
    { name: '1e-400 as a quantity (underflows to 0): taken, then judged', request: { connection: 'shop', body: orderText('tiny').replace('"quantity":2', '"quantity":1e-400') }, expect: { status: 202 } },
  ],
}
