import { describe, expect, it } from 'vitest'
import { SCHEMA_BASE, validateAgainst } from '../../core/model/schemas.js'
import { moneyKeys, toView, viewOf } from '../../core/model/views.js'
import type { ResourceKind } from '../../core/sdk/entities.js'
import { makeOrder, makeProduct, money } from '../support/entities.js'
import { fullCheckout, fullCustomer, fullInventoryLevel, fullOrder, fullProduct, fullShipment } from '../schemas/samples.js'

const VIEW_DEFS: Record<ResourceKind, string> = {
  order: 'orderView', product: 'productView', inventory: 'inventoryView', customer: 'customerView', checkout: 'checkoutView', shipment: 'shipmentView',
}
const FULL = { order: fullOrder, product: fullProduct, inventory: fullInventoryLevel, customer: fullCustomer, checkout: fullCheckout, shipment: fullShipment }

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') Object.values(Object.freeze(value)).forEach(deepFreeze)
  return value
}

describe('views', () => {
  it('an order total is a number in major units next to the exact Money', () => {
    const view = toView('order', makeOrder())
    expect(view.totalPrice).toBe(512)
    expect(view.totalPriceMoney).toEqual({ amount: '512.00', currency: 'EUR' })
    expect(view.subtotalPrice).toBe(512)
    expect(view.lines.map((line) => [line.sku, line.quantity, line.price, line.priceMoney.amount])).toEqual([
      ['TSHIRT-M', 2, 200, '200.00'],
      ['MUG', 1, 112, '112.00'],
    ])
  })

  it('tags are trimmed and empty tags dropped, on the order and on its customer', () => {
    const order = makeOrder({ tags: [' vip ', '', 'wholesale'], customer: { id: 'c', email: null, tags: ['  returning'], acceptsMarketing: false } })
    const view = toView('order', order)
    expect(view.tags).toEqual(['vip', 'wholesale'])
    expect(view.customer?.tags).toEqual(['returning'])
  })

  it('a null compare-at price stays null in both the number and the Money field', () => {
    const view = toView('product', makeProduct())
    expect(view.variants[0]).toMatchObject({ price: 19.9, priceMoney: money('19.90'), compareAtPrice: null, compareAtPriceMoney: null })
  })

  it('an absent optional Money stays absent', () => {
    const view = toView('order', makeOrder())
    expect('total' in view.lines[0]).toBe(false)
    expect('totalMoney' in view.lines[0]).toBe(false)
  })

  it('refunds and fulfillments are views too', () => {
    const view = viewOf(fullOrder)
    expect(view.refunds[0]).toMatchObject({ amount: 20, amountMoney: money('20.00') })
    expect(view.fulfillments[0].trackingNumber).toBe(fullShipment.trackingNumber)
  })

  it('never mutates the entity and shares no objects with it', () => {
    const order = deepFreeze(makeOrder({ tags: [' a '] }))
    const view = toView('order', order)
    view.totalPriceMoney.amount = '0'
    view.lines[0].priceMoney.amount = '0'
    expect(order.totalPrice.amount).toBe('512.00')
    expect(order.lines[0].price.amount).toBe('200.00')
    expect(order.tags).toEqual([' a '])
  })

  it.each(Object.keys(VIEW_DEFS) as ResourceKind[])('the view of a fully populated %s matches its view schema', (kind) => {
    const view = toView(kind, FULL[kind] as never)
    expect(validateAgainst(`${SCHEMA_BASE}context.schema.json#/$defs/${VIEW_DEFS[kind]}`, view)).toEqual([])
  })

  it('knows which fields are Money from the entity schemas', () => {
    expect([...moneyKeys()].sort()).toEqual(['amount', 'compareAtPrice', 'price', 'subtotalPrice', 'total', 'totalPrice'])
  })
})
