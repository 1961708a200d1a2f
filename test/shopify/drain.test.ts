import { afterEach, describe, expect, it } from 'vitest'
import { CONNECTION, ruleFile, startShopifyHarness, type ShopifyHarness } from '../support/shopify-harness.js'

/** Awaits a condition with a bounded poll (never a fixed sleep). */
async function until(condition: () => boolean, what: string, rounds = 2_000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/**
 * 500 tag writes through Shopify's GraphQL cost bucket (a faster plan than Standard so the test is
 * short; the bucket is the same kind) complete without one failed step, and a poll walk started while
 * they drain completes before they do: actions never starve polling.
 */
describe('Shopify rate limits under a burst of actions', () => {
  let h: ShopifyHarness
  afterEach(async () => h?.close())

  it('500 writes drain with no failed action while a poll walk completes', async () => {
    h = await startShopifyHarness({
      rules: [ruleFile('vip-tag', { sources: [CONNECTION] })],
      fake: { plan: { rest: { leakPerSecond: 20 }, graphql: { max: 1000, restorePerSecond: 1000 } } },
      options: { restLeakPerSecond: 20 },
    })
    const { state } = h.fake
    const vip = state.addCustomer({ email: 'vip@example.com', tags: ['vip'] }, { silent: true })
    const paid = Array.from({ length: 500 }, (_, i) =>
      state.addOrder({ total: '50.00', financialStatus: 'paid', customer: vip, lines: [{ id: state.id(), sku: `SKU-${i}`, title: 'Thing', quantity: 1, price: '50.00' }] }),
    )
    await h.deliverAll(state.outbox.filter((d) => d.topic === 'orders/paid'))

    const drained = h.settle()
    await until(() => h.fake.effectsOf('tagsAdd').length >= 25, 'the first writes')
    const walk = await h.poll()
    const writesWhenWalkDone = h.fake.effectsOf('tagsAdd').length
    await drained
    await h.settle()

    expect(walk.items, 'the walk read every order').toBeGreaterThanOrEqual(500)
    expect(writesWhenWalkDone, 'the walk finished while writes were still draining').toBeLessThan(500)
    expect(await h.store.listExceptions()).toEqual([])
    expect(await h.store.listLedger({ state: 'done', limit: 10_000 })).toHaveLength(500)
    const tagged = h.fake.effectsOf('tagsAdd').map((e) => e.target)
    expect(tagged).toHaveLength(500)
    expect(new Set(tagged)).toEqual(new Set(paid.map((o) => String(o.id))))
    expect([...state.orders.values()].every((o) => o.tags === 'vip-review')).toBe(true)
  })
})
