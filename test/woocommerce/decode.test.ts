import { describe, expect, it } from 'vitest'
import { createMemoryKv } from '../../core/execution/kv.js'
import { validateEntity } from '../../core/model/schemas.js'
import { ManualClock } from '../../core/sdk/clock.js'
import type { ConnectorInstance, Decoded } from '../../core/sdk/connector.js'
import { silentLogger } from '../../core/sdk/logger.js'
import woo from '../../plugins/woocommerce/index.js'
import { normalizeOrder } from '../../plugins/woocommerce/normalize-order.js'
import type { WooOrder } from '../../plugins/woocommerce/woo-types.js'
import { customerPayload, orderPayload, simpleProductPayload, variableProductPayload, variationPayload } from './payloads.js'

/** The connector's decode on realistic payloads; it must never call the platform (the http stub throws). */
async function connector(options: Record<string, unknown> = {}): Promise<ConnectorInstance> {
  const clock = new ManualClock()
  const kv = createMemoryKv(clock)
  const parsed = woo.options.parse({ url: 'https://shop.example', consumerKey: 'ck', consumerSecret: 'cs', webhookSecret: 's', ...options })
  const http = { request: async () => Promise.reject(new Error('decode must not call the platform')) }
  return woo.setup({ connection: 'woo-main', options: parsed, webhookUrl: () => 'http://127.0.0.1:9/webhooks/woo-main', log: silentLogger, http, kv, clock })
}

