import { afterEach, describe, expect, it } from 'vitest'
import type { Order } from '../../core/sdk/index.js'
import { normalizeOrder } from '../../plugins/shopify/normalize-order.js'
import { restTime } from '../fakes/shopify/payloads.js'
import { startShopifyHarness, type ShopifyHarness } from '../support/shopify-harness.js'

/**
 * SEMANTICS.md §11: a walk pages with `updated_at_min` + Shopify's cursors while the shop keeps
 * changing. Orders served already, orders not yet served and brand-new orders all change mid-walk; the
 * walk must still see every order, fire each order.created exactly once, and end with every order's
 * current state stored.
 */
describe('Shopify poll walk', () => {
  let h: ShopifyHarness
  afterEach(async () => h?.close())

  it('a first walk over 10,000 new orders, modified during the walk, fires each order.created once and skips none', async () => {
    h = await startShopifyHarness({ rules: [], fake: { plan: { rest: { leakPerSecond: 400 } } }, options: { restLeakPerSecond: 400 } })
    const { state } = h.fake
    const start = state.now
    const total = 10_000
    for (let i = 0; i < total; i++) {
      // seven orders per second: ties on updated_at straddle page boundaries
      state.addOrder({ total: '25.00', createdAt: start + Math.floor(i / 7) * 1000, lines: [{ id: state.id(), sku: 'MUG', title: 'Mug', quantity: 1, price: '25.00' }] }, { silent: true })
    }
    state.now = start + total * 1000
    const ids = [...state.orders.keys()]
    const changed = new Set<string>()
    const modify = (batch: string[]) => {
      for (const id of batch) {
        state.changeOrder(id, (raw) => (raw.note = `changed during the walk (${raw.note ?? 'first'})`), [])
        changed.add(id)
      }
    }
    const added: string[] = []
    h.fake.afterPage = (resource, page) => {
      if (resource !== 'orders') return
      if (page === 2) modify([...ids.slice(0, 100), ...ids.slice(6000, 6100)]) // already served / not yet reached
      if (page === 20) modify([...ids.slice(50, 80), ...ids.slice(9990)]) // served twice by now / last ones
      if (page === 30) {
        for (let i = 0; i < 5; i++) added.push(String(state.addOrder({ total: '9.00', lines: [{ id: state.id(), sku: 'PIN', title: 'Pin', quantity: 1, price: '9.00' }] }, { silent: true }).id))
        modify(ids.slice(3000, 3001))
      }
    }

    const walk = await h.poll()
    await h.settle()
    expect(walk.pages).toBeGreaterThan(total / 250)

    const created = await h.eventsOf('order.created')
    const createdIds = created.map((e) => e.resource.id)
    expect(createdIds.length, 'one order.created per order').toBe(total + added.length)
    expect(new Set(createdIds)).toEqual(new Set([...ids, ...added]))

    // every order's stored state is the shop's current state: no change was skipped
    const stale: string[] = []
    for (const [id, raw] of state.orders) {
      const stored = (await h.store.getResource('shopify-test', 'order', id))?.entity as Order | undefined
      if (stored?.updatedAt !== normalizeOrder(raw).updatedAt || stored.note !== normalizeOrder(raw).note) stale.push(id)
    }
    expect(stale).toEqual([])
    expect(changed.size, "orders changed mid-walk (ids 50–79 twice)").toBe(211)

    // the next walk starts at walkStart − overlap, finds the same state and fires nothing
    const before = (await h.eventsOf()).length
    h.fake.afterPage = undefined
    state.now += 60_000
    await h.poll()
    await h.settle()
    expect((await h.eventsOf()).length).toBe(before)
    const cursor = (await h.store.getConnection('shopify-test'))?.cursor as Record<string, string>
    expect(cursor.orders, 'the cursor is the walk start on Shopify\'s clock minus 2 minutes').toBe(new Date(Date.parse(new Date(state.now).toUTCString()) - 120_000).toISOString())
    expect(restTime(Date.parse(cursor.orders))).toMatch(/-04:00$/)
  })
})
