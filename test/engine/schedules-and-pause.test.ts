import { afterEach, describe, expect, it } from 'vitest'
import { makeOrder } from '../support/entities.js'
import { startHarness, type Harness } from '../support/harness.js'

describe('scheduled rules and paused rules', () => {
  let h: Harness
  afterEach(async () => h?.close())

  const daily = { id: 'daily-tag', on: [{ schedule: '0 9 * * *' }], then: [{ action: 'order.addTags', target: 'shop', params: { orderId: 'order-1001', tags: ['daily-{{schedule.firedAt}}'] } }] }

  it('a scheduled tick runs its steps once, however often it is fired', async () => {
    h = await startHarness({ rules: [daily] })
    h.platform.put(makeOrder())
    const tick = Date.parse('2024-05-02T09:00:00Z')
    expect(await h.engine.fireSchedule('daily-tag', tick)).toBe(true)
    expect(await h.engine.fireSchedule('daily-tag', tick)).toBe(false)
    await h.settle()
    const tags = h.platform.effectsFor('tags')
    expect(tags).toHaveLength(1)
    expect((tags[0].body as { tags: string[] }).tags).toEqual(['daily-2024-05-02T09:00:00.000Z'])
  })

  it('a paused rule records matches as skipped and stays paused across a restart', async () => {
    const tagger = { id: 'tagger', on: ['order.paid'], then: [{ action: 'order.addTags', params: { tags: ['paid'] } }] }
    h = await startHarness({ rules: [tagger], driver: 'sqlite' })
    await h.engine.pause('tagger')
    await h.restart()
    await h.deliver('orders/paid', h.platform.put(makeOrder()))
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(0)
    const [paid] = await h.eventsOf('order.paid')
    expect(paid.trace.skipped).toEqual([{ rule: 'tagger', reason: 'paused' }])
    expect(await h.store.listLedger({}), 'a skipped match writes no ledger row').toHaveLength(0)
    await h.engine.resume('tagger')
    await h.restart()
    await h.deliver('orders/paid', h.platform.put(makeOrder({ id: 'order-2', number: '2' })))
    await h.settle()
    expect(h.platform.effectsFor('tags').map((e) => e.orderId)).toEqual(['order-2'])
  })
})