const delivery = (topic: string, body: unknown) => ({
  seq: 1,
  connection: 'woo-main',
  source: 'webhook' as const,
  receivedAt: '2024-05-01T10:12:00.000Z',
  headers: { 'x-wc-webhook-topic': topic, 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

const shape = (items: Decoded[]) => items.map((i) => ('snapshot' in i ? `snapshot ${i.snapshot.kind} ${i.snapshot.entity.id}` : 'ref' in i ? `ref ${i.ref.kind} ${i.ref.id}` : 'gone' in i ? `gone ${i.gone.kind} ${i.gone.id}` : 'hint'))

interface Case {
  name: string
  topic: string
  body: unknown
  options?: Record<string, unknown>
  expect: string[]
}

const CASES: Case[] = [
  { name: 'a paid order', topic: 'order.created', body: orderPayload(), expect: ['snapshot order 727'] },
  { name: 'an order update', topic: 'order.updated', body: orderPayload(), expect: ['snapshot order 727'] },
  { name: 'a refund (order.updated): the order lists it without a date, so it is fetched', topic: 'order.updated', body: orderPayload({ refunds: [{ id: 733, reason: '', total: '-20.00' }] }), expect: ['ref order 727'] },
  { name: 'a trashed order seen in a payload', topic: 'order.updated', body: orderPayload({ status: 'trash' }), expect: ['gone order 727'] },
  { name: 'order.deleted (id only)', topic: 'order.deleted', body: { id: 727 }, expect: ['gone order 727'] },
  { name: 'order.restored', topic: 'order.restored', body: orderPayload(), expect: ['snapshot order 727'] },
  { name: 'a registered customer when customer tags come from user meta', topic: 'order.updated', body: orderPayload({ customer_id: 8 }), options: { customerTagsMetaKey: 'crm_tags' }, expect: ['ref order 727'] },
  { name: 'a simple product, currency configured', topic: 'product.updated', body: simpleProductPayload(), options: { currency: 'EUR' }, expect: ['snapshot product 22', 'snapshot inventory KETTLE-1@default'] },
  { name: 'a simple product, currency not configured', topic: 'product.created', body: simpleProductPayload(), expect: ['ref product 22', 'snapshot inventory KETTLE-1@default'] },
  { name: 'a variation (variations fire product.*)', topic: 'product.updated', body: variationPayload(), options: { currency: 'EUR' }, expect: ['snapshot inventory MUG-BLUE@default', 'ref product 93'] },
  { name: 'a variation whose stock the parent manages', topic: 'product.updated', body: variationPayload({ manage_stock: 'parent', stock_quantity: null }), expect: ['ref product 93'] },
  { name: 'a variable product: variations are fetched', topic: 'product.updated', body: variableProductPayload(), options: { currency: 'EUR' }, expect: ['ref product 93'] },
  { name: 'product.published', topic: 'product.published', body: simpleProductPayload(), options: { currency: 'EUR' }, expect: ['snapshot product 22', 'snapshot inventory KETTLE-1@default'] },
  { name: 'product.deleted', topic: 'product.deleted', body: { id: 22 }, expect: ['gone product 22'] },
  { name: 'a customer', topic: 'customer.updated', body: customerPayload(), expect: ['snapshot customer 8'] },
  { name: 'customer.deleted', topic: 'customer.deleted', body: { id: 8 }, expect: ['gone customer 8'] },
]

describe('WooCommerce decode', () => {
  it.each(CASES)('$name → $expect', async (c) => {
    const instance = await connector(c.options)
    const items = await instance.decode(delivery(c.topic, c.body))
    expect(shape(items)).toEqual(c.expect)
    expect(await instance.decode(delivery(c.topic, c.body)), 'the same body decodes the same').toEqual(items)
    for (const item of items) if ('snapshot' in item) expect(validateEntity(item.snapshot.kind, item.snapshot.entity), `${item.snapshot.kind} matches its schema`).toEqual([])
  })

  it('normalizes an order: UTC from the _gmt fields, exact money, lines, guest customer, address, no tags', async () => {
    const [item] = await (await connector()).decode(delivery('order.updated', orderPayload()))
    expect('snapshot' in item && item.snapshot.entity).toEqual({
      id: '727',
      number: '727',
      currency: 'EUR',
      totalPrice: { amount: '55.90', currency: 'EUR' },
      subtotalPrice: { amount: '61.00', currency: 'EUR' },
      status: 'open',
      financialStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      rawStatus: 'processing',
      email: 'grace@example.org',
      tags: [],
      note: 'Please leave at the door',
      customer: { id: null, email: 'grace@example.org', tags: [], acceptsMarketing: false },
      lines: [
        { id: '315', sku: 'MUG-BLUE', productId: '93', variantId: '95', title: 'Mug - Blue', quantity: 2, price: { amount: '20.5', currency: 'EUR' }, total: { amount: '31.00', currency: 'EUR' } },
        { id: '316', sku: null, productId: '22', variantId: null, title: 'Gift card', quantity: 1, price: { amount: '20', currency: 'EUR' }, total: { amount: '20.00', currency: 'EUR' } },
      ],
      refunds: [],
      fulfillments: [],
      shippingAddress: { name: 'Grace Hopper', company: 'Navy Labs', line1: 'Rue de Rivoli 10', line2: 'Bât. B', city: 'Paris', postalCode: '75001', countryCode: 'FR' },
      checkoutId: null,
      createdAt: '2024-05-01T10:10:05.000Z',
      updatedAt: '2024-05-01T10:11:40.000Z',
    })
  })

  it('carries refund ids, positive amounts and the dates read from /refunds; a partial refund is partially_refunded', () => {
    const body = orderPayload({ refunds: [{ id: 741, reason: 'Chipped', total: '-5.00' }, { id: 733, reason: '', total: '-20.00' }] }) as unknown as WooOrder
    const order = normalizeOrder(body, new Map([['733', '2024-05-01T10:40:00.000Z'], ['741', '2024-05-01T11:00:00.000Z']]), [])
    expect(validateEntity('order', order)).toEqual([])
    expect(order.financialStatus).toBe('partially_refunded')
    expect(order.refunds).toEqual([
      { id: '741', amount: { amount: '5.00', currency: 'EUR' }, createdAt: '2024-05-01T11:00:00.000Z', reason: 'Chipped' },
      { id: '733', amount: { amount: '20.00', currency: 'EUR' }, createdAt: '2024-05-01T10:40:00.000Z', reason: null },
    ])
  })

  it('normalizes a product on sale and its stock', async () => {
    const items = await (await connector({ currency: 'EUR' })).decode(delivery('product.updated', simpleProductPayload()))
    expect(items.map((i) => 'snapshot' in i && i.snapshot.entity)).toEqual([
      { id: '22', title: 'Pour-over kettle', status: 'active', handle: 'pour-over-kettle', vendor: null, tags: ['Brewing'], variants: [{ id: '22', sku: 'KETTLE-1', title: 'Pour-over kettle', price: { amount: '39.90', currency: 'EUR' }, compareAtPrice: { amount: '49.90', currency: 'EUR' }, inventoryItemId: '22' }], createdAt: '2024-03-02T08:00:00.000Z', updatedAt: '2024-05-01T10:30:00.000Z' },
      { id: 'KETTLE-1@default', sku: 'KETTLE-1', locationId: 'default', available: 14, inventoryItemId: '22', createdAt: '2024-03-02T08:00:00.000Z', updatedAt: '2024-05-01T10:30:00.000Z' },
    ])
  })

  it('gives customers tags only from the configured user-meta key, and stands in the creation time for a null date_modified_gmt', async () => {
    const [withKey] = await (await connector({ customerTagsMetaKey: 'crm_tags' })).decode(delivery('customer.updated', customerPayload()))
    expect('snapshot' in withKey && withKey.snapshot.entity).toMatchObject({ tags: ['vip', 'wholesale'], acceptsMarketing: false, updatedAt: '2023-11-20T14:00:00.000Z', phone: '+44 20 7946 0000' })
    const [without] = await (await connector()).decode(delivery('customer.updated', customerPayload()))
    expect('snapshot' in without && without.snapshot.entity).toMatchObject({ tags: [] })
  })

  it.each([
    ['coupon.created', { id: 5, code: 'SUMMER' }, 'ERR_TOPIC'],
    ['action.woocommerce_payment_complete', { action: 'woocommerce_payment_complete', arg: 727 }, 'ERR_TOPIC'],
    ['customer.restored', customerPayload(), 'ERR_TOPIC'],
    ['', orderPayload(), 'ERR_TOPIC'],
    ['order.updated', '{"id": 727, "status": "processing"', 'ERR_DECODE'],
    ['order.updated', { status: 'processing' }, 'ERR_DECODE'],
    ['order.updated', orderPayload({ date_modified_gmt: 'yesterday' }), 'ERR_DECODE'],
  ])('%s is refused with %s', async (topic, body, code) => {
    await expect((await connector()).decode(delivery(topic, body))).rejects.toMatchObject({ code: code as string })
  })
})
