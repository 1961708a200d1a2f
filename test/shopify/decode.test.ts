import { describe, expect, it } from 'vitest'
import { validateEntity } from '../../core/model/schemas.js'
import type { Decoded, Delivery, Order } from '../../core/sdk/index.js'
import { decodeDelivery } from '../../plugins/shopify/decode.js'
import { productFromGraphql } from '../../plugins/shopify/normalize-product.js'
import { checkoutPayload, customerPayload, fulfillmentPayload, orderPayload, refundPayload, type Raw } from '../fakes/shopify/payloads.js'
import { graphqlProduct, graphqlVariant, restProduct, ShopState } from '../fakes/shopify/state.js'

/** Decode is a table: topic + realistic payload → what the core gets. Every snapshot must pass its schema. */
const AT = Date.parse('2024-05-01T14:30:00Z')
const env = { currency: async () => 'EUR', skuOfItem: async (item: string) => (item === '39072856' ? 'COAT-L' : item === '1' ? null : Promise.reject(new Error('lookup failed'))) }

function delivery(topic: string, body: Raw | string, headers: Record<string, string> = {}): Delivery {
  return { seq: 1, connection: 'shop', source: 'webhook', receivedAt: '2024-05-01T15:00:00.000Z', headers: { 'x-shopify-topic': topic, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }
}

async function decode(topic: string, body: Raw | string, headers?: Record<string, string>): Promise<Decoded[]> {
  const items = await decodeDelivery(delivery(topic, body, headers), env)
  for (const item of items) if ('snapshot' in item) expect(validateEntity(item.snapshot.kind, item.snapshot.entity), `${topic} snapshot schema`).toEqual([])
  return items
}

const customer = customerPayload({ id: '207119551', email: 'ada@example.com', tags: [' vip ', 'wholesale', 'vip'], marketing: 'subscribed', createdAt: AT - 86_400_000 })
const lines = [
  { id: '466157049', sku: 'COAT-L', title: 'Wool coat L', quantity: 2, price: '280.00', productId: '632910392', variantId: '39072856' },
  { id: '518995019', sku: null, title: 'Gift wrap', quantity: 1, price: '80' },
]
const baseOrder = (changes: Raw = {}) => ({ ...orderPayload({ id: '450789469', number: 1001, createdAt: AT, total: '640.00', customer, lines, tags: ['rush', ' gift'] }), ...changes })

const expectedOrder: Order = {
  id: '450789469', number: '1001', currency: 'EUR', totalPrice: { amount: '640.00', currency: 'EUR' }, subtotalPrice: { amount: '640.00', currency: 'EUR' },
  status: 'open', financialStatus: 'pending', fulfillmentStatus: 'unfulfilled', rawStatus: 'pending/null', email: 'ada@example.com', tags: ['gift', 'rush'], note: null,
  customer: { id: '207119551', email: 'ada@example.com', tags: ['vip', 'wholesale'], acceptsMarketing: true },
  lines: [
    { id: '466157049', sku: 'COAT-L', productId: '632910392', variantId: '39072856', title: 'Wool coat L', quantity: 2, price: { amount: '280.00', currency: 'EUR' } },
    { id: '518995019', sku: null, productId: '632910392', variantId: '808950810', title: 'Gift wrap', quantity: 1, price: { amount: '80.00', currency: 'EUR' } },
  ],
  refunds: [], fulfillments: [],
  shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical St', city: 'Berlin', postalCode: '10115', countryCode: 'DE', phone: '+49 30 1234567' },
  checkoutId: '450789476', createdAt: '2024-05-01T14:30:00.000Z', updatedAt: '2024-05-01T14:30:00.000Z', cancelledAt: null,
}

const snapshotOf = (items: Decoded[]) => (items[0] as { snapshot: { entity: unknown } }).snapshot.entity

describe('decode: Shopify topics → canonical items', () => {
  it('orders/create: the REST order normalized (money strings, zoned times, trimmed sorted tags, consent, checkout id)', async () => {
    expect(await decode('orders/create', baseOrder())).toEqual([{ snapshot: { kind: 'order', entity: expectedOrder } }])
  })

  const orderCases: Array<[string, Raw, Partial<Order>, Decoded[]]> = [
    ['orders/paid', { financial_status: 'paid' }, { financialStatus: 'paid', rawStatus: 'paid/null' }, [{ hint: { type: 'order.paid', ref: { kind: 'order', id: '450789469' } } }]],
    ['orders/cancelled', { financial_status: 'voided', cancelled_at: '2024-05-01T16:00:00+02:00', cancel_reason: 'customer' }, { status: 'cancelled', financialStatus: 'voided', rawStatus: 'voided/null/cancelled', cancelledAt: '2024-05-01T14:00:00.000Z' }, [{ hint: { type: 'order.cancelled', ref: { kind: 'order', id: '450789469' } } }]],
    ['orders/updated', { closed_at: '2024-05-02T10:00:00-04:00', financial_status: 'expired' }, { status: 'closed', financialStatus: 'voided', rawStatus: 'expired/null/closed' }, []],
    ['orders/partially_fulfilled', { fulfillment_status: 'partial', financial_status: 'partially_refunded' }, { fulfillmentStatus: 'partially_fulfilled', financialStatus: 'partially_refunded', rawStatus: 'partially_refunded/partial' }, []],
    ['orders/updated', { customer: null, email: '', contact_email: 'guest@example.com', note: '  ', checkout_id: null }, { customer: null, email: 'guest@example.com', note: null, checkoutId: 'c1f2e3d4a5b6c7d8e9f0a1b2c3d4e5f6' }, []],
  ]
  it.each(orderCases)('%s with %j', async (topic, changes, expected, extra) => {
    expect(await decode(topic, baseOrder(changes))).toEqual([{ snapshot: { kind: 'order', entity: { ...expectedOrder, ...expected } } }, ...extra])
  })

  it('orders/fulfilled: fulfillments become shipments with tracking, delivered → delivered', async () => {
    const f = (id: string, shipmentStatus: string | null, status = 'success') => fulfillmentPayload({ id, orderId: '450789469', at: AT + 3_600_000, status, shipmentStatus, trackingNumber: `1Z${id}`, trackingCompany: 'UPS', trackingUrl: `https://ups.example/1Z${id}`, lines: [{ lineId: '466157049', quantity: 1 }] })
    const [item, hint] = await decode('orders/fulfilled', baseOrder({ fulfillment_status: 'fulfilled', fulfillments: [f('255858046', 'delivered'), f('255858047', null), f('255858048', 'in_transit', 'cancelled')] }))
    expect(hint).toEqual({ hint: { type: 'order.fulfilled', ref: { kind: 'order', id: '450789469' } } })
    const order = (item as { snapshot: { entity: Order } }).snapshot.entity
    expect(order.fulfillments.map((s) => [s.id, s.status, s.trackingNumber, s.trackingCompany])).toEqual([
      ['255858046', 'delivered', '1Z255858046', 'UPS'],
      ['255858047', 'open', '1Z255858047', 'UPS'],
      ['255858048', 'cancelled', '1Z255858048', 'UPS'],
    ])
    expect(order.fulfillments[0]).toMatchObject({ orderId: '450789469', trackingUrl: 'https://ups.example/1Z255858046', lines: [{ lineId: '466157049', quantity: 1 }], createdAt: '2024-05-01T15:30:00.000Z' })
  })

  it('refunds inside an order: the amount is what successful refund transactions paid back, exactly', async () => {
    const refunds = [refundPayload({ id: '509562969', orderId: '450789469', at: AT + 7_200_000, amount: '80.10', lines: [{ lineId: '518995019', quantity: 1 }], note: 'damaged' })]
    refunds[0].transactions.push({ id: 1, kind: 'refund', status: 'success', amount: '0.2', currency: 'EUR' }, { id: 2, kind: 'sale', status: 'success', amount: '999.00', currency: 'EUR' })
    const order = snapshotOf(await decode('orders/updated', baseOrder({ refunds }))) as Order
    expect(order.refunds).toEqual([{ id: '509562969', amount: { amount: '80.30', currency: 'EUR' }, createdAt: '2024-05-01T16:30:00.000Z', reason: 'damaged', lines: [{ lineId: '518995019', quantity: 1 }] }])
  })

  it('18-digit ids (as in Shopify samples) stay exact: the body is parsed without rounding them', async () => {
    const text = JSON.stringify(baseOrder({ id: 0, admin_graphql_api_id: undefined })).replace('"id":0', '"id":820982911946154508').replace('"note":null', '"note":"ref 820982911946154509, keep"')
    const order = snapshotOf(await decode('orders/create', text)) as Order
    expect(order.id).toBe('820982911946154508')
    expect(order.note).toBe('ref 820982911946154509, keep')
  })

  const thin: Array<[string, Raw, Decoded[]]> = [
    ['refunds/create', refundPayload({ id: '929361464', orderId: '450789469', at: AT, amount: '10.00' }), [{ ref: { kind: 'order', id: '450789469' } }]],
    ['fulfillments/create', fulfillmentPayload({ id: '123456', orderId: '450789469', at: AT, lines: [] }), [{ ref: { kind: 'order', id: '450789469' } }]],
    ['fulfillments/update', fulfillmentPayload({ id: '123456', orderId: '450789469', at: AT, shipmentStatus: 'delivered', lines: [] }), [{ ref: { kind: 'order', id: '450789469' } }]],
    ['orders/edited', { order_edit: { id: 78912328, order_id: 450789469, app_id: null, created_at: '2024-05-01T10:00:00-04:00' } }, [{ ref: { kind: 'order', id: '450789469' } }]],
    ['inventory_levels/update', { inventory_item_id: 39072856, location_id: 655441491, available: 4, updated_at: '2024-05-01T10:00:00-04:00' }, [{ ref: { kind: 'inventory', id: 'COAT-L@655441491' } }]],
    ['inventory_levels/update', { inventory_item_id: 555, location_id: 655441491, available: 4, updated_at: '2024-05-01T10:00:00-04:00' }, [{ ref: { kind: 'inventory', id: 'item:555@655441491' } }]],
    ['inventory_levels/update', { inventory_item_id: 1, location_id: 655441491, available: 4, updated_at: '2024-05-01T10:00:00-04:00' }, []],
    ['orders/delete', { id: 450789469 }, [{ gone: { kind: 'order', id: '450789469', deletedAt: '2024-05-01T18:00:00.000Z' } }]],
    ['products/delete', { id: 632910392 }, [{ gone: { kind: 'product', id: '632910392', deletedAt: '2024-05-01T18:00:00.000Z' } }]],
    ['customers/delete', { id: 207119551, phone: null, addresses: [] }, [{ gone: { kind: 'customer', id: '207119551', deletedAt: '2024-05-01T18:00:00.000Z' } }]],
  ]
  it.each(thin)('%s is thin: the core fetches (or buries) the resource it names', async (topic, body, expected) => {
    expect(await decode(topic, body, { 'x-shopify-triggered-at': '2024-05-01T18:00:00.000000Z' })).toEqual(expected)
  })

  it('products/update: variants in the shop currency; 100 variants or more are fetched whole instead', async () => {
    const state = new ShopState(AT)
    const product = state.addProduct({ title: 'Wool coat', tags: ['winter', 'outer wear'], variants: [{ sku: 'COAT-M', price: '279.9' }, { sku: 'COAT-L', price: '280' }] })
    product.variants[1].compareAtPrice = '320.00'
    expect(snapshotOf(await decode('products/update', restProduct(product)))).toEqual({
      id: product.id, title: 'Wool coat', status: 'active', handle: 'wool-coat', vendor: 'Cartwire Apparel', tags: ['outer wear', 'winter'],
      variants: [
        { id: product.variants[0].id, sku: 'COAT-M', title: 'COAT-M', price: { amount: '279.90', currency: 'EUR' }, compareAtPrice: null, inventoryItemId: product.variants[0].inventoryItemId },
        { id: product.variants[1].id, sku: 'COAT-L', title: 'COAT-L', price: { amount: '280.00', currency: 'EUR' }, compareAtPrice: { amount: '320.00', currency: 'EUR' }, inventoryItemId: product.variants[1].inventoryItemId },
      ],
      createdAt: '2024-05-01T14:30:00.000Z', updatedAt: '2024-05-01T14:30:00.000Z',
    })
    const big = state.addProduct({ title: 'Socks', variants: Array.from({ length: 100 }, (_, i) => ({ sku: `SOCK-${i}`, price: '5.00' })) })
    expect(await decode('products/create', restProduct(big))).toEqual([{ ref: { kind: 'product', id: big.id } }])
  })

  it('one product state normalizes alike from the webhook (REST) and from GraphQL', async () => {
    const state = new ShopState(AT)
    const product = state.addProduct({ title: 'Mug', tags: ['kitchen', 'gift'], variants: [{ sku: 'MUG', price: '12.5' }, { sku: null, price: '13.00' }] })
    const fromGraphql = productFromGraphql(graphqlProduct(product), product.variants.map((v) => graphqlVariant(v, product)), 'EUR')
    expect(snapshotOf(await decode('products/update', restProduct(product)))).toEqual(fromGraphql)
  })

  it('customers/create and checkouts/update', async () => {
    const legacyConsent = { ...customerPayload({ id: '115310627', email: 'bob@example.com', tags: ['newsletter'], createdAt: AT }), email_marketing_consent: undefined, accepts_marketing: true, orders_count: 3 }
    expect(snapshotOf(await decode('customers/create', legacyConsent))).toEqual({ id: '115310627', email: 'bob@example.com', firstName: 'Ada', lastName: 'Lovelace', phone: null, tags: ['newsletter'], acceptsMarketing: true, ordersCount: 3, createdAt: '2024-05-01T14:30:00.000Z', updatedAt: '2024-05-01T14:30:00.000Z' })
    const checkout = checkoutPayload({ id: '901414060', createdAt: AT, updatedAt: AT + 60_000, email: 'ada@example.com', total: '398.00', customer, lines: [lines[0]] })
    expect(snapshotOf(await decode('checkouts/update', checkout))).toMatchObject({ id: '901414060', currency: 'EUR', totalPrice: { amount: '398.00', currency: 'EUR' }, completedAt: null, orderId: null, lines: [{ id: 'key-466157049', sku: 'COAT-L', quantity: 2 }], updatedAt: '2024-05-01T14:31:00.000Z' })
  })

  it('an unknown topic is ERR_TOPIC and an unreadable body ERR_DECODE (both become intake exceptions, never a refusal)', async () => {
    await expect(decode('app/uninstalled', { id: 1 })).rejects.toMatchObject({ code: 'ERR_TOPIC' })
    await expect(decodeDelivery({ ...delivery('orders/create', {}), headers: {} }, env)).rejects.toMatchObject({ code: 'ERR_TOPIC' })
    await expect(decode('orders/create', '{"id": 1,')).rejects.toMatchObject({ code: 'ERR_DECODE' })
    await expect(decode('orders/create', '[1]')).rejects.toMatchObject({ code: 'ERR_DECODE' })
    await expect(decode('orders/create', baseOrder({ updated_at: '2024-05-01 10:00:00' }))).rejects.toMatchObject({ code: 'ERR_SCHEMA' })
  })
})
