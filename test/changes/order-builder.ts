import type { Order, Refund, Shipment } from '../../core/sdk/entities.js'
import { makeOrder, makeShipment, money, T0 } from '../support/entities.js'

/** What change-detection tests need beyond test/support/entities.ts: times on one day, unpaid orders, refunds. */

/** The id of test/support's `makeOrder`. */
export const ORDER = 'order-1001'

/** ISO UTC time on the day of `T0`: `time('10:05')`, `time('10:05:30')`. */
export function time(clock: string): string {
  return `${T0.slice(0, 10)}T${clock.length === 5 ? `${clock}:00` : clock}.000Z`
}

/** test/support's order, not paid yet. */
export function pendingOrder(overrides: Partial<Order> = {}): Order {
  return makeOrder({ financialStatus: 'pending', rawStatus: 'pending', ...overrides })
}

/** A fulfillment of the order with this id, created at 10:10. */
export function makeFulfillment(id: string, overrides: Partial<Shipment> = {}): Shipment {
  return makeShipment({ id, createdAt: time('10:10'), updatedAt: time('10:10'), ...overrides })
}

export function makeRefund(id: string, overrides: Partial<Refund> = {}): Refund {
  return { id, amount: money('112.00'), createdAt: time('10:20'), reason: null, ...overrides }
}
