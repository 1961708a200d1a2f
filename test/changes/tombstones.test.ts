import { describe, expect, it } from 'vitest'
import { eventId } from '../../core/changes/event-id.js'
import type { FetchResult } from '../../core/sdk/connector.js'
import type { Order } from '../../core/sdk/entities.js'
import type { IncomingItem } from '../../core/store/contract.js'
import { FoldStore } from './fold-store.js'
import { ORDER, pendingOrder, time } from './order-builder.js'

const webhook = (entity: Order): IncomingItem => ({ snapshot: { kind: 'order', entity }, origin: 'webhook' })
const gone = (deletedAt?: string): IncomingItem => ({ gone: { kind: 'order', id: ORDER, ...(deletedAt ? { deletedAt } : {}) }, origin: 'webhook' })
const isGone: FetchResult = { gone: { kind: 'order', id: ORDER } }

describe('deleted resources', () => {
  it('a delete stores a tombstone at the platform delete time and fires order.deleted once', () => {
    const platform = new FoldStore({ fetch: () => isGone })
    platform.apply(webhook(pendingOrder()))
    platform.apply(gone('2024-05-01T12:05:00+02:00'))
    platform.apply(gone('2024-05-01T12:05:00+02:00'))

    const state = platform.state('order', ORDER)
    expect(state).toMatchObject({ entity: null, deletedAt: Date.parse(time('10:05')), contentHash: 'tombstone', versionSeq: 2 })
    expect(platform.types()).toEqual(['order.created', 'order.deleted'])
    expect(platform.list()[1].id).toBe(eventId('shop-main', 'order', ORDER, 'order.deleted', 1))
  })

  it('a delete without a platform time is timed 1 ms after the last version', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply(webhook(pendingOrder({ updatedAt: time('10:05') })))
    platform.apply(gone())
    expect(platform.state('order', ORDER)?.updatedAt).toBe(Date.parse(time('10:05')) + 1)
  })

  it('a delete for a resource never seen, or older than the stored version, is dropped', () => {
    const platform = new FoldStore({ canFetch: false })
    expect(platform.apply(gone(time('10:05')))).toEqual({ action: 'drop', reason: 'unknown-resource' })
    platform.apply(webhook(pendingOrder({ updatedAt: time('10:05') })))
    expect(platform.apply(gone(time('10:01')))).toEqual({ action: 'drop', reason: 'stale' })
    expect(platform.types()).toEqual(['order.created'])
  })

  it('a late update webhook does not resurrect a deleted order (connector with fetch)', () => {
    const platform = new FoldStore({ fetch: () => isGone })
    platform.apply(webhook(pendingOrder()))
    platform.apply(gone(time('10:05')))
    const late = platform.apply(webhook(pendingOrder({ note: 'late edit', updatedAt: time('10:06') })))

    expect(late).toEqual({ action: 'fetch', reason: 'after-tombstone', ref: { kind: 'order', id: ORDER } })
    expect(platform.state('order', ORDER)?.entity).toBeNull()
    expect(platform.types()).toEqual(['order.created', 'order.deleted'])
  })

  it('a late update webhook does not resurrect a deleted order (connector without fetch)', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply(webhook(pendingOrder()))
    platform.apply(gone(time('10:05')))

    expect(platform.apply(webhook(pendingOrder({ note: 'late edit', updatedAt: time('10:06') })))).toEqual({ action: 'drop', reason: 'after-tombstone' })
    expect(platform.apply(webhook(pendingOrder({ note: 'older edit', updatedAt: time('10:04') })))).toEqual({ action: 'drop', reason: 'stale' })
    expect(platform.state('order', ORDER)?.entity).toBeNull()
  })

  it('a restore confirmed by fetch brings the order back without a second order.created', () => {
    const restored = pendingOrder({ tags: ['restored'], updatedAt: time('10:10') })
    const platform = new FoldStore({ fetch: () => ({ kind: 'order', entity: restored }) })
    platform.apply(webhook(pendingOrder({ financialStatus: 'paid' })))
    platform.apply(gone(time('10:05')))
    // e.g. WooCommerce's order.restored: a thin webhook the core resolves through fetch
    platform.apply(webhook(restored))

    expect(platform.state('order', ORDER)).toMatchObject({ entity: restored, deletedAt: null, versionSeq: 3 })
    expect(platform.types()).toEqual(['order.created', 'order.paid', 'order.deleted', 'order.updated'])
    // the restore's changes are against the last live version, not against nothing
    expect(platform.list()[3].changes).toEqual(['financialStatus', 'tags'])

    platform.apply(gone(time('10:20')))
    const deletes = platform.list().filter((event) => event.type === 'order.deleted')
    expect(deletes.map((event) => event.id)).toEqual([
      eventId('shop-main', 'order', ORDER, 'order.deleted', 1),
      eventId('shop-main', 'order', ORDER, 'order.deleted', 2),
    ])
  })
})
