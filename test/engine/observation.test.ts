import { afterEach, describe, expect, it } from 'vitest'
import type { Order } from '../../core/sdk/entities.js'
import { makeOrder, makeShipment, money } from '../support/entities.js'
import { startHarness, type Harness } from '../support/harness.js'

/**
 * One order history observed four ways through the whole engine (intake → inbox → decode → change
 * detection → store) yields identical milestone and member event ids (SEMANTICS.md §1).
 */
const at = (hhmm: string) => `2024-05-01T${hhmm}:00.000Z`

function history(): Array<{ topic: string; order: Order }> {
  const created = makeOrder({ financialStatus: 'pending', rawStatus: 'pending', createdAt: at('10:00'), updatedAt: at('10:00') })
  const paid = { ...created, financialStatus: 'paid' as const, rawStatus: 'paid', updatedAt: at('10:05') }
  const f1 = makeShipment({ id: 'f1', status: 'in_transit', createdAt: at('10:10'), updatedAt: at('10:10') })
  const partly = { ...paid, fulfillmentStatus: 'partially_fulfilled' as const, fulfillments: [f1], updatedAt: at('10:10') }
  const refunded = { ...partly, financialStatus: 'partially_refunded' as const, refunds: [{ id: 'r1', amount: money('112.00'), createdAt: at('10:20') }], updatedAt: at('10:20') }
  const f2 = makeShipment({ id: 'f2', status: 'in_transit', createdAt: at('10:30'), updatedAt: at('10:30') })
  const done = { ...refunded, fulfillmentStatus: 'fulfilled' as const, fulfillments: [{ ...f1, status: 'delivered' as const, updatedAt: at('10:30') }, f2], updatedAt: at('10:30') }
  return [
    { topic: 'orders/create', order: created },
    { topic: 'orders/paid', order: paid },
    { topic: 'orders/updated', order: partly },
    { topic: 'orders/updated', order: refunded },
    { topic: 'orders/fulfilled', order: done },
  ]
}

type Way = (h: Harness, steps: ReturnType<typeof history>) => Promise<void>

const ways: Record<string, Way> = {
  'webhooks in order': async (h, steps) => {
    for (const s of steps) {
      h.platform.put(s.order)
      await h.deliver(s.topic, s.order)
    }
  },
  'webhooks reordered and duplicated': async (h, steps) => {
    h.platform.put(steps[4].order)
    for (const i of [1, 0, 3, 1, 2, 4, 0, 4, 3]) await h.deliver(steps[i].topic, steps[i].order)
  },
  'poll only, skipping intermediate states': async (h, steps) => {
    for (const i of [1, 3, 4]) {
      h.platform.put(steps[i].order)
      h.platform.now = Date.parse(steps[i].order.updatedAt) + 60_000
      await h.poll()
      await h.settle()
    }
  },
  'poll plus a late stale webhook': async (h, steps) => {
    h.platform.put(steps[4].order)
    await h.poll()
    await h.settle()
    await h.deliver(steps[1].topic, steps[1].order)
    await h.deliver(steps[3].topic, steps[3].order)
  },
}

describe.each(['lowdb', 'sqlite'] as const)('one order history observed four ways (%s)', (driver) => {
  let h: Harness | undefined
  afterEach(async () => h?.close())

  it('yields identical milestone and member event ids', async () => {
    const seen: Record<string, string[]> = {}
    for (const [name, way] of Object.entries(ways)) {
      h = await startHarness({ rules: [], driver })
      await way(h, history())
      await h.settle()
      seen[name] = (await h.eventsOf()).filter((e) => !e.type.endsWith('.updated')).map((e) => `${e.type} ${e.id}`).sort()
      await h.close()
      h = undefined
    }
    const expected = seen['webhooks in order']
    expect(expected.map((line) => line.split(' ')[0]).sort()).toEqual(
      ['order.created', 'order.paid', 'order.refunded', 'shipment.created', 'shipment.created', 'shipment.delivered', 'order.fulfilled'].sort(),
    )
    for (const [name, ids] of Object.entries(seen)) expect(ids, name).toEqual(expected)
  })

  it('never fires an update for a duplicate or stale delivery', async () => {
    h = await startHarness({ rules: [], driver })
    const steps = history()
    h.platform.put(steps[1].order)
    await h.deliver(steps[1].topic, steps[1].order)
    await h.settle()
    const before = (await h.eventsOf()).length
    await h.deliver(steps[1].topic, steps[1].order) // Shopify-style retry with the original payload
    await h.deliver(steps[0].topic, steps[0].order) // older
    await h.settle()
    expect((await h.eventsOf()).length).toBe(before)
  })
})
