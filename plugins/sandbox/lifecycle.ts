import { CartwireError, type Order, type Shipment } from '../../core/sdk/index.js'
import type { Topic } from './data.js'
import { eur, toCents } from './money.js'
import { adjustStock, fulfilledQuantity, recomputeTotals, refundedCents, SHIP_FROM } from './orders.js'
import type { World } from './state.js'

/**
 * What happens to an order after it is placed. Each function is one real change of state: it stamps
 * the order (updatedAt moves forward) and announces it under the topic a platform would use. The
 * generator drives them by chance; the unified actions (actions.ts) reuse them.
 */

function touched(world: World, order: Order, topic: Topic): void {
  order.updatedAt = world.stamp()
  world.emit(topic, 'order', order)
}

/** pending → paid. */
export function payOrder(world: World, order: Order): void {
  order.financialStatus = 'paid'
  order.rawStatus = 'paid'
  touched(world, order, 'orders/paid')
}

const PARTIAL_CANCELLATION = 'partial cancellation'

/**
 * What the customer was charged: totalPrice is what they owe now, so units cancelled after payment
 * (refunded with reason "partial cancellation") are added back.
 */
function chargedCents(order: Order): number {
  return toCents(order.totalPrice.amount) + order.refunds.filter((r) => r.reason === PARTIAL_CANCELLATION).reduce((sum, r) => sum + toCents(r.amount.amount), 0)
}

/** Adds a refund (at most what is left of the charge); refunded once refunds reach the charge. */
function addRefund(world: World, order: Order, cents: number, reason: string, at: string): void {
  const amount = Math.min(cents, chargedCents(order) - refundedCents(order))
  if (amount <= 0) return
  order.refunds.push({ id: `refund-${world.data.next.refund++}`, amount: eur(amount), createdAt: at, reason })
  order.financialStatus = refundedCents(order) >= chargedCents(order) ? 'refunded' : 'partially_refunded'
  order.rawStatus = order.financialStatus
}

/**
 * Partial cancellation of units not yet shipped: `units` of line `lineId` leave the order and go back to
 * stock; a paid order refunds what the customer no longer owes.
 */
export function cancelUnits(world: World, order: Order, lineId: string, units: number): void {
  const line = order.lines.find((l) => l.id === lineId)
  if (!line || units < 1 || units > line.quantity - fulfilledQuantity(order, lineId)) throw new CartwireError('ERR_UPSTREAM_REJECTED', `cannot cancel ${units} unit(s) of line ${lineId} of order ${order.id}`)
  const before = toCents(order.totalPrice.amount)
  line.quantity -= units
  if (line.quantity === 0 && order.lines.length > 1) order.lines = order.lines.filter((l) => l !== line)
  recomputeTotals(order)
  const at = world.stamp()
  const cancelled = before - toCents(order.totalPrice.amount)
  // this refund counts back into the charge (chargedCents): the order is refunded only once all of it is
  if (cancelled > 0 && (order.financialStatus === 'paid' || order.financialStatus === 'partially_refunded')) {
    order.refunds.push({ id: `refund-${world.data.next.refund++}`, amount: eur(cancelled), createdAt: at, reason: PARTIAL_CANCELLATION })
    order.financialStatus = refundedCents(order) >= chargedCents(order) ? 'refunded' : 'partially_refunded'
    order.rawStatus = order.financialStatus
  }
  order.updatedAt = at
  world.emit('orders/updated', 'order', order)
  adjustStock(world, line.sku!, SHIP_FROM, units)
}

/**
 * Full cancellation: unshipped units go back to stock, a pending order's payment is voided, a paid one
 * is refunded in full. Cancelling a cancelled order changes nothing.
 */
export function cancelOrder(world: World, order: Order, reason = 'customer'): void {
  if (order.status === 'cancelled') return
  const at = world.stamp()
  order.status = 'cancelled'
  order.cancelledAt = at
  if (order.financialStatus === 'pending' || order.financialStatus === 'authorized') order.financialStatus = 'voided'
  else addRefund(world, order, chargedCents(order), `cancelled: ${reason}`, at)
  order.rawStatus = 'cancelled'
  order.updatedAt = at
  world.emit('orders/cancelled', 'order', order)
  for (const line of order.lines) adjustStock(world, line.sku!, SHIP_FROM, line.quantity - fulfilledQuantity(order, line.id))
}

/** A goodwill or returned-item refund of `cents` on a paid order. */
export function refundOrder(world: World, order: Order, cents: number, reason: string): void {
  const at = world.stamp()
  addRefund(world, order, cents, reason, at)
  order.updatedAt = at
  world.emit('refunds/create', 'order', order)
}

export interface ShipmentInput {
  lines?: Array<{ lineId: string; quantity: number }>
  trackingNumber?: string
  trackingCompany?: string
  trackingUrl?: string
}

/** Ships the given lines (default: everything not yet shipped); refuses what is not there to ship. */
export function fulfil(world: World, order: Order, input: ShipmentInput): Shipment {
  if (order.status === 'cancelled') throw new CartwireError('ERR_UPSTREAM_REJECTED', `order ${order.id} is cancelled`)
  const open = order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity - fulfilledQuantity(order, l.id) })).filter((l) => l.quantity > 0)
  const lines = input.lines ?? open
  for (const wanted of lines) {
    const left = open.find((l) => l.lineId === wanted.lineId)?.quantity ?? 0
    if (wanted.quantity > left) throw new CartwireError('ERR_UPSTREAM_REJECTED', `order ${order.id}: line ${wanted.lineId} has ${left} unit(s) left to fulfil, not ${wanted.quantity}`)
  }
  if (lines.length === 0) throw new CartwireError('ERR_UPSTREAM_REJECTED', `order ${order.id} has nothing left to fulfil`)
  const at = world.stamp()
  const n = world.data.next.shipment++
  const trackingNumber = input.trackingNumber ?? `SBX${String(n).padStart(10, '0')}`
  const shipment: Shipment = {
    id: `shipment-${n}`,
    orderId: order.id,
    status: 'in_transit',
    trackingNumber,
    trackingCompany: input.trackingCompany ?? 'DHL',
    trackingUrl: input.trackingUrl ?? `https://tracking.example.com/${encodeURIComponent(trackingNumber)}`,
    lines: lines.map((l) => ({ ...l })),
    createdAt: at,
    updatedAt: at,
  }
  order.fulfillments.push(shipment)
  const done = order.lines.every((l) => fulfilledQuantity(order, l.id) >= l.quantity)
  order.fulfillmentStatus = done ? 'fulfilled' : 'partially_fulfilled'
  order.updatedAt = at
  world.emit('fulfillments/create', 'order', order)
  world.emit(done ? 'orders/fulfilled' : 'orders/partially_fulfilled', 'order', order)
  return shipment
}

/** The carrier delivers a shipment; an order fully shipped, delivered and paid is completed. */
export function deliverShipment(world: World, order: Order, shipment: Shipment): void {
  const at = world.stamp()
  shipment.status = 'delivered'
  shipment.updatedAt = at
  if (order.fulfillmentStatus === 'fulfilled' && order.fulfillments.every((s) => s.status === 'delivered') && order.financialStatus === 'paid') {
    order.status = 'completed'
    order.rawStatus = 'completed'
  }
  order.updatedAt = at
  world.emit('fulfillments/update', 'order', order)
}
