import { describe, expect, it } from 'vitest'
import type { Order } from '../../core/sdk/entities.js'
import type { IncomingItem } from '../../core/store/contract.js'
import { FoldStore } from './fold-store.js'
import { ORDER, pendingOrder, time } from './order-builder.js'

const webhook = (entity: Order): IncomingItem => ({ snapshot: { kind: 'order', entity }, origin: 'webhook' })

describe('versions inside one platform second', () => {
  // The platform stamps updatedAt with second precision: two real edits get the same updatedAt.
  const first = pendingOrder({ updatedAt: time('10:00:07') })
  const second = pendingOrder({ tags: ['vip'], updatedAt: time('10:00:07') })

  it('two real changes inside one second are both seen: the tie is resolved by fetch and stored', () => {
    const platform = new FoldStore({ fetch: () => ({ kind: 'order', entity: second }) })
    platform.apply(webhook(first))
    const tie = platform.apply(webhook(second))

    expect(tie).toEqual({ action: 'fetch', reason: 'tie', ref: { kind: 'order', id: ORDER } })
    expect(platform.types()).toEqual(['order.created', 'order.updated'])
    expect(platform.list()[1].changes).toEqual(['tags'])
    expect(platform.order()?.tags).toEqual(['vip'])
    expect(platform.state('order', ORDER)?.versionSeq).toBe(2)
  })

  it('an older payload of the same second arriving last does not overwrite the current state', () => {
    const platform = new FoldStore({ fetch: () => ({ kind: 'order', entity: second }) })
    platform.apply(webhook(second))
    platform.apply(webhook(first))

    expect(platform.trail.map((entry) => entry.derivation.action)).toEqual(['store', 'fetch', 'drop'])
    expect(platform.types()).toEqual(['order.created'])
    expect(platform.order()?.tags).toEqual(['vip'])
  })

  it('a connector without fetch keeps the later-received payload and counts version_tie', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply(webhook(first))
    const kept = platform.apply(webhook(second))

    expect(kept.action === 'store' && kept.counters).toEqual(['version_tie'])
    expect(platform.order()?.tags).toEqual(['vip'])
    expect(platform.types()).toEqual(['order.created', 'order.updated'])
  })

  it('a tie without fetch never moves the order back out of a milestone class', () => {
    const paid = pendingOrder({ financialStatus: 'paid', updatedAt: time('10:00:07') })
    const laggingPayload = pendingOrder({ financialStatus: 'pending', note: 'gift', updatedAt: time('10:00:07') })
    const later = pendingOrder({ financialStatus: 'paid', note: 'gift', updatedAt: time('10:01') })
    const platform = new FoldStore({ canFetch: false })
    platform.apply(webhook(paid))
    platform.apply(webhook(laggingPayload))

    expect(platform.state('order', ORDER)?.milestones['order.paid']).toEqual({ count: 1, inClass: true })
    platform.apply(webhook(later))
    expect(platform.types().filter((type) => type === 'order.paid')).toHaveLength(1)
  })

  it('the same payload again is a duplicate and an older one is stale, whatever carried it', () => {
    const platform = new FoldStore({ canFetch: true, fetch: () => ({ kind: 'order', entity: second }) })
    platform.apply(webhook(pendingOrder({ updatedAt: time('10:05') })))

    expect(platform.apply(webhook(pendingOrder({ updatedAt: time('10:05') })))).toEqual({ action: 'drop', reason: 'duplicate' })
    expect(platform.apply({ snapshot: { kind: 'order', entity: first }, origin: 'fetch' })).toEqual({ action: 'drop', reason: 'stale' })
    expect(platform.apply({ snapshot: { kind: 'order', entity: first }, origin: 'wait' })).toEqual({ action: 'drop', reason: 'stale' })
    expect(platform.types()).toEqual(['order.created'])
  })

  it('a version where only updatedAt moved is stored but fires no update', () => {
    const platform = new FoldStore()
    platform.apply(webhook(pendingOrder()))
    const touched = platform.apply(webhook(pendingOrder({ updatedAt: time('10:09') })))

    expect(touched.action === 'store' && touched.events).toEqual([])
    expect(platform.state('order', ORDER)?.updatedAt).toBe(Date.parse(time('10:09')))
  })

  it('timestamps are compared as instants, not strings', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply(webhook(pendingOrder({ updatedAt: '2024-05-01T12:00:00+02:00' })))
    // 10:30Z is later than 12:00+02:00 (10:00Z), although "…T10:30" < "…T12:00" as text
    const later = platform.apply(webhook(pendingOrder({ note: 'later', updatedAt: time('10:30') })))
    expect(later.action).toBe('store')
  })
})

describe('normalizer version change', () => {
  const v1 = pendingOrder({ updatedAt: time('10:05') })
  // normalizer 2 adds `cancelledAt` (and a field inside customer)
  const customerWithLocale = { ...pendingOrder().customer!, locale: 'de' }
  const normalized = (overrides: Partial<Order>) => pendingOrder({ cancelledAt: null, customer: customerWithLocale, ...overrides })

  it('fields the new normalizer adds are not reported; with nothing else changed it stores silently', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply(webhook(v1))
    const upgraded = platform.apply({ snapshot: { kind: 'order', entity: normalized({ updatedAt: time('10:06') }), normalizerVersion: 2 }, origin: 'poll' })

    expect(upgraded.action === 'store' && upgraded.events).toEqual([])
    expect(platform.state('order', ORDER)?.normalizerVersion).toBe(2)
  })

  it('a real change alongside added fields reports only the real change', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply(webhook(v1))
    platform.apply({ snapshot: { kind: 'order', entity: normalized({ note: 'ring twice', updatedAt: time('10:06') }), normalizerVersion: 2 }, origin: 'poll' })

    const update = platform.list().find((event) => event.type === 'order.updated')
    expect(update?.changes).toEqual(['note'])
  })

  it('the same platform version normalized anew is not a tie', () => {
    const platform = new FoldStore({ canFetch: true, fetch: () => ({ kind: 'order', entity: v1 }) })
    platform.apply(webhook(v1))
    const renormalized = platform.apply({ snapshot: { kind: 'order', entity: normalized({ updatedAt: time('10:05') }), normalizerVersion: 2 }, origin: 'webhook' })

    expect(renormalized.action).toBe('store')
    expect(platform.types()).toEqual(['order.created'])
  })
})
