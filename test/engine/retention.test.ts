import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../../core/config/load-config.js'
import { startHarness, type Harness } from '../support/harness.js'

const DAY = 86_400_000

describe('retention', () => {
  let h: Harness
  afterEach(async () => h?.close())

  it('a config whose events outlive their ledger rows is refused', () => {
    expect(() => parseConfig({ retention: { events: '90d', ledger: '30d' } }, 'automation.config.ts')).toThrow(/retention.events: 90d is longer than retention.ledger/)
  })

  it('prune removes events and finished ledger rows past retention, keeping the latest state and open exceptions', async () => {
    h = await startHarness({
      rules: [{ id: 'tag', on: ['order.paid'], then: [{ id: 'tag', action: 'order.addTags', params: { tags: ['paid'] } }] }],
      config: { retention: { events: '7d', ledger: '14d' } },
    })
    await h.paidOrder()
    h.platform.failNext({ path: '/orders/order-2/tags', status: 400, times: 1 })
    await h.paidOrder({ id: 'order-2', number: '2' })
    expect(await h.store.listExceptions({ state: 'open' })).toHaveLength(1)
    h.clock.advance(15 * DAY)
    const removed = await h.engine.prune()
    expect(removed.events).toBeGreaterThan(0)
    expect(removed.ledger).toBe(1)
    const events = await h.eventsOf()
    expect(events.every((e) => e.resource.id === 'order-2'), 'only what the open exception references is kept').toBe(true)
    expect(await h.store.getResource('shop', 'order', 'order-1001'), 'the latest state is always kept').toBeDefined()
    expect(await h.store.listExceptions({ state: 'open' })).toHaveLength(1)
  })
})
