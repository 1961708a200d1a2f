import type { Customer, InventoryLevel, Order, OrderLine, Product, Variant } from '../../core/sdk/index.js'
import { CITIES } from './catalog.js'
import { CURRENCY, eur, toCents } from './money.js'
import type { World } from './state.js'

/**
 * New orders and the arithmetic every order change shares. Shipping is 4.90 below 50.00 and free
 * above; totalPrice is what the customer owes now (after partial cancellations), refunds are listed
 * apart. Stock leaves the Berlin warehouse when an order is placed and comes back when lines are
 * cancelled.
 */
const FREE_SHIPPING_FROM = 5000
const SHIPPING = 490
export const SHIP_FROM = 'berlin'

export interface NewOrderOptions {
  /** paid at once (card) rather than pending (bank transfer, invoice); default: drawn */
  paid?: boolean
  /** a customer id, or null for a guest; default: drawn (one order in five is a guest's) */
  customerId?: string | null
}

export function createOrder(world: World, opts: NewOrderOptions = {}): Order {
  const { data, rng } = world
  const n = data.next.order++
  const id = `order-${n}`
  const customer = opts.customerId === undefined ? (rng.chance(0.2) ? null : rng.pick(data.customers)) : (data.customers.find((c) => c.id === opts.customerId) ?? null)
  const wholesale = customer?.tags.includes('wholesale') ?? false
  // one order in eight is large: an espresso machine, or a pallet-sized quantity for a wholesaler
  const large = wholesale || rng.chance(0.125)
  const sellable = data.products.filter((p) => p.status === 'active').flatMap((p) => p.variants.map((v) => ({ product: p, variant: v })))
  const picked = new Map<string, { product: Product; variant: Variant }>()
  if (large && !wholesale) picked.set('ESPRESSO-PRO', sellable.find((s) => s.variant.sku === 'ESPRESSO-PRO') ?? rng.pick(sellable))
  const count = rng.int(1, 4)
  while (picked.size < count) {
    const choice = rng.pick(sellable)
    picked.set(choice.variant.sku ?? choice.variant.id, choice)
  }
  const lines: OrderLine[] = [...picked.values()].map(({ product, variant }, i) => {
    const quantity = wholesale ? rng.int(5, 20) : rng.int(1, rng.chance(0.1) ? 5 : 2)
    return { id: `${id}-line-${i + 1}`, sku: variant.sku, productId: product.id, variantId: variant.id, title: `${product.title} ${variant.title}`, quantity, price: variant.price, total: eur(quantity * toCents(variant.price.amount)) }
  })
  const paid = opts.paid ?? (!wholesale && rng.chance(0.65))
  const at = world.stamp()
  const place = rng.pick(CITIES)
  const order: Order = {
    id,
    number: String(n),
    currency: CURRENCY,
    totalPrice: eur(0),
    subtotalPrice: eur(0),
    status: 'open',
    financialStatus: paid ? 'paid' : 'pending',
    fulfillmentStatus: 'unfulfilled',
    rawStatus: paid ? 'paid' : 'pending',
    email: customer?.email ?? `guest.${n}@example.com`,
    tags: wholesale ? ['wholesale'] : [],
    note: null,
    customer: customer ? { id: customer.id, email: customer.email, tags: [...customer.tags], acceptsMarketing: customer.acceptsMarketing } : { id: null, email: `guest.${n}@example.com`, tags: [], acceptsMarketing: false },
    lines,
    refunds: [],
    fulfillments: [],
    shippingAddress: { name: customer ? `${customer.firstName} ${customer.lastName}` : `Guest ${n}`, line1: `${rng.int(1, 120)} Market Street`, ...place },
    checkoutId: `checkout-${n}`,
    createdAt: at,
    updatedAt: at,
    cancelledAt: null,
  }
  recomputeTotals(order)
  data.orders.push(order)
  world.emit('orders/create', 'order', order)
  if (paid) world.emit('orders/paid', 'order', order)
  for (const line of lines) adjustStock(world, line.sku!, SHIP_FROM, -line.quantity)
  if (customer) countOrder(world, customer)
  return order
}

/** Subtotal from the lines, shipping on top below the free-shipping threshold. */
export function recomputeTotals(order: Order): void {
  const subtotal = order.lines.reduce((sum, line) => sum + line.quantity * toCents(line.price.amount), 0)
  for (const line of order.lines) line.total = eur(line.quantity * toCents(line.price.amount))
  order.subtotalPrice = eur(subtotal)
  order.totalPrice = eur(subtotal === 0 || subtotal >= FREE_SHIPPING_FROM ? subtotal : subtotal + SHIPPING)
}

/** Moves one SKU's stock at one location by `delta` (negative: sold); announces the level. */
export function adjustStock(world: World, sku: string, locationId: string, delta: number): InventoryLevel | undefined {
  const level = world.data.inventory.find((l) => l.id === `${sku}@${locationId}`)
  if (!level || delta === 0) return level
  level.available += delta
  level.updatedAt = world.stamp()
  world.emit('inventory_levels/update', 'inventory', level)
  return level
}

function countOrder(world: World, customer: Customer): void {
  customer.ordersCount = (customer.ordersCount ?? 0) + 1
  customer.updatedAt = world.stamp()
  world.emit('customers/update', 'customer', customer)
}

/** Units of a line already in a shipment. */
export function fulfilledQuantity(order: Order, lineId: string): number {
  return order.fulfillments.filter((s) => s.status !== 'cancelled').reduce((sum, s) => sum + (s.lines ?? []).filter((l) => l.lineId === lineId).reduce((n, l) => n + l.quantity, 0), 0)
}

export function refundedCents(order: Order): number {
  return order.refunds.reduce((sum, refund) => sum + toCents(refund.amount.amount), 0)
}

/** Oldest orders beyond `limit` are forgotten: fetch answers `{ gone }` for them, no webhook is sent. */
export function pruneOrders(world: World, limit: number): void {
  const { data } = world
  if (data.orders.length > limit) data.orders = data.orders.slice(data.orders.length - limit)
}
