import { afterEach, describe, expect, it } from 'vitest'
import type { Raw } from '../fakes/shopify/payloads.js'
import { CONNECTION, ruleFile, startShopifyHarness, type ShopifyHarness } from '../support/shopify-harness.js'

/**
 * Shopify webhooks through the real engine: a large paid order of a VIP customer gets the review note
 * (rules/large-order-review.json, first step) and the vip-review tag (a Shopify-only copy of
 * rules/vip-tag.json) exactly once, whatever Shopify sends after; and a change whose webhook never came
 * is found by the next poll and acted on once.
 */
describe('Shopify webhooks through the engine', () => {
  let h: ShopifyHarness
  afterEach(async () => h?.close())

  const rules = () => [ruleFile('large-order-review'), ruleFile('vip-tag', { sources: [CONNECTION] })]

  function placeOrder(customer: Raw, total: string) {
    return h.fake.state.addOrder({
      total, currency: 'EUR', customer,
      lines: [
        { id: h.fake.state.id(), sku: 'COAT-L', title: 'Wool coat L', quantity: 2, price: '280.00' },
        { id: h.fake.state.id(), sku: 'SCARF', title: 'Scarf', quantity: 1, price: String(Number(total) - 560) + '.00' },
      ],
    })
  }

  const writes = () => ({ notes: h.fake.effectsOf('orderUpdate').length, tags: h.fake.effectsOf('tagsAdd').length })

  it('a signed orders/paid runs the note and the VIP tag once; stale retries, older updates and late webhooks fire nothing', async () => {
    h = await startShopifyHarness({ rules: rules() })
    const { state } = h.fake
    const vip = state.addCustomer({ email: 'ada@example.com', tags: ['wholesale', 'vip'], marketing: 'subscribed' }, { silent: true })
    const order = placeOrder(vip, '640.00')
    const id = String(order.id)
    await h.deliverAll(h.fake.since(0))
    await h.settle()
    expect(writes(), 'a pending order acts on nothing').toEqual({ notes: 0, tags: 0 })

    const mark = state.outbox.length
    state.markPaid(id)
    const [paid, updatedWhenPaid] = h.fake.since(mark)
    expect((await h.deliver(paid)).status).toBe(202)
    await h.settle()

    expect(h.fake.effectsOf('orderUpdate', id)).toHaveLength(1)
    expect(h.fake.effectsOf('tagsAdd', id).map((e) => e.input)).toEqual([['vip-review']])
    expect(state.order(id).note).toMatch(/^Large order: review before shipping \[cw:[\w-]{12}\]$/)
    expect(state.order(id).tags).toBe('vip-review')
    expect(await h.store.listExceptions()).toEqual([])

    // Shopify's echoes of the two writes, then everything a stale sender could still deliver
    await h.deliverAll(h.fake.since(mark + 2))
    await h.settle()
    const eventsBefore = (await h.eventsOf()).length
    const duplicate = await h.deliver(h.fake.retry(paid))
    expect(duplicate.body).toMatchObject({ ok: true, duplicate: true })
    await h.deliver(h.fake.retry(paid, { fresh: true })) // the original payload under new ids: only change detection can tell
    await h.deliver(updatedWhenPaid) // older than what is stored
    await h.settle()

    expect((await h.eventsOf()).length).toBe(eventsBefore)
    expect(writes()).toEqual({ notes: 1, tags: 1 })
    const echoes = (await h.eventsOf('order.updated')).filter((e) => e.resource.id === id && e.causedBy)
    expect(echoes.length, 'the echoes of both writes are recognised as own changes').toBeGreaterThanOrEqual(1)
    expect(await h.eventsOf('order.paid')).toHaveLength(1)
  })

  it('a paid order whose webhooks never arrived is found by the next poll and acted on once', async () => {
    h = await startShopifyHarness({ rules: rules() })
    const { state } = h.fake
    const vip = state.addCustomer({ email: 'grace@example.com', tags: ['vip'] }, { silent: true })
    const forgotten = placeOrder(vip, '720.00')
    const id = String(forgotten.id)
    state.markPaid(id)
    const undelivered = h.fake.since(0)

    await h.poll()
    await h.settle()
    expect(h.fake.effectsOf('orderUpdate', id)).toHaveLength(1)
    expect(h.fake.effectsOf('tagsAdd', id)).toHaveLength(1)
    expect((await h.eventsOf('order.paid')).map((e) => e.resource.id)).toEqual([id])

    // the next walk sees the order again (its own writes moved it), and the webhooks finally arrive
    await h.poll()
    await h.deliverAll(undelivered)
    await h.settle()
    expect(writes()).toEqual({ notes: 1, tags: 1 })
    expect(await h.eventsOf('order.paid')).toHaveLength(1)
    expect(await h.eventsOf('order.created')).toHaveLength(1)
    expect(await h.store.listExceptions()).toEqual([])
  })
})
