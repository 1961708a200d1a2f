import { describe, expect, it } from 'vitest'
import { authorize } from '../../plugins/woocommerce/auth.js'
import { WooFake } from '../fakes/woocommerce/server.js'
import { wooHarnesses } from '../support/woocommerce-harness.js'

/**
 * The polling backstop over many orders (SEMANTICS.md §11): the first walk after baseline fires each
 * order.created exactly once and skips none, while records change in the middle of the walk.
 */
const ORDERS = 2_000
const BURST = { from: 600, to: 850 } // 250 orders created within one second: more than a page shares a timestamp

/** 2,000 checkouts: three per second, except a burst of 250 in a single second. */
function seed(fake: WooFake, tick: (ms: number) => void): number[] {
  const ids: number[] = []
  for (let i = 0; i < ORDERS; i++) {
    if ((i < BURST.from || i >= BURST.to) && i % 3 === 0) tick(1000)
    ids.push(fake.createOrder({ status: i % 5 === 0 ? 'pending' : 'processing' }).id)
  }
  return ids
}

/**
 * While a client walks /orders, merchants keep working: after the 2nd, 5th and 9th list request a
 * second passes and 40 orders change — some already read, some in the burst, some not reached yet —
 * which moves them to the end of a modified-ascending list.
 */
function modifyDuringWalk(fake: WooFake, ids: number[]): Set<number> {
  const changed = new Set<number>()
  const batches: Record<number, number[]> = { 2: [...ids.slice(0, 20), ...ids.slice(1500, 1520)], 5: [...ids.slice(100, 110), ...ids.slice(300, 330)], 8: [...ids.slice(BURST.from, BURST.from + 30), ...ids.slice(BURST.to - 10, BURST.to)] }
  let lists = 0
  fake.onList = (path) => {
    if (path !== '/orders') return
    const batch = batches[++lists]
    if (!batch) return
    fake.advance(1000)
    for (const id of batch) {
      fake.updateOrder(id, (o) => (o.customerNote = `changed after list ${lists}`))
      changed.add(id)
    }
  }
  return changed
}

describe('WooCommerce polling walk', () => {
  const start = wooHarnesses()

  it('fires each order.created exactly once over 2,000 new orders while records change mid-walk', async () => {
    const h = await start({ options: { pollProducts: false } })
    const ids = seed(h.fake, (ms) => h.advance(ms))
    const changed = modifyDuringWalk(h.fake, ids)

    const walkStart = h.fake.now
    const walk = await h.poll()
    await h.settle()

    expect(walk.pages).toBeGreaterThan(ORDERS / 100)
    const created = await h.eventsOf('order.created')
    expect(created).toHaveLength(ORDERS)
    expect(new Set(created.map((e) => e.resource.id))).toEqual(new Set(ids.map(String)))
    expect(await h.eventsOf('order.paid')).toHaveLength(ORDERS - ORDERS / 5)
    expect(changed.size).toBe(120)
    for (const id of changed) {
      const stored = await h.store.getResource('woo-main', 'order', String(id))
      expect(stored?.entity, `order ${id} ends in its latest state`).toMatchObject({ note: expect.stringMatching(/^changed after list \d$/) })
    }
    const listed = h.fake.requests.filter((r) => r.path === '/orders')
    expect(listed[0].query).toMatchObject({ orderby: 'modified', order: 'asc', per_page: '100', dates_are_gmt: 'true' })
    expect(listed.every((r) => r.query.page === undefined), 'seek, not page numbers').toBe(true)
    // inside the burst the walk needed offsets, and the change after the 8th list moved records it had read there
    const restarted = listed.some((r, i) => i > 0 && r.query.offset === undefined && listed[i - 1].query.offset !== undefined && r.query.modified_after === listed[i - 1].query.modified_after)
    expect(restarted, 'the tied second was read again from its start').toBe(true)
    expect((await h.store.getConnection('woo-main'))?.cursor).toEqual({ orders: new Date(walkStart - 120_000).toISOString().slice(0, 19) })

    // the next walk starts at walkStart − overlap: nothing new fires, and a change no webhook reported is found
    h.fake.onList = undefined
    h.advance(10 * 60_000)
    expect(await h.poll()).toMatchObject({ items: expect.any(Number) })
    await h.settle()
    expect(await h.eventsOf('order.created')).toHaveLength(ORDERS)
    h.advance(60_000)
    h.fake.setOrderStatus(ids[42], 'completed')
    await h.poll()
    await h.settle()
    const fulfilled = await h.eventsOf('order.fulfilled')
    expect(fulfilled.map((e) => e.resource.id)).toEqual([String(ids[42])])
  })

  it('control: the same changes make a page-numbered walk skip orders (the drift the seek walk avoids)', async () => {
    const fake = await new WooFake().start()
    try {
      const ids = seed(fake, (ms) => fake.advance(ms))
      modifyDuringWalk(fake, ids)
      const seen = new Set<number>()
      for (let page = 1, pages = 1; page <= pages; page++) {
        const query = { modified_after: '2024-05-01T00:00:00', dates_are_gmt: 'true', orderby: 'modified', order: 'asc', per_page: '100', page: String(page) }
        const signed = authorize('GET', new URL(`${fake.url}/wp-json/wc/v3/orders`), query, { consumerKey: fake.consumerKey, consumerSecret: fake.consumerSecret, queryStringAuth: false }, fake.now)
        const res = await fetch(signed.url)
        expect(res.status).toBe(200)
        pages = Number(res.headers.get('x-wp-totalpages'))
        for (const o of (await res.json()) as Array<{ id: number }>) seen.add(o.id)
      }
      expect(seen.size).toBeLessThan(ORDERS)
    } finally {
      await fake.stop()
    }
  })
})
