import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ruleFromDisk, wooHarnesses, type WooHarness } from '../support/woocommerce-harness.js'

const RULES = join(import.meta.dirname, '../../rules')
const MINUTE = 60_000

const deliveriesStored = async (h: WooHarness) => Object.values((await h.store.counts()).deliveries).reduce((a, b) => a + b, 0)

describe('WooCommerce through the real engine', () => {
  const start = wooHarnesses()

  it('runs rules/large-order-review.json unchanged: one note for a paid 512 EUR order, nothing on a resend, order.refunded once for a refund sent as order.updated', async () => {
    const h = await start({ rules: [await ruleFromDisk(join(RULES, 'large-order-review.json'))] })
    h.advance(MINUTE)
    const order = h.fake.createOrder({ status: 'processing' })
    expect(order.total).toBe('512.00')

    expect((await h.receive(h.fake.webhook('order.updated', order.id))).status).toBe(202)
    await h.settle()
    const notes = h.fake.effectsFor('note', order.id)
    expect(notes).toHaveLength(1)
    expect((notes[0].body as { note: string }).note).toMatch(/^Large order: review before shipping\n\n\[cartwire:[\w-]+\]$/)
    expect((notes[0].body as { customer_note: boolean }).customer_note).toBe(false)
    expect((await h.eventsOf()).map((e) => e.type).sort()).toEqual(['order.created', 'order.paid'])

    // WooCommerce never resends, but a duplicate send (same state, new X-WC-Webhook-Delivery-ID) must fire nothing
    const eventsBefore = (await h.eventsOf()).length
    expect((await h.receive(h.fake.webhook('order.updated', order.id))).status).toBe(202)
    await h.settle()
    expect(h.fake.effectsFor('note', order.id)).toHaveLength(1)
    expect(await h.eventsOf()).toHaveLength(eventsBefore)

    h.advance(MINUTE)
    h.fake.refundOrder(order.id, '112.00', 'Milk jug arrived broken')
    const refundDelivery = h.fake.webhook('order.updated', order.id)
    await h.receive(refundDelivery)
    await h.settle()
    await h.receive(h.fake.webhook('order.updated', order.id))
    await h.settle()
    const refunded = await h.eventsOf('order.refunded')
    expect(refunded).toHaveLength(1)
    const refundId = String(h.fake.mustOrder(order.id).refunds[0].id)
    expect(refunded[0].member).toEqual({ kind: 'refund', id: refundId })
    expect(refunded[0].data).toMatchObject({ financialStatus: 'partially_refunded', refunds: [{ id: refundId, amount: { amount: '112.00', currency: 'EUR' }, reason: 'Milk jug arrived broken' }] })
    expect(h.fake.effectsFor('note', order.id), 'the refund is not a second order.paid').toHaveLength(1)

    // the rest of the rule: after 30 minutes the order is re-read (still unfulfilled) and the ops sink is called
    h.advance(30 * MINUTE)
    await h.settle()
    expect(h.sink.received).toHaveLength(1)
    expect(JSON.parse(h.sink.received[0].body)).toEqual({ text: `Order ${order.id} still unfulfilled`, total: 512, over: 12 })
  })

  it('answers the unsigned creation ping 200 and stores nothing', async () => {
    const h = await start()
    const answer = await h.receive(h.fake.ping(31))
    expect(answer).toEqual({ status: 200, body: { ok: true, ping: true } })
    await h.settle()
    expect(await deliveriesStored(h)).toBe(0)
    expect(await h.eventsOf()).toHaveLength(0)
  })

  it('refuses a wrong secret, a tampered body and an unsigned JSON body with 401', async () => {
    const h = await start()
    const order = h.fake.createOrder()
    expect((await h.receive(h.fake.webhook('order.updated', order.id, { secret: 'not-the-secret' }))).status).toBe(401)
    const genuine = h.fake.webhook('order.updated', order.id)
    const tampered = { ...genuine, rawBody: Buffer.from(genuine.rawBody.toString().replace('"512.00"', '"5.12"')) }
    expect((await h.receive(tampered)).status).toBe(401)
    const { 'x-wc-webhook-signature': _, ...unsigned } = genuine.headers
    const answer = await h.receive({ ...genuine, headers: unsigned })
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({ ok: false, code: 'ERR_SIGNATURE' })
    expect(await deliveriesStored(h)).toBe(0)
  })

  it('accepts deliveries signed with any secret of a rotation list', async () => {
    const h = await start({ options: { webhookSecret: ['new-secret', 'whsec-woo-fake'] } })
    h.advance(MINUTE)
    const order = h.fake.createOrder()
    expect((await h.receive(h.fake.webhook('order.created', order.id))).status).toBe(202)
    expect((await h.receive(h.fake.webhook('order.updated', order.id, { secret: 'new-secret' }))).status).toBe(202)
  })

  it('keeps a delivery with an unknown topic as an ERR_TOPIC intake exception, answered 202', async () => {
    const h = await start()
    const req = h.fake.webhook('coupon.created', 1, { payload: { id: 1, code: 'SUMMER' } })
    expect((await h.receive(req)).status).toBe(202)
    await h.settle()
    const [exception] = await h.store.listExceptions({ kind: 'intake' })
    expect(exception.code).toBe('ERR_TOPIC')
  })

  it('fires nothing for a stale delivery that arrives after a newer one', async () => {
    const h = await start()
    h.advance(MINUTE)
    const order = h.fake.createOrder({ status: 'pending' })
    const stale = h.fake.webhook('order.created', order.id)
    h.advance(MINUTE)
    h.fake.setOrderStatus(order.id, 'processing')
    await h.receive(h.fake.webhook('order.updated', order.id))
    await h.settle()
    const before = await h.eventsOf()
    await h.receive(stale)
    await h.settle()
    expect(await h.eventsOf()).toHaveLength(before.length)
    expect((await h.store.getResource('woo-main', 'order', String(order.id)))?.entity).toMatchObject({ financialStatus: 'paid', rawStatus: 'processing' })
  })

  it('turns order.deleted into a tombstone and order.restored, confirmed by fetch, into a live order again', async () => {
    const h = await start()
    h.advance(MINUTE)
    const order = h.fake.createOrder()
    await h.receive(h.fake.webhook('order.created', order.id))
    await h.settle()
    h.advance(MINUTE)
    h.fake.trashOrder(order.id)
    await h.receive(h.fake.webhook('order.deleted', order.id))
    await h.settle()
    expect(await h.eventsOf('order.deleted')).toHaveLength(1)
    expect((await h.store.getResource('woo-main', 'order', String(order.id)))?.entity).toBeNull()
    h.advance(MINUTE)
    h.fake.restoreOrder(order.id)
    await h.receive(h.fake.webhook('order.restored', order.id))
    await h.settle()
    expect((await h.store.getResource('woo-main', 'order', String(order.id)))?.entity).toMatchObject({ id: String(order.id), rawStatus: 'processing' })
    expect(await h.eventsOf('order.created'), 'a restore is not a new order').toHaveLength(1)
  })
})
