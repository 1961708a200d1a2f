import { afterEach, describe, expect, it } from 'vitest'
import type { CommerceEvent, InventoryLevel } from '../../core/sdk/index.js'
import { noteMarker } from '../../plugins/shopify/actions/note.js'
import { FakeShopify } from '../fakes/shopify/server.js'
import { connectShopify } from '../support/shopify-harness.js'

let fake: FakeShopify
let conn: Awaited<ReturnType<typeof connectShopify>>
afterEach(async () => {
  await conn?.close()
  await fake?.stop()
})

describe('Shopify capabilities against the fake', () => {
  async function setup(version?: string) {
    fake = await new FakeShopify({ version, plan: { graphql: { max: 10_000, restorePerSecond: 10_000 } } }).start()
    conn = await connectShopify(fake)
    const { state } = fake
    const order = state.addOrder({ total: '90.00', note: 'Gift wrap please', lines: [
      { id: state.id(), sku: 'MUG', title: 'Mug', quantity: 2, price: '20.00' },
      { id: state.id(), sku: 'TEE', title: 'Tee', quantity: 1, price: '50.00' },
    ] }, { silent: true })
    const mug = state.addProduct({ title: 'Mug', variants: [{ sku: 'MUG', price: '20.00', available: 10 }, { sku: 'MUG-XL', price: '24.00' }] }, { silent: true })
    return { orderId: String(order.id), order, mug, location: state.locations[0] }
  }

  it('order.addTags (natural): running it twice leaves the tags as running it once', async () => {
    const { orderId } = await setup()
    await conn.act('order.addTags', { orderId, tags: [' vip-review ', 'rush'] })
    await conn.act('order.addTags', { orderId, tags: ['vip-review', 'rush'] })
    expect(fake.state.order(orderId).tags).toBe('rush, vip-review')
    expect(fake.effectsOf('tagsAdd', orderId).map((e) => e.input)).toEqual([['vip-review', 'rush'], ['vip-review', 'rush']])
    await conn.act('order.removeTags', { orderId, tags: ['rush'] })
    expect(fake.state.order(orderId).tags).toBe('vip-review')
    await expect(conn.act('order.addTags', { orderId: '1', tags: ['x'] })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
  })

  it('order.addNote (probe): appends after the merchant\'s note with a marker; a re-run and the probe see the marker', async () => {
    const { orderId } = await setup()
    const key = 'ledger-key-abc'
    expect(await conn.act('order.addNote', { orderId, note: 'Large order: review' }, key)).toEqual({ marker: noteMarker(key), appended: true })
    expect(fake.state.order(orderId).note).toBe(`Gift wrap please\n\nLarge order: review ${noteMarker(key)}`)
    expect(await conn.act('order.addNote', { orderId, note: 'Large order: review' }, key)).toEqual({ marker: noteMarker(key), appended: false })
    expect(fake.effectsOf('orderUpdate', orderId)).toHaveLength(1)
    expect(await conn.probe('order.addNote', { orderId, note: 'Large order: review' }, key)).toEqual({ found: true })
    expect(await conn.probe('order.addNote', { orderId, note: 'Large order: review' }, `${key}/edit-1`)).toEqual({ found: false })
  })

  it('order.addNote: two steps appending to one order at once both land (the read-modify-write is serialized)', async () => {
    const { orderId } = await setup()
    await Promise.all(['a', 'b', 'c'].map((k) => conn.act('order.addNote', { orderId, note: `note ${k}` }, `key-${k}`)))
    const note = fake.state.order(orderId).note as string
    for (const k of ['a', 'b', 'c']) expect(note).toContain(`note ${k} ${noteMarker(`key-${k}`)}`)
    expect(note.startsWith('Gift wrap please\n\n')).toBe(true)
  })

  it('inventory.set (natural, compare-and-swap): sets once, then finds the target and writes nothing', async () => {
    const { location, mug } = await setup()
    const item = mug.variants[0].inventoryItemId
    expect(await conn.act('inventory.set', { sku: 'MUG', locationId: location, available: 4 })).toEqual({ available: 4, changed: true })
    expect(await conn.act('inventory.set', { sku: 'MUG', locationId: location, available: 4 })).toEqual({ available: 4, changed: false })
    expect(fake.state.levels.get(`${item}@${location}`)?.available).toBe(4)
    expect(fake.effectsOf('inventorySetQuantities')).toHaveLength(1)
    expect(fake.effectsOf('inventorySetQuantities')[0].input).toMatchObject({ quantity: 4, changeFromQuantity: 10 })
  })

  it('inventory.set: a concurrent change is caught by the compare; a level already at the target is success', async () => {
    const { location, mug } = await setup()
    const item = mug.variants[0].inventoryItemId
    let moves = 1
    fake.beforeMutation = (op) => {
      if (op === 'CartwireInventorySet' && moves-- > 0) fake.state.setAvailable(item, location, 7) // a sale lands between read and write
    }
    await conn.act('inventory.set', { sku: 'MUG', locationId: location, available: 3 })
    expect(fake.effectsOf('inventorySetQuantities').map((e) => e.input)).toEqual([expect.objectContaining({ quantity: 3, changeFromQuantity: 7 })])
    fake.beforeMutation = (op) => {
      if (op === 'CartwireInventorySet') fake.state.setAvailable(item, location, 9) // someone else set it to our target
    }
    expect(await conn.act('inventory.set', { sku: 'MUG', locationId: location, available: 9 })).toEqual({ available: 9, changed: false })
    expect(fake.effectsOf('inventorySetQuantities')).toHaveLength(1)
  })

  it('inventory.set takes the location from an inventory event, and speaks compareQuantity to a 2025-10 shop', async () => {
    const { location, mug } = await setup('2025-10')
    const event = { resource: { kind: 'inventory', id: `MUG@${location}`, version: '1' }, data: { locationId: location } as InventoryLevel } as CommerceEvent
    await conn.act('inventory.set', { sku: 'MUG', available: 2 }, 'k', { event })
    expect(fake.effectsOf('inventorySetQuantities')[0].input).toEqual({ inventoryItemId: `gid://shopify/InventoryItem/${mug.variants[0].inventoryItemId}`, locationId: `gid://shopify/Location/${location}`, quantity: 2, compareQuantity: 10 })
    await expect(conn.act('inventory.set', { sku: 'MUG', available: 2 })).rejects.toMatchObject({ code: 'ERR_PARAMS' })
  })

  it('product.setPrice (natural): the exact SKU only (MUG, not MUG-XL); a SKU on two variants is ERR_AMBIGUOUS_SKU, never a pick', async () => {
    const { mug } = await setup()
    expect(await conn.act('product.setPrice', { sku: 'MUG', price: 15, compareAtPrice: '19.9' })).toEqual({ variantId: mug.variants[0].id, price: '15.00' })
    expect(mug.variants.map((v) => [v.sku, v.price, v.compareAtPrice])).toEqual([['MUG', '15.00', '19.90'], ['MUG-XL', '24.00', null]])
    fake.state.addProduct({ title: 'Other mug', variants: [{ sku: 'MUG', price: '9.00' }] }, { silent: true })
    await expect(conn.act('product.setPrice', { sku: 'MUG', price: '12.00' })).rejects.toMatchObject({ code: 'ERR_AMBIGUOUS_SKU' })
    await expect(conn.act('product.setPrice', { sku: 'NOPE', price: '12.00' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
    expect(fake.effectsOf('productVariantsBulkUpdate')).toHaveLength(1)
  })

  it('product.setStatus (natural) by SKU or id', async () => {
    const { mug } = await setup()
    await conn.act('product.setStatus', { sku: 'MUG-XL', status: 'archived' })
    expect(mug.status).toBe('ARCHIVED')
    await conn.act('product.setStatus', { productId: mug.id, status: 'active' })
    expect(mug.status).toBe('ACTIVE')
  })

  it('fulfillment.create (probe): through fulfillment orders with tracking; the probe finds it by tracking number', async () => {
    const { orderId, order } = await setup()
    const [mugLine, teeLine] = order.line_items.map((l: { id: number }) => String(l.id))
    await conn.act('fulfillment.create', { orderId, trackingNumber: '1Z999', trackingCompany: 'UPS', lines: [{ lineId: mugLine, quantity: 1 }] })
    expect(fake.state.order(orderId).fulfillment_status).toBe('partial')
    expect(await conn.probe('fulfillment.create', { orderId, trackingNumber: '1Z999' })).toMatchObject({ found: true })
    expect(await conn.probe('fulfillment.create', { orderId, trackingNumber: '1Z000' })).toEqual({ found: false })
    await expect(conn.act('fulfillment.create', { orderId, lines: [{ lineId: mugLine, quantity: 2 }] })).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED' })
    expect(await conn.probe('fulfillment.create', { orderId, lines: [{ lineId: teeLine, quantity: 1 }] })).toEqual({ found: false })
    await conn.act('fulfillment.create', { orderId, trackingNumber: '1Z998' })
    expect(fake.state.order(orderId).fulfillment_status).toBe('fulfilled')
    expect(fake.state.order(orderId).fulfillments.map((f: { line_items: unknown }) => f.line_items)).toEqual([[{ id: Number(mugLine), quantity: 1, fulfillment_status: 'fulfilled' }], [{ id: Number(mugLine), quantity: 1, fulfillment_status: 'fulfilled' }, { id: Number(teeLine), quantity: 1, fulfillment_status: 'fulfilled' }]])
    expect(await conn.probe('fulfillment.create', { orderId })).toEqual({ found: true })
    await expect(conn.act('fulfillment.create', { orderId })).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED', message: expect.stringMatching(/nothing left/) })
    expect(fake.effectsOf('fulfillmentCreate')).toHaveLength(2)
  })
})

describe('Shopify fetch and subscriptions', () => {
  it('fetch: orders and customers by REST, products and inventory by GraphQL; 404 is gone', async () => {
    fake = await new FakeShopify().start()
    conn = await connectShopify(fake)
    const { state } = fake
    const customer = state.addCustomer({ email: 'c@example.com', tags: ['vip'] }, { silent: true })
    const product = state.addProduct({ title: 'Tee', variants: [{ sku: 'TEE', price: '19.9', available: 6 }] }, { silent: true })
    const fetch = conn.instance.fetch!
    expect(await fetch({ kind: 'customer', id: String(customer.id) })).toMatchObject({ kind: 'customer', entity: { tags: ['vip'] } })
    expect(await fetch({ kind: 'product', id: product.id })).toMatchObject({ kind: 'product', entity: { variants: [{ sku: 'TEE', price: { amount: '19.90', currency: 'EUR' } }] } })
    const location = state.locations[1]
    const bySku = await fetch({ kind: 'inventory', id: `TEE@${location}` })
    const byItem = await fetch({ kind: 'inventory', id: `item:${product.variants[0].inventoryItemId}@${location}` })
    expect(bySku).toEqual(byItem)
    expect(bySku).toMatchObject({ kind: 'inventory', entity: { id: `TEE@${location}`, sku: 'TEE', locationId: location, available: 6 } })
    for (const ref of [{ kind: 'order', id: '1' }, { kind: 'customer', id: '2' }, { kind: 'product', id: '3' }, { kind: 'inventory', id: `NOPE@${location}` }, { kind: 'checkout', id: '4' }] as const) {
      expect(await fetch(ref)).toEqual({ gone: ref })
    }
  })

  it('subscriptions.sync points every topic at the webhook URL and reports the ones Shopify removed', async () => {
    fake = await new FakeShopify().start()
    conn = await connectShopify(fake, { topics: ['orders/create', 'orders/paid', 'refunds/create'] })
    const sync = conn.instance.subscriptions!.sync
    expect(await sync('https://hooks.example.com/')).toEqual({ created: ['orders/create', 'orders/paid', 'refunds/create'], updated: [], removed: [], problems: [] })
    expect(fake.state.subscriptions.map((s) => s.address)).toEqual(Array(3).fill('https://hooks.example.com/webhooks/shopify-test'))
    expect(await sync('https://hooks.example.com')).toEqual({ created: [], updated: [], removed: [], problems: [] })
    fake.state.subscriptions.splice(1, 1) // Shopify deleted it after failed deliveries
    fake.state.subscriptions[0].address = 'https://old.example.com/webhooks/shopify-test'
    expect(await sync('https://hooks.example.com')).toEqual({ created: ['orders/paid'], updated: ['orders/create'], removed: ['orders/paid'], problems: [] })
  })
})
