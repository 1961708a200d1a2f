import { afterEach, describe, expect, it } from 'vitest'
import { makeOrder } from '../support/entities.js'
import { startHarness, type Harness } from '../support/harness.js'

const MINUTE = 60_000

const reminder = (after: object[] = [{ id: 'still-open', if: { '==': [{ var: 'order.fulfillmentStatus' }, 'unfulfilled'] } }, { id: 'ping', action: 'order.addTags', params: { tags: ['stale'] } }]) => ({
  id: 'remind-unfulfilled',
  on: ['order.paid'],
  then: [{ id: 'flag', action: 'order.addNote', params: { note: 'Paid' } }, { id: 'settle', wait: '30m' }, ...after],
})

describe('durable waits', () => {
  let h: Harness
  afterEach(async () => h?.close())


  it('a wait resumes after a restart at the right time, not before', async () => {
    h = await startHarness({ rules: [reminder()], driver: 'sqlite' })
    await h.paidOrder()
    expect(h.platform.effectsFor('note')).toHaveLength(1)
    const [timer] = await h.store.listTimers()
    expect(timer.dueAt).toBe(h.clock.now() + 30 * MINUTE)
    await h.restart()
    h.clock.advance(30 * MINUTE - 1)
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(0)
    h.clock.advance(1)
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(1)
    expect(h.platform.effectsFor('note'), 'the step before the wait is not repeated').toHaveLength(1)
    expect(await h.store.listTimers()).toHaveLength(0)
  })

  it('after a wait the entity is re-read: a change no webhook reported ends the run at the gate', async () => {
    h = await startHarness({ rules: [reminder()] })
    await h.paidOrder()
    const order = h.platform.orders.get('order-1001')!
    order.fulfillmentStatus = 'fulfilled'
    order.updatedAt = '2024-05-01T10:20:00.000Z'
    h.clock.advance(30 * MINUTE)
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(0)
    const [run] = await h.store.listRuns({})
    expect(run).toMatchObject({ state: 'ended', outcome: 'condition-false: still-open' })
    expect((await h.eventsOf('order.fulfilled')).length, 'the re-read went through change detection').toBe(1)
  })

  it('a resource gone during the wait ends the run as gone', async () => {
    h = await startHarness({ rules: [reminder()] })
    await h.paidOrder()
    h.platform.orders.delete('order-1001')
    h.clock.advance(30 * MINUTE)
    await h.settle()
    expect((await h.store.listRuns({}))[0]).toMatchObject({ state: 'ended', outcome: 'gone' })
  })

  it('a rule edited during the wait resumes under the new file at the step after the wait id', async () => {
    h = await startHarness({ rules: [reminder()], driver: 'sqlite' })
    await h.paidOrder()
    await h.restart([reminder([{ id: 'escalate', action: 'order.addTags', params: { tags: ['escalated'] } }])])
    h.clock.advance(30 * MINUTE)
    await h.settle()
    const [tags] = h.platform.effectsFor('tags')
    expect((tags.body as { tags: string[] }).tags).toEqual(['escalated'])
  })

  it('a rule whose wait id was removed during the wait ends the run "cancelled: rule changed"', async () => {
    h = await startHarness({ rules: [reminder()], driver: 'sqlite' })
    await h.paidOrder()
    const edited = { ...reminder(), then: [{ id: 'flag', action: 'order.addNote', params: { note: 'Paid' } }, { id: 'hold', wait: '1h' }] }
    await h.restart([edited])
    h.clock.advance(30 * MINUTE)
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(0)
    expect((await h.store.listRuns({}))[0]).toMatchObject({ state: 'ended', outcome: 'cancelled: rule changed' })
  })

  it('disabling a rule cancels its waiting runs; pausing keeps them until resumed', async () => {
    h = await startHarness({ rules: [reminder()], driver: 'sqlite' })
    await h.paidOrder()
    await h.engine.pause('remind-unfulfilled')
    h.clock.advance(30 * MINUTE)
    await h.settle()
    expect((await h.store.listRuns({}))[0].state).toBe('waiting')
    await h.engine.resume('remind-unfulfilled')
    h.clock.advance(2 * MINUTE)
    await h.settle()
    expect(h.platform.effectsFor('tags')).toHaveLength(1)

    const second = makeOrder({ id: 'order-1002', number: '1002' })
    h.platform.put(second)
    await h.deliver('orders/paid', second)
    await h.settle()
    await h.restart([{ ...reminder(), enabled: false }])
    h.clock.advance(30 * MINUTE)
    await h.settle()
    const run = (await h.store.listRuns({})).find((r) => r.eventId !== undefined && r.state !== 'done')!
    expect(run).toMatchObject({ state: 'ended', outcome: 'cancelled: rule disabled' })
  })
})
