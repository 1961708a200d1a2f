import { describe, expect, it } from 'vitest'
import { contextHasPath, contextPathSuggestions } from '../../core/model/context-paths.js'
import { SCHEMA_BASE, resolveSchemaRef } from '../../core/model/schemas.js'
import { EVENT_TYPES } from '../../core/sdk/events.js'

describe('contextHasPath', () => {
  it.each([
    'order.totalPrice', 'order.totalPriceMoney.amount', 'order.lines.0.sku', 'order.lines.12.priceMoney.currency',
    'order.lines', 'order.customer', 'order.customer.tags.0', 'order.shippingAddress.countryCode', 'order.fulfillments.0.trackingNumber',
    'previous.financialStatus', 'event.data.totalPrice.amount', 'event.member.id', 'event.resource.version', 'changes.0',
    'now', 'vars.discount.code', 'connection.timezone', '',
  ])('order.paid has %s', (path) => {
    expect(contextHasPath('order.paid', path)).toBe(true)
  })

  it.each([
    'order.lines.sku', 'order.total', 'order.totalPrice.amount', 'order.tags.first', 'product.title', 'shipment.status',
    'refund.amount', 'event.data.bogus', 'connection.secret', 'order..id', 'schedule.id',
  ])('order.paid does not have %s', (path) => {
    expect(contextHasPath('order.paid', path)).toBe(false)
  })

  it.each([
    // member contexts add their member
    ['shipment.delivered', 'shipment.trackingNumber', true],
    ['shipment.delivered', 'order.number', true],
    ['order.refunded', 'refund.amountMoney.amount', true],
    ['order.refunded', 'shipment.status', false],
    // event.data is the entity of the event's kind
    ['inventory.changed', 'event.data.available', true],
    ['inventory.changed', 'inventory.locationId', true],
    ['inventory.changed', 'event.data.totalPrice', false],
    ['product.updated', 'product.variants.0.compareAtPriceMoney.amount', true],
    ['checkout.updated', 'checkout.abandonedCheckoutUrl', true],
    // a scheduled rule sees the schedule, now and vars only
    ['schedule', 'schedule.firedAt', true],
    ['schedule', 'vars.anything.below', true],
    ['schedule', 'event.id', false],
    ['schedule', 'connection.id', false],
  ] as const)('%s: %s → %s', (type, path, expected) => {
    expect(contextHasPath(type, path)).toBe(expected)
  })

  it('every event type has a context', () => {
    for (const type of EVENT_TYPES) expect(contextHasPath(type, 'event.type'), type).toBe(true)
  })

  it('follows the schema: every property of the order view is a path under order and previous', () => {
    const id = `${SCHEMA_BASE}context.schema.json#/$defs/orderView`
    const properties = Object.keys((resolveSchemaRef(id, id).schema as { properties: object }).properties)
    expect(properties.length).toBeGreaterThan(20)
    for (const name of properties) {
      expect(contextHasPath('order.paid', `order.${name}`)).toBe(true)
      expect(contextHasPath('order.paid', `previous.${name}`)).toBe(true)
    }
  })
})

describe('contextPathSuggestions', () => {
  it('a wrong case or a typo suggests the field first', () => {
    expect(contextPathSuggestions('order.paid', 'order.totalprice')[0]).toBe('order.totalPrice')
    expect(contextPathSuggestions('order.paid', 'order.custmer.email')[0]).toBe('order.customer.email')
    expect(contextPathSuggestions('order.paid', 'order.lines.3.skuu')[0]).toBe('order.lines.0.sku')
  })

  it('a bare field name suggests where it lives', () => {
    expect(contextPathSuggestions('order.paid', 'totalPrice')).toEqual(expect.arrayContaining(['order.totalPrice', 'previous.totalPrice']))
  })

  it('with nothing close, the fields under the longest valid prefix', () => {
    expect(contextPathSuggestions('order.paid', 'order.customer.loyaltyTierName')).toEqual([
      'order.customer.acceptsMarketing', 'order.customer.email', 'order.customer.id', 'order.customer.tags',
    ])
    expect(contextPathSuggestions('schedule', 'xyzzy')).toEqual(['now', 'schedule', 'vars'])
  })

  it('is capped', () => {
    expect(contextPathSuggestions('order.paid', 'totalPrice', 2)).toEqual(['order.totalPrice', 'previous.totalPrice'])
  })
})
