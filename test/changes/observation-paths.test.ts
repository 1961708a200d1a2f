import { describe, expect, it } from 'vitest'
import { eventId } from '../../core/changes/event-id.js'
import { memberHash } from '../../core/changes/version.js'
import type { Order } from '../../core/sdk/entities.js'
import type { EventType } from '../../core/sdk/events.js'
import type { Derivation, IncomingItem } from '../../core/store/contract.js'
import { FoldStore } from './fold-store.js'
import { ORDER, makeFulfillment, makeRefund, pendingOrder, time } from './order-builder.js'

// One order's history on the platform: created unpaid → paid → partially fulfilled (f1) → refund r1 →
// fulfilled (f2 shipped, f1 delivered).
const f1 = makeFulfillment('f1')
const f1Delivered = makeFulfillment('f1', { status: 'delivered', updatedAt: time('10:30') })
const f2 = makeFulfillment('f2', { lines: [{ lineId: 'line-2', quantity: 1 }], createdAt: time('10:30'), updatedAt: time('10:30') })
const r1 = makeRefund('r1')

const history: Order[] = [
  pendingOrder(),
  pendingOrder({ financialStatus: 'paid', updatedAt: time('10:05') }),
  pendingOrder({ financialStatus: 'paid', fulfillmentStatus: 'partially_fulfilled', fulfillments: [f1], updatedAt: time('10:10') }),
  pendingOrder({
    financialStatus: 'partially_refunded',
    fulfillmentStatus: 'partially_fulfilled',
    fulfillments: [f1],
    refunds: [r1],
    updatedAt: time('10:20'),
  }),
  pendingOrder({
    financialStatus: 'partially_refunded',
    fulfillmentStatus: 'fulfilled',
    // the platform lists members in another order than before: not a change
    fulfillments: [f2, f1Delivered],
    refunds: [r1],
    updatedAt: time('10:30'),
  }),
]

const webhook = (n: number): IncomingItem => ({ snapshot: { kind: 'order', entity: history[n - 1] }, origin: 'webhook' })
const poll = (n: number): IncomingItem => ({ snapshot: { kind: 'order', entity: history[n - 1] }, origin: 'poll' })
const hint = (type: EventType): IncomingItem => ({ hint: { type, ref: { kind: 'order', id: ORDER } }, origin: 'webhook' })

const observations: Array<{ name: string; items: IncomingItem[]; storedVersions: number }> = [
  {
    name: 'all webhooks in order (with their topic hints)',
    items: [webhook(1), hint('order.created'), webhook(2), hint('order.paid'), webhook(3), webhook(4), hint('order.refunded'), webhook(5), hint('order.fulfilled')],
    storedVersions: 5,
  },
  {
    name: 'webhooks reordered and duplicated',
    items: [webhook(2), webhook(1), webhook(4), webhook(4), webhook(3), hint('order.paid'), webhook(5), webhook(5), webhook(2)],
    storedVersions: 3,
  },
  { name: 'poll only, skipping intermediate states', items: [poll(1), poll(3), poll(5), poll(5)], storedVersions: 3 },
  { name: 'poll plus late stale webhooks', items: [poll(1), poll(3), poll(5), webhook(4), webhook(2)], storedVersions: 3 },
]

const id = (type: EventType, discriminator: string | number) => eventId('shop-main', 'order', ORDER, type, discriminator)
const expectedMilestonesAndMembers = [
  id('order.created', 1),
  id('order.paid', 1),
  id('order.fulfilled', 1),
  id('order.refunded', 'r1'),
  id('shipment.created', 'f1'),
  id('shipment.updated', `f1:${memberHash(f1Delivered)}`),
  id('shipment.delivered', 'f1'),
  id('shipment.created', 'f2'),
].sort()

const updateTypes = new Set(['order.updated'])

function observe(items: IncomingItem[]): FoldStore {
  const store = new FoldStore({ canFetch: true, fetch: () => ({ kind: 'order', entity: history[history.length - 1] }) })
  for (const item of items) store.apply(item)
  return store
}

describe('one order history observed four ways', () => {
  it.each(observations)('$name: derives the same milestone and member event ids', ({ items }) => {
    const store = observe(items)
    const ids = store.list().filter((event) => !updateTypes.has(event.type)).map((event) => event.id)
    expect(ids.sort()).toEqual(expectedMilestonesAndMembers)
  })

  it.each(observations)('$name: one update per stored version, none for stale or duplicate input', ({ items, storedVersions }) => {
    const store = observe(items)
    const stored = store.trail.filter((entry) => entry.derivation.action === 'store')
    expect(stored).toHaveLength(storedVersions)
    for (const entry of store.trail) {
      if (entry.derivation.action === 'drop') expect(entry.derivation.reason).toMatch(/^(stale|duplicate|hint-used|hint-not-in-class)$/)
      if (entry.derivation.action !== 'store') expect('events' in entry.derivation ? entry.derivation.events : []).toEqual([])
    }
    const updates = store.list().filter((event) => updateTypes.has(event.type))
    expect(updates).toHaveLength(storedVersions - 1)
    for (const update of updates) expect(update.changes.length).toBeGreaterThan(0)
    expect(store.state('order', ORDER)?.entity).toEqual(history[4])
  })

  it('a milestone reached by skipping an intermediate state is the same event as the step-by-step one', () => {
    const stepwise = observe([webhook(1), webhook(2)]).list().find((event) => event.type === 'order.paid')
    const skipped = observe([poll(1), poll(5)]).list().find((event) => event.type === 'order.paid')
    expect(skipped?.id).toBe(stepwise?.id)
  })

  it('events of one derivation come in order: created, milestones, members, update', () => {
    const milestonesThenMembers = ['order.paid', 'order.fulfilled', 'order.refunded', 'shipment.created', 'shipment.delivered', 'shipment.created']
    const typesOf = (derivation: Derivation) => (derivation.action === 'store' ? derivation.events.map((event) => event.type) : [])

    expect(typesOf(observe([poll(1), poll(5)]).trail[1].derivation)).toEqual([...milestonesThenMembers, 'order.updated'])
    expect(typesOf(observe([poll(5)]).trail[0].derivation)).toEqual(['order.created', ...milestonesThenMembers])
  })
})
