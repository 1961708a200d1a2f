import { afterEach, describe, expect, it } from 'vitest'
import { parseRule } from '../../core/rules/load.js'
import { WooFake } from '../fakes/woocommerce/server.js'
import { wooConnector, wooHarnesses } from '../support/woocommerce-harness.js'

/**
 * The capabilities against the fake: what the store receives, and that each declared idempotency class
 * holds (natural: a repeat leaves the same state; probe: the probe finds this step's effect and only it).
 */
let fake: WooFake
let conn: Awaited<ReturnType<typeof wooConnector>>

async function start(opts: ConstructorParameters<typeof WooFake>[0] = {}) {
  fake = await new WooFake(opts).start()
  conn = await wooConnector(fake)
  return { run: (capability: string, key: string, params: object) => conn.instance.actions[capability](conn.actx(key), params), probe: (capability: string, key: string, params: object) => conn.instance.probe!(capability, conn.actx(key), params) }
}

describe('WooCommerce capabilities', () => {
  afterEach(async () => {
    await conn.close()
    await fake.stop()
  })

  it('order.addNote writes a private note with the step marker; the probe finds it by key only', async () => {
    const { run, probe } = await start()
    const order = fake.createOrder()
    const params = { orderId: String(order.id), note: 'Large order: review before shipping' }
    expect(await probe('order.addNote', 'key-1', params)).toEqual({ found: false })
    await run('order.addNote', 'key-1', params)
    expect(order.notes).toHaveLength(1)
    expect(order.notes[0]).toMatchObject({ customerNote: false, note: 'Large order: review before shipping\n\n[cartwire:key-1]' })
    expect(await probe('order.addNote', 'key-1', params)).toMatchObject({ found: true })
    expect(await probe('order.addNote', 'key-2', params)).toEqual({ found: false })
    expect(fake.requests.every((r) => r.idempotencyKey === null), 'no key is sent: WooCommerce would ignore it').toBe(true)
  })

  it('order.setStatus maps canonical statuses, is natural (a repeat writes nothing), and refuses closed', async () => {
    const { run } = await start()
    const paid = fake.createOrder({ status: 'processing' })
    const unpaid = fake.createOrder({ status: 'on-hold' })
    await run('order.setStatus', 'k1', { orderId: String(paid.id), status: 'on_hold' })
    expect(paid.status).toBe('on-hold')
    await run('order.setStatus', 'k1', { orderId: String(paid.id), status: 'on_hold' })
    expect(fake.effectsFor('status', paid.id)).toHaveLength(1)
    await run('order.setStatus', 'k2', { orderId: String(paid.id), status: 'open' })
    expect(paid.status).toBe('processing')
    await run('order.setStatus', 'k3', { orderId: String(unpaid.id), status: 'open' })
    expect(unpaid.status).toBe('pending')
    await expect(run('order.setStatus', 'k4', { orderId: String(paid.id), status: 'closed' })).rejects.toMatchObject({ code: 'ERR_PARAMS' })
    await expect(run('order.setStatus', 'k5', { orderId: '999999', status: 'completed' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
  })

  it('inventory.set writes an absolute figure on the product or the variation with the SKU', async () => {
    const { run } = await start()
    const simple = fake.createProduct({ sku: 'KETTLE-1', stockQuantity: 3 })
    const parent = fake.createProduct({ type: 'variable', sku: 'MUG', manageStock: false, stockQuantity: null })
    const blue = fake.createProduct({ type: 'variation', parentId: parent.id, sku: 'MUG-BLUE', stockQuantity: 1 })
    await run('inventory.set', 'k1', { sku: 'KETTLE-1', available: 12 })
    await run('inventory.set', 'k1', { sku: 'KETTLE-1', available: 12 })
    await run('inventory.set', 'k2', { sku: 'MUG-BLUE', locationId: 'default', available: 0 })
    expect(simple.stockQuantity).toBe(12)
    expect(blue.stockQuantity).toBe(0)
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/products/${simple.id}`, `/products/${simple.id}`, `/products/${parent.id}/variations/${blue.id}`])
    await expect(run('inventory.set', 'k3', { sku: 'KETTLE-1', locationId: 'warehouse-2', available: 1 })).rejects.toMatchObject({ code: 'ERR_PARAMS' })
    await expect(run('inventory.set', 'k4', { sku: 'NOPE', available: 1 })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
  })

  it('product.setPrice keeps a running sale, ends it on compareAtPrice null, and refuses a SKU on two products', async () => {
    const { run } = await start()
    const onSale = fake.createProduct({ sku: 'KETTLE-1', regularPrice: '49.90', salePrice: '39.90' })
    const regular = fake.createProduct({ sku: 'FILTER-1', regularPrice: '5.00' })
    await run('product.setPrice', 'k1', { sku: 'KETTLE-1', price: '34.90' })
    expect(onSale).toMatchObject({ regularPrice: '49.90', salePrice: '34.90' })
    await run('product.setPrice', 'k2', { sku: 'FILTER-1', price: 4.5 })
    expect(regular).toMatchObject({ regularPrice: '4.5', salePrice: '' })
    await run('product.setPrice', 'k3', { sku: 'FILTER-1', price: '3.90', compareAtPrice: '5.00' })
    expect(regular).toMatchObject({ regularPrice: '5.00', salePrice: '3.90' })
    await run('product.setPrice', 'k4', { sku: 'KETTLE-1', price: '44.90', compareAtPrice: null })
    expect(onSale).toMatchObject({ regularPrice: '44.90', salePrice: '' })
    fake.createProduct({ sku: 'DUP-1' })
    fake.createProduct({ sku: 'DUP-1' })
    await expect(run('product.setPrice', 'k5', { sku: 'DUP-1', price: '1.00' })).rejects.toMatchObject({ code: 'ERR_AMBIGUOUS_SKU' })
    expect(fake.effectsFor('price')).toHaveLength(4)
  })

  it('fulfillment.create ships every unshipped line with tracking, and the probe finds it by the step key', async () => {
    const { run, probe } = await start()
    const order = fake.createOrder()
    const params = { orderId: String(order.id), trackingNumber: '00340434161094042557', trackingCompany: 'DHL', trackingUrl: 'https://track.example/00340434161094042557' }
    expect(await probe('fulfillment.create', 'k1', params)).toEqual({ found: false })
    await run('fulfillment.create', 'k1', { orderId: String(order.id), lines: [{ lineId: String(order.lines[0].id), quantity: 1 }] })
    await run('fulfillment.create', 'k2', params)
    const [first, second] = fake.fulfillments
    expect(first.meta.find((m) => m.key === '_items')?.value).toEqual([{ item_id: order.lines[0].id, qty: 1 }])
    expect(second.meta.find((m) => m.key === '_items')?.value).toEqual([{ item_id: order.lines[0].id, qty: 1 }, { item_id: order.lines[1].id, qty: 1 }])
    expect(Object.fromEntries(second.meta.map((m) => [m.key, m.value]))).toMatchObject({ _tracking_number: '00340434161094042557', _shipping_provider: 'DHL', _cartwire_key: 'k2' })
    expect(await probe('fulfillment.create', 'k2', params)).toMatchObject({ found: true })
    expect(await probe('fulfillment.create', 'k3', params)).toEqual({ found: false })
    await expect(run('fulfillment.create', 'k4', { orderId: String(order.id) })).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED' })
  })

  it('fulfillment.create on a store without the Fulfillments API is ERR_CAPABILITY, saying what to do', async () => {
    const { run, probe } = await start({ fulfillmentsApi: false })
    const order = fake.createOrder()
    const attempt = run('fulfillment.create', 'k1', { orderId: String(order.id), trackingNumber: 'T1' })
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_CAPABILITY', message: expect.stringContaining('Fulfillments') })
    await expect(probe('fulfillment.create', 'k1', { orderId: String(order.id) })).rejects.toMatchObject({ code: 'ERR_CAPABILITY' })
    expect(fake.effectsFor('fulfillment')).toHaveLength(0)
  })
})

describe('WooCommerce capabilities through the engine', () => {
  const startHarness = wooHarnesses()

  it('a step that creates a fulfillment on a store without the API becomes an ERR_CAPABILITY step exception at once', async () => {
    const { rule } = parseRule('rules/ship-paid.json', { id: 'ship-paid', on: ['order.paid'], then: [{ id: 'ship', action: 'fulfillment.create', params: { trackingNumber: 'T-1' } }] })
    const h = await startHarness({ rules: [rule!], fake: { fulfillmentsApi: false } })
    h.advance(60_000)
    const order = h.fake.createOrder()
    await h.receive(h.fake.webhook('order.created', order.id))
    await h.settle()
    const [exception] = await h.store.listExceptions({ kind: 'step' })
    expect(exception).toMatchObject({ code: 'ERR_CAPABILITY' })
    expect(h.fake.requests.filter((r) => r.path.endsWith('/fulfillments')), 'not retried').toHaveLength(1)
  })

  it('order.setStatus from a rule writes on-hold once; its echo is one order.updated and fires the rule no more', async () => {
    const { rule } = parseRule('rules/hold-big.json', { id: 'hold-big', on: ['order.paid'], then: [{ id: 'hold', action: 'order.setStatus', params: { status: 'on_hold' } }] })
    const h = await startHarness({ rules: [rule!] })
    h.advance(60_000)
    const order = h.fake.createOrder()
    await h.receive(h.fake.webhook('order.created', order.id))
    await h.settle()
    expect(h.fake.mustOrder(order.id).status).toBe('on-hold')
    h.advance(1000)
    await h.receive(h.fake.webhook('order.updated', order.id))
    await h.settle()
    const updates = await h.eventsOf('order.updated')
    expect(updates.map((e) => e.changes)).toEqual([['rawStatus', 'status']])
    expect(h.fake.effectsFor('status', order.id)).toHaveLength(1)
  })
})
