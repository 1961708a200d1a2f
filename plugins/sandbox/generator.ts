import type { Order } from '../../core/sdk/index.js'
import { seed, touch } from './merchant.js'
import { toCents } from './money.js'
import { adjustStock, createOrder, fulfilledQuantity, pruneOrders, SHIP_FROM } from './orders.js'
import { cancelOrder, cancelUnits, deliverShipment, fulfil, payOrder, refundOrder } from './lifecycle.js'
import type { World } from './state.js'

/**
 * The simulated store's activity. One tick is one new order followed by one to three other things
 * happening to the store (payments, shipments, cancellations, refunds, stock moves, customers), drawn
 * with weights from the store's PRNG, so the same seed and the same clock readings always produce the
 * same store. `ordersPerMinute` sets how often the daemon ticks (index.ts).
 */
export interface TickOptions {
  /** orders kept in the data file. @default 500 */
  historyLimit: number
}

type Activity = (world: World) => void

/** Orders later activity picks from: the most recent ones, as a real store's traffic would touch. */
const RECENT = 40

function recent(world: World, test: (order: Order) => boolean): Order | undefined {
  const candidates = world.data.orders.slice(-RECENT).filter(test)
  return candidates.length ? world.rng.pick(candidates) : undefined
}

const isOpen = (o: Order) => o.status === 'open'
const isPaid = (o: Order) => o.financialStatus === 'paid' || o.financialStatus === 'partially_refunded'
const hasUnshipped = (o: Order) => o.lines.some((l) => l.quantity > fulfilledQuantity(o, l.id))

const ACTIVITIES: ReadonlyArray<readonly [Activity, number]> = [
  [function payment(world) {
    const order = recent(world, (o) => isOpen(o) && o.financialStatus === 'pending')
    if (order) payOrder(world, order)
  }, 5],
  [function shipment(world) {
    const order = recent(world, (o) => isOpen(o) && isPaid(o) && hasUnshipped(o))
    if (!order) return
    const open = order.lines.filter((l) => l.quantity > fulfilledQuantity(order, l.id))
    // one shipment in three carries only the first open line: a partial fulfillment
    const partial = open.length > 1 && world.rng.chance(1 / 3)
    fulfil(world, order, partial ? { lines: [{ lineId: open[0].id, quantity: open[0].quantity - fulfilledQuantity(order, open[0].id) }] } : {})
  }, 5],
  [function delivery(world) {
    const order = recent(world, (o) => o.fulfillments.some((s) => s.status === 'in_transit'))
    if (order) deliverShipment(world, order, order.fulfillments.find((s) => s.status === 'in_transit')!)
  }, 4],
  [function partialCancellation(world) {
    const order = recent(world, (o) => isOpen(o) && o.fulfillmentStatus === 'unfulfilled' && (o.lines.length > 1 || o.lines[0].quantity > 1))
    if (!order) return
    const line = world.rng.pick(order.lines)
    cancelUnits(world, order, line.id, order.lines.length > 1 ? line.quantity : world.rng.int(1, line.quantity - 1))
  }, 1],
  [function cancellation(world) {
    const order = recent(world, (o) => isOpen(o) && o.fulfillmentStatus === 'unfulfilled')
    if (order) cancelOrder(world, order, world.rng.pick(['customer', 'fraud', 'inventory']))
  }, 1],
  [function refund(world) {
    const order = recent(world, (o) => o.status !== 'cancelled' && isPaid(o))
    if (!order) return
    const line = world.rng.pick(order.lines)
    refundOrder(world, order, toCents(line.price.amount), world.rng.pick(['returned item', 'damaged in transit', 'goodwill']))
  }, 1.5],
  [function restock(world) {
    const low = world.data.inventory.filter((l) => l.locationId === SHIP_FROM && l.available < 10)
    const level = low.length ? world.rng.pick(low) : world.rng.pick(world.data.inventory)
    adjustStock(world, level.sku, level.locationId, world.rng.int(20, 60))
  }, 3],
  [function stockCorrection(world) {
    const level = world.rng.pick(world.data.inventory)
    adjustStock(world, level.sku, level.locationId, -world.rng.int(1, 2))
  }, 1],
  [function signup(world) {
    seed(world, 'customer', 1)
  }, 1],
  [function backOfficeEdit(world) {
    const kind = world.rng.pick(['customer', 'product'] as const)
    const list: ReadonlyArray<{ id: string }> = kind === 'customer' ? world.data.customers : world.data.products
    touch(world, kind, world.rng.pick(list).id)
  }, 1],
]

/** One tick of activity, applied to `world`. */
export function generate(world: World, opts: TickOptions): void {
  createOrder(world)
  const more = world.rng.int(1, 3)
  for (let i = 0; i < more; i++) world.rng.weighted(ACTIVITIES)(world)
  pruneOrders(world, opts.historyLimit)
}
