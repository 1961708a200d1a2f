import { describe, expect, it } from 'vitest'
import { contextHasPath } from '../../core/model/context-paths.js'
import { diffPaths } from '../../core/changes/diff.js'
import { ownWriteKey } from '../../core/changes/own-writes.js'
import { actionSchema, unifiedActionNames } from '../../core/model/schemas.js'
import { UNIFIED_ACTIONS } from '../../core/model/unified-actions.js'
import type { Entity } from '../../core/sdk/entities.js'
import type { EventType } from '../../core/sdk/events.js'
import { T1, makeInventoryLevel, makeOrder, makeProduct, makeShipment, money } from '../support/entities.js'

const effect = (action: string, params: object) => UNIFIED_ACTIONS[action].effect(params)

describe('the unified action table and schemas/actions agree', () => {
  it('has exactly the actions whose schema names a resource, with that resource kind', () => {
    expect(Object.keys(UNIFIED_ACTIONS).sort()).toEqual(unifiedActionNames())
    for (const [name, action] of Object.entries(UNIFIED_ACTIONS)) expect(action.kind, name).toBe(actionSchema(name)!['x-cartwire-resource'])
  })

  it('an action acts on the event’s order exactly when its params take an orderId', () => {
    for (const [name, action] of Object.entries(UNIFIED_ACTIONS)) {
      const takesOrderId = 'orderId' in (actionSchema(name)!.properties as object)
      expect(Boolean(action.needsOrderId), name).toBe(takesOrderId)
    }
  })

  it.each(Object.keys(UNIFIED_ACTIONS))('%s: every effect of its documented examples names a field of the entity', (name) => {
    const { kind, effect: effectOf } = UNIFIED_ACTIONS[name]
    const updated = `${kind === 'inventory' ? 'inventory.changed' : `${kind}.updated`}` as EventType
    const examples = (actionSchema(name)!.examples as object[]).filter((e) => !JSON.stringify(e).includes('{{'))
    expect(examples.length).toBeGreaterThan(0)
    for (const example of examples) for (const e of effectOf(example)) expect(contextHasPath(updated, `event.data.${e.path}`), e.path).toBe(true)
  })
})

/** What change detection decides for an echo: the key of the write that explains it, or undefined. */
function echoOf(action: string, params: object, before: Entity, after: Entity): string | undefined {
  return ownWriteKey(diffPaths(before, after), before, after, [{ key: 'step-key', effect: effect(action, params), at: 1 }])
}

describe('the echo of an own write (judged by core/changes/own-writes.ts)', () => {
  it('order.addTags: an echo adding exactly the trimmed tags is ours; one that also lost a tag is not', () => {
    expect(effect('order.addTags', { tags: [' vip-review '] })).toEqual([{ path: 'tags', includes: ['vip-review'] }])
    const before = makeOrder({ tags: ['wholesale'] })
    expect(echoOf('order.addTags', { tags: [' vip-review '] }, before, makeOrder({ tags: ['wholesale', 'vip-review'], updatedAt: T1 }))).toBe('step-key')
    expect(echoOf('order.addTags', { tags: ['vip-review'] }, before, makeOrder({ tags: ['vip-review'], updatedAt: T1 }))).toBeUndefined()
  })

  it('order.addNote: the note gains the text and keeps what was there', () => {
    const before = makeOrder({ note: 'Gift wrap' })
    expect(echoOf('order.addNote', { note: 'Large order' }, before, makeOrder({ note: 'Gift wrap\n\nLarge order', updatedAt: T1 }))).toBe('step-key')
    expect(echoOf('order.addNote', { note: 'Large order' }, before, makeOrder({ note: 'Large order', updatedAt: T1 }))).toBeUndefined()
  })

  it('order.setStatus, product.setStatus, inventory.set: the field equals the param', () => {
    expect(echoOf('order.setStatus', { status: 'on_hold' }, makeOrder(), makeOrder({ status: 'on_hold', updatedAt: T1 }))).toBe('step-key')
    expect(echoOf('order.setStatus', { status: 'on_hold' }, makeOrder(), makeOrder({ status: 'completed', updatedAt: T1 }))).toBeUndefined()
    expect(echoOf('product.setStatus', { status: 'archived' }, makeProduct(), makeProduct({ status: 'archived', updatedAt: T1 }))).toBe('step-key')
    expect(echoOf('inventory.set', { sku: 'TSHIRT-M', available: 7 }, makeInventoryLevel(), makeInventoryLevel({ available: 7, updatedAt: T1 }))).toBe('step-key')
    expect(echoOf('inventory.set', { sku: 'TSHIRT-M', available: 7 }, makeInventoryLevel(), makeInventoryLevel({ available: 6, updatedAt: T1 }))).toBeUndefined()
  })

  it('where the outcome is the platform’s to choose, the field is claimed but the echo fires as an update', () => {
    const priced = makeProduct({ variants: [{ id: 'variant-1', sku: 'TSHIRT-M', price: money('15.00') }], updatedAt: T1 })
    expect(effect('product.setPrice', { sku: 'TSHIRT-M', price: '15.00' })).toEqual([{ path: 'variants' }])
    expect(echoOf('product.setPrice', { sku: 'TSHIRT-M', price: '15.00' }, makeProduct(), priced)).toBeUndefined()
    const shipped = makeOrder({ fulfillmentStatus: 'fulfilled', fulfillments: [makeShipment()], updatedAt: T1 })
    expect(effect('fulfillment.create', {}).map((e) => e.path)).toEqual(['fulfillments', 'fulfillmentStatus'])
    expect(echoOf('fulfillment.create', {}, makeOrder(), shipped)).toBeUndefined()
    expect(echoOf('order.removeTags', { tags: ['a'] }, makeOrder({ tags: ['a'] }), makeOrder({ tags: [], updatedAt: T1 }))).toBeUndefined()
  })
})
