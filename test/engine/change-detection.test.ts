import { afterEach, describe, expect, it } from 'vitest'
import { makeOrder } from '../support/entities.js'
import { startHarness, type Harness } from '../support/harness.js'

const BEFORE_BASELINE = '2024-04-30T12:00:00.000Z'

describe('change detection through the engine', () => {
  let h: Harness
  afterEach(async () => h?.close())

  it("a connection's first walk over 1,000 existing orders fires nothing; an order created after the baseline fires", async () => {
    h = await startHarness({ rules: [{ id: 'tag-new', on: ['order.created'], then: [{ action: 'order.addTags', params: { tags: ['new'] } }] }], driver: 'sqlite' })
    for (let i = 0; i < 1000; i++) {
      h.platform.put(makeOrder({ id: `old-${String(i).padStart(4, '0')}`, number: String(i), createdAt: BEFORE_BASELINE, updatedAt: BEFORE_BASELINE }))
    }
    const walk = await h.poll()
    expect(walk.items).toBe(1000)
    await h.settle()
    expect(await h.eventsOf()).toHaveLength(0)
    expect((await h.store.counts()).deliveries.pending).toBe(0)

    h.platform.put(makeOrder({ id: 'fresh', number: '5000', createdAt: '2024-05-01T09:30:00.000Z', updatedAt: '2024-05-01T09:30:00.000Z' }))
    h.platform.now = Date.parse('2024-05-01T09:31:00.000Z')
    await h.poll()
    await h.settle()
    expect((await h.eventsOf()).map((e) => `${e.type} ${e.resource.id}`)).toEqual(['order.created fresh', 'order.paid fresh'])
    expect(h.platform.effectsFor('tags').map((e) => e.orderId)).toEqual(['fresh'])
  })

  it('a pre-existing order that becomes paid after the baseline fires order.paid, once, by webhook or poll', async () => {
    h = await startHarness({ rules: [] })
    const old = h.platform.put(makeOrder({ financialStatus: 'pending', rawStatus: 'pending', createdAt: BEFORE_BASELINE, updatedAt: BEFORE_BASELINE }))
    await h.poll()
    await h.settle()
    const paid = h.platform.put({ ...old, financialStatus: 'paid', rawStatus: 'paid', updatedAt: '2024-05-01T09:10:00.000Z' })
    await h.deliver('orders/paid', paid)
    h.platform.now = Date.parse('2024-05-01T09:20:00.000Z')
    await h.poll()
    await h.settle()
    expect((await h.eventsOf()).map((e) => e.type)).toEqual(['order.paid', 'order.updated'])
  })

  it('two real changes inside one second are both seen (a tie is resolved by fetching current state)', async () => {
    h = await startHarness({ rules: [] })
    const second = '2024-05-01T10:00:05.000Z'
    const order = h.platform.put(makeOrder({ updatedAt: '2024-05-01T10:00:00.000Z' }))
    await h.deliver('orders/create', order)
    await h.settle()
    const tagged = { ...order, tags: ['gift'], updatedAt: second }
    const noted = { ...tagged, note: 'leave at the door', updatedAt: second }
    h.platform.put(noted)
    await h.deliver('orders/updated', tagged)
    await h.deliver('orders/updated', noted)
    await h.settle()
    const stored = await h.store.getResource('shop', 'order', order.id)
    expect(stored!.entity).toMatchObject({ tags: ['gift'], note: 'leave at the door' })
    const updates = await h.eventsOf('order.updated')
    expect(updates.flatMap((e) => e.changes).sort()).toEqual(['note', 'tags'])
  })

  it('a deleted order is not resurrected by a late update', async () => {
    h = await startHarness({ rules: [{ id: 'on-update', on: ['order.updated'], then: [{ action: 'log', params: { message: 'updated' } }] }] })
    const order = h.platform.put(makeOrder())
    await h.deliver('orders/create', order)
    await h.deliver('orders/delete', { ...order, deletedAt: '2024-05-01T10:10:00.000Z' } as never)
    h.platform.orders.delete(order.id)
    await h.deliver('orders/updated', { ...order, note: 'late', updatedAt: '2024-05-01T10:20:00.000Z' })
    await h.settle()
    expect((await h.store.getResource('shop', 'order', order.id))!.entity).toBeNull()
    expect((await h.eventsOf()).map((e) => e.type)).toEqual(['order.created', 'order.paid', 'order.deleted'])
    expect(await h.store.listRuns({})).toHaveLength(0)
  })

  it.each(['lowdb', 'sqlite'] as const)('a restore the platform confirms is accepted and reports changes against the last live entity (%s)', async (driver) => {
    h = await startHarness({ rules: [], driver })
    const order = h.platform.put(makeOrder())
    await h.deliver('orders/create', order)
    await h.deliver('orders/delete', { ...order, deletedAt: '2024-05-01T10:10:00.000Z' } as never)
    const restored = h.platform.put({ ...order, note: 'restored', updatedAt: '2024-05-01T10:20:00.000Z' })
    await h.deliver('orders/updated', restored)
    await h.settle()
    expect((await h.store.getResource('shop', 'order', order.id))!.entity).toMatchObject({ note: 'restored' })
    const [update] = await h.eventsOf('order.updated')
    expect(update.changes).toEqual(['note'])
  })

  it('a thin webhook is fetched; a delivery that verifies but cannot be decoded is an intake exception with the raw body kept', async () => {
    h = await startHarness({ rules: [] })
    const order = h.platform.put(makeOrder())
    await h.deliver('orders/thin', { id: order.id } as never)
    const bad = h.platform.webhook('orders/updated', 'not an order')
    bad.rawBody = Buffer.from('{"id": truncated')
    bad.headers['x-testcart-hmac-sha256'] = (await import('node:crypto')).createHmac('sha256', h.platform.secret).update(bad.rawBody).digest('base64')
    expect((await h.engine.receive('shop', bad)).status, 'a verified delivery is never refused').toBe(202)
    await h.settle()
    expect((await h.eventsOf()).map((e) => e.type)).toEqual(['order.created', 'order.paid'])
    const [exception] = await h.store.listExceptions({ kind: 'intake' })
    expect(exception.code).toBe('ERR_DECODE')
    expect((await h.store.getDelivery(exception.deliverySeq!))!.body).toBe('{"id": truncated')
  })

  it('a snapshot that breaks the schema is an intake exception, and the daemon carries on', async () => {
    h = await startHarness({ rules: [] })
    await h.deliver('orders/create', { ...makeOrder(), financialStatus: 'bogus' } as never)
    await h.deliver('orders/create', makeOrder({ id: 'order-2' }))
    await h.settle()
    const [exception] = await h.store.listExceptions({ kind: 'intake' })
    expect(exception.code).toBe('ERR_SCHEMA')
    expect(exception.error.message).toContain('financialStatus')
    expect((await h.eventsOf('order.created')).map((e) => e.resource.id)).toEqual(['order-2'])
  })

  it('signatures: a tampered body and a wrong secret get 401; an unknown connection 404; a replayed delivery id is dropped', async () => {
    h = await startHarness({ rules: [] })
    const order = makeOrder()
    const tampered = h.platform.webhook('orders/create', order)
    tampered.rawBody = Buffer.from(tampered.rawBody.toString().replace('1001', '1002'))
    expect((await h.engine.receive('shop', tampered)).status).toBe(401)
    expect((await h.engine.receive('shop', h.platform.webhook('orders/create', order, { secret: 'wrong' }))).status).toBe(401)
    expect((await h.engine.receive('nope', h.platform.webhook('orders/create', order))).status).toBe(404)
    const first = await h.deliver('orders/create', order, { webhookId: 'w-1' })
    const again = await h.deliver('orders/create', order, { webhookId: 'w-1' })
    expect(again.body).toMatchObject({ ok: true, duplicate: true, seq: (first.body as { seq: number }).seq })
  })
})
