import { describe, expect, it } from 'vitest'
import { silentLogger, type ActionContext, type CommerceEvent } from '../../core/sdk/index.js'
import { createOrder, fulfil } from '../../plugins/sandbox/internal.js'
import { perTest, setupSandbox } from './support.js'

const t = perTest()

async function sandboxWith() {
  const s = await setupSandbox({ dataDir: t.dir() })
  t.defer(s.close)
  const ctx = (key = 'key-1', event?: CommerceEvent): ActionContext => ({ key, connection: 'demo', log: silentLogger, clock: s.clock, signal: new AbortController().signal, ...(event && { event }) })
  const act = (name: string, params: object, key?: string, event?: CommerceEvent) => s.instance.actions[name](ctx(key, event), params)
  const newOrder = (paid: boolean) => {
    const { id } = s.rt.write((world) => createOrder(world, { paid, customerId: 'customer-1' })).result
    return s.rt.read().orders.find((o) => o.id === id)!
  }
  return { ...s, act, newOrder }
}

describe('sandbox capabilities', () => {
  it('product.setPrice refuses a SKU found on two variants with ERR_AMBIGUOUS_SKU and changes nothing', async () => {
    const s = await sandboxWith()
    const before = s.rt.read().products
    await expect(s.act('product.setPrice', { sku: 'TOTE', price: '21.00' })).rejects.toMatchObject({ code: 'ERR_AMBIGUOUS_SKU' })
    await expect(s.act('product.setPrice', { sku: 'NO-SUCH-SKU', price: '1.00' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
    expect(s.rt.read().products).toEqual(before)
    expect(s.rt.read().outbox).toEqual([])
  })

  it('product.setPrice takes decimal strings and numbers in EUR minor units; compareAtPrice null removes it', async () => {
    const s = await sandboxWith()
    await s.act('product.setPrice', { sku: 'MUG-BLACK', price: 12, compareAtPrice: '14.5' })
    const mug = () => s.rt.read().products.flatMap((p) => p.variants).find((v) => v.sku === 'MUG-BLACK')!
    expect(mug()).toMatchObject({ price: { amount: '12.00', currency: 'EUR' }, compareAtPrice: { amount: '14.50', currency: 'EUR' } })
    await s.act('product.setPrice', { sku: 'MUG-BLACK', price: '12.00', compareAtPrice: null })
    expect(mug().compareAtPrice).toBeNull()
  })

  it("inventory.set acts on the event's location when params name none", async () => {
    const s = await sandboxWith()
    const event = { resource: { kind: 'inventory', id: 'MUG-WHITE@munich', version: '1' } } as CommerceEvent
    await s.act('inventory.set', { sku: 'MUG-WHITE', available: 3 }, 'k', event)
    await s.act('inventory.set', { sku: 'MUG-WHITE', available: 9 })
    const level = (id: string) => s.rt.read().inventory.find((l) => l.id === id)!.available
    expect([level('MUG-WHITE@munich'), level('MUG-WHITE@berlin')]).toEqual([3, 9])
    await expect(s.act('inventory.set', { sku: 'MUG-WHITE', locationId: 'paris', available: 1 })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
  })

  it('order.setStatus cancelled voids a pending order, puts its units back in stock and announces orders/cancelled', async () => {
    const s = await sandboxWith()
    const order = s.newOrder(false)
    const stock = () => Object.fromEntries(order.lines.map((l) => [l.sku, s.rt.read().inventory.find((i) => i.id === `${l.sku}@berlin`)!.available]))
    const sold = stock()
    s.rt.state.update((data) => void (data.outbox = []))
    await s.act('order.setStatus', { orderId: order.id, status: 'cancelled' })
    expect(s.rt.read().orders.find((o) => o.id === order.id)).toMatchObject({ status: 'cancelled', financialStatus: 'voided', rawStatus: 'cancelled' })
    expect(stock()).toEqual(Object.fromEntries(order.lines.map((l) => [l.sku, sold[l.sku!]! + l.quantity])))
    expect(s.rt.read().outbox.map((e) => e.topic)).toContain('orders/cancelled')
  })

  it('fulfillment.create ships the named lines, refuses more than is left, and replays a key it has seen', async () => {
    const s = await sandboxWith()
    const order = s.newOrder(true)
    const [line] = order.lines
    const first = await s.act('fulfillment.create', { orderId: order.id, lines: [{ lineId: line.id, quantity: 1 }], trackingNumber: 'TRACK-1' }, 'key-a')
    expect(await s.act('fulfillment.create', { orderId: order.id, lines: [{ lineId: line.id, quantity: 1 }] }, 'key-a')).toMatchObject({ shipmentId: (first as { shipmentId: string }).shipmentId, replayed: true })
    await expect(s.act('fulfillment.create', { orderId: order.id, lines: [{ lineId: line.id, quantity: line.quantity }] }, 'key-b')).rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED' })
    const stored = s.rt.read().orders.find((o) => o.id === order.id)!
    expect(stored.fulfillments).toHaveLength(1)
    expect(stored.fulfillments[0]).toMatchObject({ trackingNumber: 'TRACK-1', lines: [{ lineId: line.id, quantity: 1 }] })
    expect(stored.fulfillmentStatus).toBe(order.lines.length === 1 && line.quantity === 1 ? 'fulfilled' : 'partially_fulfilled')
  })

  it('writes and announces nothing when a natural action finds its effect already there', async () => {
    const s = await sandboxWith()
    const order = s.newOrder(true)
    await s.act('order.addTags', { orderId: order.id, tags: ['vip-review'] })
    s.rt.state.update((data) => void (data.outbox = []))
    const before = s.rt.read().orders.find((o) => o.id === order.id)!
    await s.act('order.addTags', { orderId: order.id, tags: [' vip-review '] })
    await s.act('order.setStatus', { orderId: order.id, status: 'open' })
    expect(s.rt.read().orders.find((o) => o.id === order.id)).toEqual(before)
    expect(s.rt.read().outbox).toEqual([])
  })

  it('answers ERR_NOT_FOUND for an order it does not have, and the probe finds no marker there', async () => {
    const s = await sandboxWith()
    await expect(s.act('order.addNote', { orderId: 'order-9999', note: 'hello' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' })
    const order = s.newOrder(true)
    s.rt.write((world) => void fulfil(world, world.data.orders.find((o) => o.id === order.id)!, {}))
    await expect(s.act('fulfillment.create', { orderId: order.id }, 'key-c'), 'nothing left to ship').rejects.toMatchObject({ code: 'ERR_UPSTREAM_REJECTED' })
  })
})
