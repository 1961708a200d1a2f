import { describe, expect, it } from 'vitest'
import { makeCheckout, makeInventoryLevel } from '../support/entities.js'
import { FoldStore } from './fold-store.js'
import { time } from './order-builder.js'

describe('other resource kinds', () => {
  it('an inventory level update is named inventory.changed', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply({ snapshot: { kind: 'inventory', entity: makeInventoryLevel() }, origin: 'poll' })
    platform.apply({ snapshot: { kind: 'inventory', entity: makeInventoryLevel({ available: 11, updatedAt: time('10:01') }) }, origin: 'poll' })

    expect(platform.list().map((event) => [event.type, event.changes])).toEqual([
      ['inventory.created', []],
      ['inventory.changed', ['available']],
    ])
  })

  it('a checkout fires checkout.completed when it gets a completion time', () => {
    const platform = new FoldStore({ canFetch: false })
    platform.apply({ snapshot: { kind: 'checkout', entity: makeCheckout() }, origin: 'webhook' })
    const completed = makeCheckout({ completedAt: time('10:05'), orderId: 'order-1001', updatedAt: time('10:05') })
    platform.apply({ snapshot: { kind: 'checkout', entity: completed }, origin: 'webhook' })

    expect(platform.types()).toEqual(['checkout.created', 'checkout.completed', 'checkout.updated'])
  })
})
