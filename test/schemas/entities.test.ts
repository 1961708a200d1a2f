import { describe, expect, it } from 'vitest'
import { SCHEMA_BASE, resolveSchemaRef, validateEntity, validateEvent } from '../../core/model/schemas.js'
import type { ResourceKind } from '../../core/sdk/entities.js'
import { makeCheckout, makeCustomer, makeEvent, makeInventoryLevel, makeOrder, makeProduct, makeShipment } from '../support/entities.js'
import * as full from './samples.js'

const builders: Record<ResourceKind, () => object> = {
  order: makeOrder, product: makeProduct, inventory: makeInventoryLevel, customer: makeCustomer, checkout: makeCheckout, shipment: makeShipment,
}
const fullSamples: Record<ResourceKind, object> = {
  order: full.fullOrder, product: full.fullProduct, inventory: full.fullInventoryLevel,
  customer: full.fullCustomer, checkout: full.fullCheckout, shipment: full.fullShipment,
}
const E = `${SCHEMA_BASE}entities/`
const propertiesOf = (id: string) => Object.keys((resolveSchemaRef(id, id).schema as { properties: object }).properties)

describe('entity schemas', () => {
  it.each(Object.keys(builders) as ResourceKind[])('the test builder of a %s validates', (kind) => {
    expect(validateEntity(kind, builders[kind]())).toEqual([])
  })

  it.each(Object.keys(fullSamples) as ResourceKind[])('a %s with every optional field set validates', (kind) => {
    expect(validateEntity(kind, fullSamples[kind])).toEqual([])
  })

  it.each([
    ['Order', full.fullOrder, `${E}order.schema.json`],
    ['OrderLine', full.fullLine, `${E}order.schema.json#/$defs/line`],
    ['Refund', full.fullRefund, `${E}order.schema.json#/$defs/refund`],
    ['Variant', full.fullVariant, `${E}product.schema.json#/$defs/variant`],
    ['Address', full.fullAddress, `${E}address.schema.json`],
    ['CustomerRef', full.fullCustomerRef, `${E}customer.schema.json#/$defs/ref`],
    ['Shipment', full.fullShipment, `${E}shipment.schema.json`],
    ['Product', full.fullProduct, `${E}product.schema.json`],
    ['InventoryLevel', full.fullInventoryLevel, `${E}inventory.schema.json`],
    ['Customer', full.fullCustomer, `${E}customer.schema.json`],
    ['Checkout', full.fullCheckout, `${E}checkout.schema.json`],
  ])('the full %s sample sets exactly the schema properties', (_name, sample, id) => {
    expect(Object.keys(sample).sort()).toEqual(propertiesOf(id).sort())
  })

  it('a float amount, a lower-case currency and a zoned timestamp are refused, each at its path', () => {
    const order = makeOrder({ totalPrice: { amount: 512 as unknown as string, currency: 'eur' }, createdAt: '2024-05-01T12:00:00+02:00' })
    expect(validateEntity('order', order)).toEqual([
      { path: 'totalPrice.amount', message: 'must be string (got 512)' },
      { path: 'totalPrice.currency', message: 'must match ^[A-Z]{3}$, e.g. "EUR" (got "eur")' },
      { path: 'createdAt', message: 'must match ^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$, e.g. "2024-05-01T10:00:00.000Z" (got "2024-05-01T12:00:00+02:00")' },
    ])
  })

  it('a bad value deep in an array names the element', () => {
    const order = makeOrder()
    order.lines[1].price = { amount: '1,50', currency: 'EUR' }
    expect(validateEntity('order', order)).toEqual([{ path: 'lines[1].price.amount', message: 'must match ^-?\\d+(\\.\\d+)?$, e.g. "512.00" (got "1,50")' }])
  })

  it('a missing field, an unknown field and an unknown status are each reported', () => {
    const { note: _note, ...withoutNote } = makeOrder()
    const issues = validateEntity('order', { ...withoutNote, status: 'shipped', colour: 'red' })
    expect(issues).toEqual([
      { path: 'note', message: 'is required' },
      { path: 'colour', message: expect.stringMatching(/^is not a known property \(known: id, number, /) },
      { path: 'status', message: 'must be one of "draft", "open", "on_hold", "completed", "cancelled", "closed" (got "shipped")' },
    ])
  })

  it('a nullable Money with a bad amount reports the amount, not "must be null"', () => {
    const product = makeProduct()
    product.variants[0].compareAtPrice = { amount: 'abc', currency: 'EUR' }
    expect(validateEntity('product', product)).toEqual([{ path: 'variants[0].compareAtPrice.amount', message: expect.stringContaining('(got "abc")') }])
  })
})

describe('event schema', () => {
  const paid = makeEvent('order.paid', makeOrder())

  it('an order.paid event about an order validates', () => {
    expect(validateEvent(paid)).toEqual([])
  })

  it('checks data against the entity schema of resource.kind', () => {
    const event = makeEvent('product.updated', makeProduct({ status: 'gone' as never }))
    expect(validateEvent(event)).toEqual([{ path: 'data.status', message: 'must be one of "active", "draft", "archived" (got "gone")' }])
  })

  it('refuses an event type whose resource kind does not match', () => {
    const event = { ...paid, resource: { ...paid.resource, kind: 'product' } }
    expect(validateEvent(event).map((i) => i.path)).toContain('resource.kind')
  })

  it('shipment events are about orders and must name their shipment member', () => {
    const order = makeOrder({ fulfillments: [makeShipment()] })
    expect(validateEvent(makeEvent('shipment.delivered', order, { member: { kind: 'shipment', id: 'shipment-1' } }))).toEqual([])
    expect(validateEvent(makeEvent('shipment.delivered', order))).toEqual([{ path: 'member', message: 'is required' }])
    expect(validateEvent(makeEvent('order.refunded', order, { member: { kind: 'shipment', id: 'x' } }))).toEqual([
      { path: 'member.kind', message: 'must be "refund" (got "shipment")' },
    ])
  })

  it('an unknown envelope field is refused', () => {
    expect(validateEvent({ ...paid, extra: true })).toEqual([{ path: 'extra', message: 'is not a known property' }])
  })
})
