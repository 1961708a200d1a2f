import { describe, expect, it } from 'vitest'
import { eventId } from '../../core/changes/event-id.js'
import type { Order } from '../../core/sdk/entities.js'
import type { EventType } from '../../core/sdk/events.js'
import type { IncomingItem } from '../../core/store/contract.js'
import { FoldStore } from './fold-store.js'
import { ORDER, makeRefund, pendingOrder, time } from './order-builder.js'

// The connection first started at 09:00 on the test day.
const baselineAt = Date.parse(time('09:00'))
const before = '2024-04-20T08:00:00.000Z'
const poll = (entity: Order): IncomingItem => ({ snapshot: { kind: 'order', entity }, origin: 'poll' })
const webhook = (entity: Order): IncomingItem => ({ snapshot: { kind: 'order', entity }, origin: 'webhook' })
const hint = (type: EventType, id = ORDER): IncomingItem => ({ hint: { type, ref: { kind: 'order', id } }, origin: 'webhook' })
const preExisting = (overrides: Partial<Order> = {}) => pendingOrder({ createdAt: before, updatedAt: time('08:30'), ...overrides })

describe('baseline of a new connection', () => {
  it('1,000 pre-existing orders seen by the first poll walk fire nothing', () => {
    const platform = new FoldStore({ baselineAt, canFetch: false })
    for (let n = 0; n < 1000; n++) {
      const paid = n % 2 === 0
      platform.apply(
        poll(preExisting({
          id: `p${n}`,
          financialStatus: paid ? 'paid' : 'pending',
          refunds: n % 10 === 0 ? [makeRefund(`r${n}`)] : [],
        })),
      )
    }
    expect(platform.events.size).toBe(0)
    expect(platform.states.size).toBe(1000)
  })

  it('an order created after the baseline fires created and the classes it is already in, even in the first walk', () => {
    const platform = new FoldStore({ baselineAt, canFetch: false })
    platform.apply(poll(preExisting({ id: 'old', financialStatus: 'paid' })))
    platform.apply(poll(pendingOrder({ id: 'new', financialStatus: 'paid', createdAt: time('09:30'), updatedAt: time('09:31') })))
    platform.apply(poll(pendingOrder({ id: 'at-baseline', createdAt: time('09:00'), updatedAt: time('09:00') })))

    expect(platform.list().map((event) => [event.resource.id, event.type])).toEqual([
      ['new', 'order.created'],
      ['new', 'order.paid'],
      ['at-baseline', 'order.created'],
    ])
  })

  it('a hint after a silent baseline fires once and only once', () => {
    const platform = new FoldStore({ baselineAt, canFetch: false })
    platform.apply(poll(preExisting({ financialStatus: 'paid' })))

    const fired = platform.apply(hint('order.paid'))
    expect(fired.action === 'events' && fired.events.map((event) => event.id)).toEqual([
      eventId('shop-main', 'order', ORDER, 'order.paid', 1),
    ])
    expect(platform.apply(hint('order.paid'))).toEqual({ action: 'drop', reason: 'hint-used' })
    expect(platform.types()).toEqual(['order.paid'])
  })

  it('a hint is dropped when the stored state is not in its class, or nothing is stored yet', () => {
    const platform = new FoldStore({ baselineAt, canFetch: false })
    expect(platform.apply(hint('order.paid'))).toEqual({ action: 'drop', reason: 'hint-not-in-class' })
    platform.apply(poll(preExisting()))
    expect(platform.apply(hint('order.paid'))).toEqual({ action: 'drop', reason: 'hint-not-in-class' })
    expect(platform.apply(hint('order.refunded'))).toEqual({ action: 'drop', reason: 'hint-not-in-class' })
    expect(platform.events.size).toBe(0)
  })

  it('a hint for a milestone a live observation already fired is used', () => {
    const platform = new FoldStore({ baselineAt, canFetch: false })
    platform.apply(webhook(pendingOrder({ financialStatus: 'paid' })))
    expect(platform.apply(hint('order.paid'))).toEqual({ action: 'drop', reason: 'hint-used' })
  })

  it('later versions of a pre-existing order fire transitions and only new members', () => {
    const platform = new FoldStore({ baselineAt, canFetch: false })
    platform.apply(poll(preExisting({ financialStatus: 'paid', refunds: [makeRefund('r1')] })))
    platform.apply(webhook(preExisting({
      financialStatus: 'partially_refunded',
      fulfillmentStatus: 'fulfilled',
      refunds: [makeRefund('r1'), makeRefund('r2')],
      updatedAt: time('10:00'),
    })))

    expect(platform.list().map((event) => [event.type, event.member?.id])).toEqual([
      ['order.fulfilled', undefined],
      ['order.refunded', 'r2'],
      ['order.updated', undefined],
    ])
    // still paid: staying in a class fires nothing, and the silent baseline counted the first entry
    platform.apply(webhook(preExisting({ financialStatus: 'pending', updatedAt: time('10:10') })))
    platform.apply(webhook(preExisting({ financialStatus: 'paid', updatedAt: time('10:20') })))
    expect(platform.list().filter((event) => event.type === 'order.paid').map((event) => event.id)).toEqual([
      eventId('shop-main', 'order', ORDER, 'order.paid', 2),
    ])
  })
})
