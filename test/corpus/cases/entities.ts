import { schemaError, topicError, type CorpusCase, type CorpusGroup } from '../types.js'
import { mutated, orderText } from './orders.js'

const TOPICS = ['orders/unknown', 'ORDERS/CREATE', 'orders/ create', 'orders', 'products/create', '', '../orders/create', 'orders/create\u0000', 'orders/create, orders/paid', 'x'.repeat(4000)]

export const topicCases: CorpusGroup = {
  kind: 'unknown topics',
  cases: [
    ...TOPICS.map((topic, i): CorpusCase => ({ name: `topic ${JSON.stringify(topic.slice(0, 30))}: taken, then ERR_TOPIC`, request: { connection: 'shop', body: orderText(`topic-${i}`), headers: { 'x-testcart-topic': topic.replace('\u0000', '%00') } }, expect: { status: 202, exception: topicError } })),
    { name: 'no topic header: taken, then ERR_TOPIC', request: { connection: 'shop', body: orderText('topic-none'), headers: { 'x-testcart-topic': null } }, expect: { status: 202, exception: topicError } },
    { name: 'the topic header twice: taken, then ERR_TOPIC', request: { connection: 'shop', body: orderText('topic-twice'), headers: { 'x-testcart-topic': null }, rawHeaders: [['x-testcart-topic', 'orders/create'], ['X-Testcart-Topic', 'orders/paid']] }, expect: { status: 202, exception: topicError } },
    { name: 'a known topic in odd casing of the header name: processed', request: { connection: 'shop', body: orderText('topic-case'), headers: { 'x-testcart-topic': null }, rawHeaders: [['X-TESTCART-TOPIC', 'orders/paid']] }, expect: { status: 202, exception: null } },
    { name: 'Shopify: an unknown topic: taken', request: { connection: 'shopify-x', body: orderText('topic-shopify'), headers: { 'x-shopify-topic': 'nonsense/topic' } }, expect: { status: 202, exception: topicError } },
    { name: 'WooCommerce: an unknown topic: taken', request: { connection: 'woo-x', body: orderText('topic-woo'), headers: { 'x-wc-webhook-topic': 'nonsense.topic' } }, expect: { status: 202, exception: topicError } },
    { name: 'an unknown topic, unsigned: 401', request: { connection: 'shop', body: orderText('topic-unsigned'), headers: { 'x-testcart-topic': 'orders/unknown' }, sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
  ],
}

type Mutation = [name: string, mutate: (o: Record<string, any>) => void]

const MUTATIONS: Mutation[] = [
  ['a negative quantity', (o) => (o.lines[0].quantity = -1)],
  ['a fractional quantity', (o) => (o.lines[0].quantity = 1.5)],
  ['a quantity as a string', (o) => (o.lines[0].quantity = '2')],
  ['a money amount "12,50"', (o) => (o.totalPrice.amount = '12,50')],
  ['a money amount as a number', (o) => (o.totalPrice.amount = 12.5)],
  ['a money amount "1e3"', (o) => (o.totalPrice.amount = '1e3')],
  ['a money amount "-0.00.1"', (o) => (o.totalPrice.amount = '-0.00.1')],
  ['a line price "12,50"', (o) => (o.lines[0].price.amount = '12,50')],
  ['a currency "euro"', (o) => (o.currency = 'euro')],
  ['a money currency of digits', (o) => (o.totalPrice.currency = '978')],
  ['a status not in the enum', (o) => (o.status = 'exploded')],
  ['a financialStatus not in the enum', (o) => (o.financialStatus = 'sort-of-paid')],
  ['a fulfillmentStatus not in the enum', (o) => (o.fulfillmentStatus = 'teleported')],
  ['a missing id', (o) => delete o.id],
  ['an empty id', (o) => (o.id = '')],
  ['a null id', (o) => (o.id = null)],
  ['an object as id', (o) => (o.id = { $gt: '' })],
  ['a missing currency', (o) => delete o.currency],
  ['a missing lines array', (o) => delete o.lines],
  ['lines as an object', (o) => (o.lines = { 0: o.lines[0] })],
  ['tags as a string', (o) => (o.tags = 'vip,new')],
  ['a timestamp without zone', (o) => (o.updatedAt = '2024-05-01T10:00:00')],
  ['a createdAt without zone', (o) => (o.createdAt = '2024-05-01 10:00:00')],
  ['a timestamp as epoch millis', (o) => (o.updatedAt = 1714557600000)],
  ['an impossible date', (o) => (o.updatedAt = '2024-02-30T10:00:00Z')],
  ['a timestamp that is not a date', (o) => (o.updatedAt = 'yesterday')],
  ['a customer without an id', (o) => delete o.customer.id],
  ['a refund that is not an object', (o) => (o.refunds = ['r1'])],
  ['an extra unknown top-level field', (o) => (o.surprise = true)],
]

export const schemaCases: CorpusGroup = {
  kind: 'schema-invalid entities',
  cases: [
    ...MUTATIONS.map(([name, mutate], i): CorpusCase => ({ name: `an order with ${name}: taken, then ERR_SCHEMA with the raw body kept`, request: { connection: 'shop', body: mutated(`schema-${i}`, mutate) }, expect: { status: 202, exception: schemaError } })),
    { name: 'a negative quantity, unsigned: 401', request: { connection: 'shop', body: mutated('schema-unsigned', (o: Record<string, any>) => (o.lines[0].quantity = -1)), sign: false }, expect: { status: 401, code: 'ERR_SIGNATURE' } },
    { name: 'a valid order on shop-b: processed (the control)', request: { connection: 'shop-b', body: orderText('schema-control') }, expect: { status: 202, exception: null } },
  ],
}
