import { decodeError, schemaError, type CorpusCase, type CorpusGroup } from '../types.js'
import { orderText } from './orders.js'

const valid = orderText('json-valid')

/** Signed (so verified) bodies that are not JSON: each is taken (202) and becomes ERR_DECODE. */
const MALFORMED: Array<[string, string]> = [
  ['a trailing comma', '{"id":"corpus-j1",}'],
  ['single quotes', "{'id':'corpus-j2'}"],
  ['an unquoted key', '{id:"corpus-j3"}'],
  ['a lone brace', '{'],
  ['a lone bracket', '['],
  ['a bare word', 'undefined'],
  ['NaN', '{"id":"corpus-j4","totalPrice":NaN}'],
  ['Infinity as a literal', '{"n":Infinity}'],
  ['a comment', '{"id":"corpus-j5" /* hi */}'],
  ['two documents', '{"id":"a"}{"id":"b"}'],
  ['a control character in a string', '{"id":"corpus-\u0001j6"}'],
  ['a bad escape', '{"id":"\\x41"}'],
  ['a lone high surrogate escape in a key position', '{\\ud800:1}'],
  ['hex numbers', '{"n":0x10}'],
  ['leading zeros', '{"n":007}'],
  ['a plus sign', '{"n":+1}'],
  ['XML', '<?xml version="1.0"?><order id="1"/>'],
  ['form encoding', 'id=corpus-j7&total=12.50'],
  ['YAML', 'id: corpus-j8\ntotal: 12.50\n'],
  ['a BOM then JSON', `\ufeff${valid}`],
  ['whitespace only', ' \n\t\r '],
  ['a NUL byte', '\u0000'],
  ['an unterminated string', '{"id":"corpus-j9'],
  ['a missing colon', '{"id" "corpus-j10"}'],
  ['a missing value', '{"id":}'],
  ['unbalanced brackets', '{"lines":[{"sku":"A"}}'],
  ['closing without opening', ']}'],
  ['JSON with a trailing garbage byte', `${valid}x`],
]

/** Valid JSON cut short at several points. */
const TRUNCATIONS = [1, 2, 10, 50, 100, 200, 300, 400, valid.length - 1]

/** JSON values that are not an order object at all. */
const NOT_OBJECTS: Array<[string, string]> = [
  ['null', 'null'],
  ['a number', '42'],
  ['a string', '"corpus"'],
  ['true', 'true'],
]

const signed = (name: string, body: string): CorpusCase => ({ name, request: { connection: 'shop', body }, expect: { status: 202, exception: decodeError } })

export const jsonCases: CorpusGroup = {
  kind: 'malformed and truncated JSON',
  cases: [
    ...MALFORMED.map(([name, body]) => signed(`malformed JSON: ${name}`, body)),
    ...TRUNCATIONS.map((at) => signed(`JSON truncated at byte ${at} of ${valid.length}`, valid.slice(0, at))),
    ...NOT_OBJECTS.map(([name, body]): CorpusCase => ({ name: `JSON ${name} where an order belongs: valid JSON, so ERR_SCHEMA`, request: { connection: 'shop', body }, expect: { status: 202, exception: schemaError } })),
    { name: 'unsigned malformed JSON is refused on its signature, not its syntax', request: { connection: 'shop', body: '{"id":', sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'malformed JSON to an unknown connection is 404 before anything else', request: { connection: 'nope', body: '{"id":', sign: 'shop' }, expect: { status: 404, code: 'ERR_UNKNOWN_CONNECTION' } },
  ],
}

/** Content types are not judged at intake: a signed body is taken whatever it claims to be. */
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json, text/html',
  '',
  ';;;',
  'a'.repeat(2000),
]

export const contentTypeCases: CorpusGroup = {
  kind: 'wrong content types',
  cases: [
    ...CONTENT_TYPES.map((type, i): CorpusCase => ({
      name: `a signed order sent as content-type ${JSON.stringify(type.slice(0, 40))} is processed`,
      request: { connection: 'shop', headers: { 'content-type': type }, body: orderText(`ct-${i}`) },
      expect: { status: 202, exception: null },
    })),
    { name: 'a signed order with no content-type at all is processed', request: { connection: 'shop', headers: { 'content-type': null }, body: orderText('ct-none') }, expect: { status: 202, exception: null } },
    { name: 'form-encoded body claimed as JSON, signed: ERR_DECODE', request: { connection: 'shop', body: 'a=1&b=2' }, expect: { status: 202, exception: decodeError } },
    { name: 'text/plain and unsigned: 401', request: { connection: 'shop', headers: { 'content-type': 'text/plain' }, body: orderText('ct-unsigned'), sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
  ],
}

export const emptyCases: CorpusGroup = {
  kind: 'empty bodies',
  cases: [
    { name: 'an empty signed body: taken, then ERR_DECODE', request: { connection: 'shop', body: '' }, expect: { status: 202, exception: decodeError } },
    { name: 'an empty signed chunked body: taken, then ERR_DECODE', request: { connection: 'shop', body: '', chunked: 1 }, expect: { status: 202, exception: decodeError } },
    { name: 'an empty unsigned body: 401', request: { connection: 'shop', body: '', sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'an empty body with an empty signature header: 401', request: { connection: 'shop', body: '', sign: false, headers: { 'x-testcart-hmac-sha256': '' } }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'an empty body to an unknown connection: 404', request: { connection: 'ghost', body: '' }, expect: { status: 404, code: 'ERR_UNKNOWN_CONNECTION' } },
    { name: 'an empty body signed for Shopify: taken', request: { connection: 'shopify-x', body: '', headers: { 'x-shopify-topic': 'orders/create' } }, expect: { status: 202, exception: decodeError } },
    { name: 'an empty body signed for WooCommerce: taken', request: { connection: 'woo-x', body: '', headers: { 'x-wc-webhook-topic': 'order.created' } }, expect: { status: 202, exception: decodeError } },
    { name: 'an empty unsigned body to WooCommerce (not a ping): 401', request: { connection: 'woo-x', body: '', sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'an empty JSON object, signed: taken, then a schema exception', request: { connection: 'shop', body: '{}' }, expect: { status: 202, exception: { kind: 'intake', code: 'ERR_SCHEMA' } } },
    { name: 'an empty JSON array, signed: taken, then a schema exception', request: { connection: 'shop', body: '[]' }, expect: { status: 202, exception: { kind: 'intake', code: 'ERR_SCHEMA' } } },
  ],
}
