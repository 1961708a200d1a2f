import { describe, expect, it } from 'vitest'
import { buildEventContext, buildScheduleContext, resourceKindOf, type EventContextInput } from '../../core/model/context.js'
import { validateContext } from '../../core/model/schemas.js'
import type { Entity, ResourceKind } from '../../core/sdk/entities.js'
import { EVENT_TYPES, type CommerceEvent } from '../../core/sdk/events.js'
import { T1, makeCheckout, makeCustomer, makeEvent, makeInventoryLevel, makeOrder, makeProduct, makeShipment, money } from '../support/entities.js'

const NOW = Date.parse('2024-05-01T10:06:00.000Z')
const connection = { id: 'shop-main', connector: 'shopify', timezone: 'Europe/Berlin' }

function input(event: CommerceEvent, overrides: Partial<EventContextInput> = {}): EventContextInput {
  return { event, entity: event.data, previous: null, changes: event.changes, now: NOW, vars: { code: 'SUMMER' }, connection, ...overrides }
}

const refund = { id: 'refund-1', amount: money('20.00'), createdAt: T1 }
const orderWithMembers = makeOrder({ financialStatus: 'partially_refunded', refunds: [refund], fulfillments: [makeShipment({ status: 'delivered' })] })

describe('buildEventContext', () => {
  it('order.paid: the order view, no previous, now as ISO, vars and the connection', () => {
    const event = makeEvent('order.paid', makeOrder())
    const context = buildEventContext(input(event))
    expect(validateContext('order.paid', context)).toEqual([])
    expect(context).toMatchObject({
      event,
      order: { number: '1001', totalPrice: 512, totalPriceMoney: { amount: '512.00', currency: 'EUR' }, financialStatus: 'paid' },
      previous: null,
      changes: [],
      now: '2024-05-01T10:06:00.000Z',
      vars: { code: 'SUMMER' },
      connection: { id: 'shop-main', connector: 'shopify', currency: null, timezone: 'Europe/Berlin' },
    })
  })

  it('an update carries the previous view and the changed paths', () => {
    const before = makeOrder({ tags: [] })
    const after = makeOrder({ tags: ['vip'], updatedAt: T1 })
    const event = makeEvent('order.updated', after, { changes: ['tags'] })
    const context = buildEventContext(input(event, { previous: before, connection: { ...connection, currency: 'EUR' } }))
    expect(validateContext('order.updated', context)).toEqual([])
    expect(context).toMatchObject({ order: { tags: ['vip'] }, previous: { tags: [] }, changes: ['tags'], connection: { currency: 'EUR' } })
  })

  it('shipment.delivered: the order and the fulfillment named by the member id', () => {
    const event = makeEvent('shipment.delivered', orderWithMembers, { member: { kind: 'shipment', id: 'shipment-1' } })
    const context = buildEventContext(input(event))
    expect(validateContext('shipment.delivered', context)).toEqual([])
    expect(context.order).toMatchObject({ id: 'order-1001' })
    expect(context.shipment).toMatchObject({ id: 'shipment-1', status: 'delivered', trackingCompany: 'DHL' })
  })

  it('order.refunded: the order and the refund, its amount a number', () => {
    const event = makeEvent('order.refunded', orderWithMembers, { member: { kind: 'refund', id: 'refund-1' } })
    const context = buildEventContext(input(event))
    expect(validateContext('order.refunded', context)).toEqual([])
    expect(context.refund).toEqual({ id: 'refund-1', amount: 20, amountMoney: money('20.00'), createdAt: T1 })
  })

  it('after a wait the views show the re-read entity, and a member found only in the event still resolves', () => {
    const event = makeEvent('order.refunded', orderWithMembers, { member: { kind: 'refund', id: 'refund-1' } })
    const reread = makeOrder({ status: 'completed', refunds: [] })
    const context = buildEventContext(input(event, { entity: reread, previous: orderWithMembers, changes: ['status', 'refunds'] }))
    expect(context.order).toMatchObject({ status: 'completed' })
    expect(context.refund).toMatchObject({ id: 'refund-1' })
  })

  it('a member event whose member is nowhere is a defect, reported as ERR_INTERNAL', () => {
    const event = makeEvent('shipment.created', makeOrder(), { member: { kind: 'shipment', id: 'nope' } })
    expect(() => buildEventContext(input(event))).toThrow(expect.objectContaining({ code: 'ERR_INTERNAL' }))
  })

  const SAMPLE: Record<ResourceKind, () => Entity> = {
    order: () => orderWithMembers, product: makeProduct, inventory: makeInventoryLevel, customer: makeCustomer, checkout: makeCheckout, shipment: makeShipment,
  }
  it.each([...EVENT_TYPES])('%s: the built context matches its schema', (type) => {
    const member = type === 'order.refunded' ? { kind: 'refund' as const, id: 'refund-1' } : type.startsWith('shipment.') ? { kind: 'shipment' as const, id: 'shipment-1' } : undefined
    const entity = SAMPLE[resourceKindOf(type)]()
    const event = makeEvent(type, entity, member && { member })
    expect(validateContext(type, buildEventContext(input(event, { previous: entity })))).toEqual([])
  })
})

describe('buildScheduleContext', () => {
  it('has the schedule, its tick time, now and vars, and nothing about an event', () => {
    const context = buildScheduleContext({ scheduleId: 'daily-report#0', firedAt: Date.parse('2024-05-01T09:00:00Z'), now: NOW, vars: {} })
    expect(context).toEqual({ schedule: { id: 'daily-report#0', firedAt: '2024-05-01T09:00:00.000Z' }, now: '2024-05-01T10:06:00.000Z', vars: {} })
    expect(validateContext('schedule', context)).toEqual([])
  })
})

describe('resourceKindOf', () => {
  it('shipment events are about orders; the rest about the noun they start with', () => {
    expect(resourceKindOf('shipment.delivered')).toBe('order')
    expect(resourceKindOf('order.refunded')).toBe('order')
    expect(resourceKindOf('inventory.changed')).toBe('inventory')
  })
})
