import type { CorpusGroup } from '../types.js'
import { orderText } from './orders.js'
import { headerCases, methodCases, urlCases } from './http.js'
import { contentTypeCases, emptyCases, jsonCases } from './json.js'
import { prototypeCases } from './prototype.js'
import { otherConnectionCases, signatureCases } from './signatures.js'
import { hugeCases, limitCases, nestingCases } from './size.js'
import { schemaCases, topicCases } from './entities.js'
import { utf8Cases } from './utf8.js'

const unknownConnections: CorpusGroup = {
  kind: 'unknown connections',
  cases: ['nope', 'Shop', 'shop.', 'shop-c', 'shopify', 'woocommerce', 'valueOf', '0', '-1', 'null', 'undefined', '%F0%9F%93%A6'].map((id) => ({
    name: `POST /webhooks/${id}, signed as shop: 404`,
    request: { connection: id, body: orderText('unknown'), sign: 'shop' as const },
    expect: { status: 404, code: 'ERR_UNKNOWN_CONNECTION' as const },
  })),
}

/** Every group of the hostile HTTP corpus, in the order the runner sends them. */
export const GROUPS: CorpusGroup[] = [
  jsonCases,
  contentTypeCases,
  emptyCases,
  limitCases,
  nestingCases,
  hugeCases,
  prototypeCases,
  utf8Cases,
  signatureCases,
  otherConnectionCases,
  unknownConnections,
  topicCases,
  schemaCases,
  headerCases,
  urlCases,
  methodCases,
]
