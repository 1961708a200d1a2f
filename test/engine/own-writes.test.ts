import { afterEach, describe, expect, it } from 'vitest'
import { makeOrder } from '../support/entities.js'
import { startHarness, type Harness } from '../support/harness.js'

describe("cartwire's own writes and the loop breaker (SEMANTICS.md §12)", () => {
  let h: Harness
  afterEach(async () => h?.close())

  /** The platform's webhook for the order as it holds it now (the echo of whatever was written). */
  const echo = () => h.deliver('orders/updated', h.platform.orders.get('order-1001')!)

  it('the echo of an own write is marked causedBy and rules skip it unless they opt in', async () => {
    h = await startHarness({
      rules: [
        { id: 'tag-on-update', on: ['order.updated'], then: [{ action: 'order.addTags', params: { tags: ['touched'] } }] },
        { id: 'audit-own', on: ['order.updated'], onOwnChanges: true, then: [{ action: 'log', params: { message: 'own change seen' } }] },
      ],
    })
    const order = h.platform.put(makeOrder())
    await h.deliver('orders/create', order)
    await h.deliver('orders/updated', h.platform.put({ ...order, note: 'customer asked for gift wrap', updatedAt: '2024-05-01T10:01:00.000Z' }))
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(1)
    await echo()
    await h.settle()
    const updates = await h.eventsOf('order.updated')
    expect(updates).toHaveLength(2)
    const own = updates[1]
    expect(own.changes).toEqual(['tags'])
    expect(own.causedBy).toBe(h.platform.effectsFor('tags')[0].key)
    expect(own.trace.skipped).toEqual([{ rule: 'tag-on-update', reason: 'own-change' }])
    expect(own.trace.matched).toEqual(['audit-own'])
    expect(h.platform.effectsFor('tags'), 'no second write').toHaveLength(1)
  })

  it('an own status change to cancelled still fires order.cancelled', async () => {
    h = await startHarness({
      rules: [
        { id: 'cancel-fraud', on: ['order.paid'], if: { in: ['fraud', { var: 'order.tags' }] }, then: [{ action: 'order.setStatus', params: { status: 'cancelled' } }] },
        { id: 'on-cancel', on: ['order.cancelled'], then: [{ action: 'log', params: { message: 'cancelled' } }] },
      ],
    })
    await h.deliver('orders/paid', h.platform.put(makeOrder({ tags: ['fraud'] })))
    await h.settle()
    await echo()
    await h.settle()
    const [cancelled] = await h.eventsOf('order.cancelled')
    expect(cancelled.trace.matched).toEqual(['on-cancel'])
  })

  it('a rule that keeps re-triggering itself is stopped by the loop breaker with one ERR_LOOP exception', async () => {
    h = await startHarness({ rules: [{ id: 'noisy', on: ['order.updated'], onOwnChanges: true, then: [{ action: 'order.addNote', params: { note: 'again' } }] }] })
    const order = h.platform.put(makeOrder())
    await h.deliver('orders/create', order)
    await h.deliver('orders/updated', h.platform.put({ ...order, note: 'start', updatedAt: '2024-05-01T10:01:00.000Z' }))
    await h.settle()
    for (let i = 0; i < 12; i++) {
      await echo()
      await h.settle()
    }
    expect(h.platform.effectsFor('note')).toHaveLength(10)
    const loops = await h.store.listExceptions({ kind: 'policy' })
    expect(loops, 'once tripped, the loop has nothing left to echo').toHaveLength(1)
    expect(loops[0]).toMatchObject({ code: 'ERR_LOOP', ruleId: 'noisy' })
    expect((await h.eventsOf('order.updated')).at(-1)!.trace.skipped).toEqual([{ rule: 'noisy', reason: 'loop-breaker' }])
  })
})
