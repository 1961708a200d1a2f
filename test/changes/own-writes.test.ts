import { describe, expect, it } from 'vitest'
import type { Order } from '../../core/sdk/entities.js'
import type { IncomingItem } from '../../core/store/contract.js'
import { UNIFIED_ACTIONS } from '../../core/model/unified-actions.js'
import { FoldStore } from './fold-store.js'
import { pendingOrder, time } from './order-builder.js'

const webhook = (entity: Order): IncomingItem => ({ snapshot: { kind: 'order', entity }, origin: 'webhook' })

function withOrder(entity: Order): FoldStore {
  const platform = new FoldStore({ canFetch: false })
  platform.apply(webhook(entity))
  return platform
}

const lastUpdate = (platform: FoldStore) => platform.list().filter((event) => event.type === 'order.updated').at(-1)

describe('own writes', () => {
  it('the echo of our own add-tags marks the update causedBy the ledger key', () => {
    const platform = withOrder(pendingOrder({ tags: ['wholesale'] }))
    platform.ownWrites = [{ key: 'key-tags', effect: [{ path: 'tags', includes: ['vip'] }], at: 1 }]
    platform.apply(webhook(pendingOrder({ tags: ['wholesale', 'vip'], updatedAt: time('10:01') })))

    expect(lastUpdate(platform)).toMatchObject({ changes: ['tags'], causedBy: 'key-tags' })
  })

  it('a person editing another field in the same version makes the update not ours', () => {
    const platform = withOrder(pendingOrder({ tags: ['wholesale'] }))
    platform.ownWrites = [{ key: 'key-tags', effect: [{ path: 'tags', includes: ['vip'] }], at: 1 }]
    platform.apply(webhook(pendingOrder({ tags: ['wholesale', 'vip'], note: 'call first', updatedAt: time('10:01') })))

    expect(lastUpdate(platform)?.changes).toEqual(['note', 'tags'])
    expect(lastUpdate(platform)?.causedBy).toBeUndefined()
  })

  it('a tag a person removed alongside our added tag is not explained by our write', () => {
    const platform = withOrder(pendingOrder({ tags: ['wholesale'] }))
    platform.ownWrites = [{ key: 'key-tags', effect: [{ path: 'tags', includes: ['vip'] }], at: 1 }]
    platform.apply(webhook(pendingOrder({ tags: ['vip'], updatedAt: time('10:01') })))

    expect(lastUpdate(platform)?.causedBy).toBeUndefined()
  })

  it('our own cancel is still an order.cancelled; only its update is marked', () => {
    const platform = withOrder(pendingOrder())
    platform.ownWrites = [{ key: 'key-cancel', effect: [{ path: 'status', equals: 'cancelled' }], at: 5 }]
    platform.apply(webhook(pendingOrder({ status: 'cancelled', updatedAt: time('10:02') })))

    const [cancelled, update] = platform.list().slice(1)
    expect(cancelled.type).toBe('order.cancelled')
    expect(cancelled.causedBy).toBeUndefined()
    expect(update).toMatchObject({ type: 'order.updated', changes: ['status'], causedBy: 'key-cancel' })
  })

  it("a platform's own bookkeeping of our status change (raw status, cancel stamp) is explained with it", () => {
    const setStatus = UNIFIED_ACTIONS['order.setStatus'].effect({ status: 'cancelled' })
    const platform = withOrder(pendingOrder())
    platform.ownWrites = [{ key: 'key-cancel', effect: setStatus, at: 5 }]
    platform.apply(webhook(pendingOrder({ status: 'cancelled', rawStatus: 'cancelled', cancelledAt: time('10:02'), updatedAt: time('10:02') })))
    expect(lastUpdate(platform)).toMatchObject({ changes: ['cancelledAt', 'rawStatus', 'status'], causedBy: 'key-cancel' })
  })

  it('bookkeeping fields alone are not explained: a person changing only the raw status is not our echo', () => {
    const setStatus = UNIFIED_ACTIONS['order.setStatus'].effect({ status: 'cancelled' })
    const platform = withOrder(pendingOrder())
    platform.ownWrites = [{ key: 'key-cancel', effect: setStatus, at: 5 }]
    platform.apply(webhook(pendingOrder({ rawStatus: 'awaiting-pickup', updatedAt: time('10:02') })))
    expect(lastUpdate(platform)?.changes).toEqual(['rawStatus'])
    expect(lastUpdate(platform)?.causedBy).toBeUndefined()
  })

  it('two writes echoed in one version mark it with the most recent key', () => {
    const platform = withOrder(pendingOrder())
    platform.ownWrites = [
      { key: 'key-note', effect: [{ path: 'note', includes: ['#cw-1'] }], at: 20 },
      { key: 'key-tags', effect: [{ path: 'tags', includes: ['vip'] }], at: 10 },
    ]
    platform.apply(webhook(pendingOrder({ tags: ['vip'], note: 'packed #cw-1', updatedAt: time('10:03') })))

    expect(lastUpdate(platform)).toMatchObject({ changes: ['note', 'tags'], causedBy: 'key-note' })
  })

  it('an effect on a record covers the fields under it', () => {
    const platform = withOrder(pendingOrder())
    platform.ownWrites = [{ key: 'key-qty', effect: [{ path: 'lines.line-1.quantity', equals: 3 }], at: 1 }]
    const lines = pendingOrder().lines.map((line) => (line.id === 'line-1' ? { ...line, quantity: 3 } : line))
    platform.apply(webhook(pendingOrder({ lines, updatedAt: time('10:04') })))

    expect(lastUpdate(platform)).toMatchObject({ changes: ['lines.line-1.quantity'], causedBy: 'key-qty' })
  })
})
