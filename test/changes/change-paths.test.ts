import { describe, expect, it } from 'vitest'
import { diffPaths } from '../../core/changes/diff.js'
import { eventId } from '../../core/changes/event-id.js'
import { contentHash } from '../../core/changes/version.js'
import { ORDER, makeFulfillment, makeRefund, pendingOrder, time } from './order-builder.js'

describe('changes: dotted paths', () => {
  it('records in lines, refunds and fulfillments are addressed by id', () => {
    const before = pendingOrder({ fulfillments: [makeFulfillment('f1')] })
    const after = pendingOrder({
      lines: [pendingOrder().lines[0], { ...pendingOrder().lines[1], quantity: 4 }],
      refunds: [makeRefund('r1')],
      fulfillments: [makeFulfillment('f1', { status: 'delivered', updatedAt: time('11:00') })],
    })
    expect(diffPaths(before, after)).toEqual(['fulfillments.f1.status', 'lines.line-2.quantity', 'refunds.r1'])
  })

  it('a reordered record list is no change, and hashes the same', () => {
    const lines = pendingOrder().lines
    const reordered = pendingOrder({ lines: [lines[1], lines[0]] })
    expect(diffPaths(pendingOrder(), reordered)).toEqual([])
    expect(contentHash(reordered)).toBe(contentHash(pendingOrder()))
  })

  it('tags and nested objects: a list is one value, an object reports its fields', () => {
    const after = pendingOrder({ tags: ['vip'], shippingAddress: { ...pendingOrder().shippingAddress, city: 'Hamburg' } })
    expect(diffPaths(pendingOrder(), after)).toEqual(['shippingAddress.city', 'tags'])
  })

  it('a value appearing or changing type is reported at its own path', () => {
    expect(diffPaths(pendingOrder({ shippingAddress: null }), pendingOrder())).toEqual(['shippingAddress'])
    expect(diffPaths(pendingOrder(), pendingOrder({ checkoutId: 'co1', cancelledAt: null }))).toEqual(['cancelledAt', 'checkoutId'])
  })

  it('only updatedAt moving is no change and no new content hash', () => {
    const touched = pendingOrder({ updatedAt: time('12:00') })
    expect(diffPaths(pendingOrder(), touched)).toEqual([])
    expect(contentHash(touched)).toBe(contentHash(pendingOrder()))
  })
})

describe('event ids', () => {
  it('depend only on connection, resource, type and discriminator', () => {
    const paid = eventId('shop-main', 'order', ORDER, 'order.paid', 1)
    expect(eventId('shop-main', 'order', ORDER, 'order.paid', 1)).toBe(paid)
    expect(paid).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(eventId('shop-main', 'order', ORDER, 'order.paid', 2)).not.toBe(paid)
    expect(eventId('shop-main', 'order', ORDER, 'order.paid', '1')).not.toBe(paid)
    expect(eventId('shop-eu', 'order', ORDER, 'order.paid', 1)).not.toBe(paid)
  })
})
