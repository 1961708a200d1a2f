import { decodeError, type CorpusCase, type CorpusGroup } from '../types.js'
import { orderText } from './orders.js'

/** An order whose note carries these bytes (not valid UTF-8) inside its JSON string. */
function noteWith(id: string, bytes: number[]): () => Buffer {
  return () => {
    const [head, tail] = orderText(id, { note: '@@' }).split('@@')
    return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)])
  }
}

const INVALID: Array<[string, number[]]> = [
  ['a lone continuation byte', [0x80]],
  ['0xFF', [0xff]],
  ['0xFE 0xFF', [0xfe, 0xff]],
  ['a truncated 2-byte sequence', [0xc3]],
  ['a truncated 3-byte sequence', [0xe2, 0x82]],
  ['a truncated 4-byte sequence', [0xf0, 0x9f, 0x98]],
  ['an overlong slash', [0xc0, 0xaf]],
  ['an overlong NUL', [0xc0, 0x80]],
  ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ['a code point over U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ['latin-1 é', [0xe9]],
  ['a 5-byte sequence', [0xf8, 0x88, 0x80, 0x80, 0x80]],
]

/**
 * Bytes that are not UTF-8. Inside a string value they verify and are taken (202), the raw bytes kept
 * exactly (the runner compares them byte for byte); the connector may read them as latin-1. Outside a
 * string they cannot be JSON: ERR_DECODE.
 */
export const utf8Cases: CorpusGroup = {
  kind: 'invalid UTF-8',
  cases: [
    ...INVALID.map(([name, bytes], i): CorpusCase => ({ name: `${name} inside a note: taken, raw bytes kept`, request: { connection: 'shop', body: noteWith(`utf8-${i}`, bytes) }, expect: { status: 202 } })),
    ...INVALID.slice(0, 6).map(([name, bytes]): CorpusCase => ({ name: `${name} as the whole body: ERR_DECODE`, request: { connection: 'shop', body: { base64: Buffer.from(bytes).toString('base64') } }, expect: { status: 202, exception: decodeError } })),
    { name: 'UTF-16LE JSON with a BOM: ERR_DECODE', request: { connection: 'shop', body: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"id":"x"}', 'utf16le')]) }, expect: { status: 202, exception: decodeError } },
    { name: 'invalid UTF-8 unsigned: 401', request: { connection: 'shop', body: { base64: '/w==' }, sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'invalid UTF-8 to Shopify, signed: taken', request: { connection: 'shopify-x', body: { base64: '/4CA' }, headers: { 'x-shopify-topic': 'orders/create' } }, expect: { status: 202 } },
    { name: 'invalid UTF-8 to WooCommerce, signed: taken', request: { connection: 'woo-x', body: { base64: '/4CA' }, headers: { 'x-wc-webhook-topic': 'order.created' } }, expect: { status: 202 } },
    { name: 'valid 4-byte UTF-8 (emoji) in a note: processed', request: { connection: 'shop', body: orderText('emoji', { note: '📦 paket' }) }, expect: { status: 202, exception: null } },
    { name: 'U+2028 and U+2029 in a note: processed', request: { connection: 'shop', body: orderText('seps', { note: 'a\u2028b\u2029c' }) }, expect: { status: 202, exception: null } },
    { name: 'escaped lone surrogates in a note: processed or judged, never refused', request: { connection: 'shop', body: orderText('lone').replace('"note":null', '"note":"\\ud800\\udfff\\udc00"') }, expect: { status: 202 } },
  ],
}
