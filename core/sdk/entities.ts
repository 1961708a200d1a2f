/**
 * Canonical entities, as stored. schemas/entities/*.schema.json is the source of truth;
 * test/schemas/types-match.test.ts holds these types and those schemas together.
 *
 * Money is never a binary float here: amounts are decimal strings in major units ("512.00")
 * with an ISO-4217 currency. Rules see numeric views (core/model/views.ts).
 * Timestamps are ISO-8601 strings in UTC (`Z`), produced by connectors from zoned platform times.
 */

export type ResourceKind = 'order' | 'product' | 'inventory' | 'customer' | 'checkout' | 'shipment'

export interface Money {
  /** decimal string in major units, e.g. "512.00" */
  amount: string
  /** ISO-4217 */
  currency: string
}

export interface Address {
  name?: string
  company?: string
  line1?: string
  line2?: string
  city?: string
  region?: string
  postalCode?: string
  countryCode?: string
  phone?: string
}

export type OrderStatus = 'draft' | 'open' | 'on_hold' | 'completed' | 'cancelled' | 'closed'
export type FinancialStatus = 'pending' | 'authorized' | 'partially_paid' | 'paid' | 'partially_refunded' | 'refunded' | 'voided' | 'failed'
export type FulfillmentStatus = 'unfulfilled' | 'partially_fulfilled' | 'fulfilled' | 'restocked'

export interface OrderLine {
  id: string
  sku: string | null
  productId?: string | null
  variantId?: string | null
  title?: string
  quantity: number
  price: Money
  total?: Money
}

export interface Refund {
  id: string
  amount: Money
  createdAt: string
  reason?: string | null
  lines?: Array<{ lineId: string; quantity: number }>
}

export type ShipmentStatus = 'pending' | 'open' | 'in_transit' | 'delivered' | 'failed' | 'cancelled'

export interface Shipment {
  id: string
  orderId: string
  status: ShipmentStatus
  trackingNumber?: string | null
  trackingCompany?: string | null
  trackingUrl?: string | null
  lines?: Array<{ lineId: string; quantity: number }>
  createdAt: string
  updatedAt: string
}

export interface CustomerRef {
  id: string | null
  email: string | null
  tags: string[]
  acceptsMarketing: boolean
}

export interface Order {
  id: string
  number: string
  currency: string
  totalPrice: Money
  subtotalPrice: Money
  status: OrderStatus
  financialStatus: FinancialStatus
  fulfillmentStatus: FulfillmentStatus
  /** the platform's own status string(s), kept raw (custom statuses included) */
  rawStatus: string
  email: string | null
  tags: string[]
  note: string | null
  customer: CustomerRef | null
  lines: OrderLine[]
  refunds: Refund[]
  fulfillments: Shipment[]
  shippingAddress: Address | null
  checkoutId: string | null
  createdAt: string
  updatedAt: string
  cancelledAt?: string | null
}

export interface Variant {
  id: string
  sku: string | null
  title?: string
  price: Money
  compareAtPrice?: Money | null
  inventoryItemId?: string | null
}

export type ProductStatus = 'active' | 'draft' | 'archived'

export interface Product {
  id: string
  title: string
  status: ProductStatus
  handle?: string | null
  vendor?: string | null
  tags: string[]
  variants: Variant[]
  createdAt: string
  updatedAt: string
}

/** One SKU at one location. Its resource id is `${sku}@${locationId}`. */
export interface InventoryLevel {
  id: string
  sku: string
  locationId: string
  available: number
  inventoryItemId?: string | null
  createdAt: string
  updatedAt: string
}

export interface Customer {
  id: string
  email: string | null
  firstName?: string | null
  lastName?: string | null
  phone?: string | null
  tags: string[]
  acceptsMarketing: boolean
  ordersCount?: number
  createdAt: string
  updatedAt: string
}

export interface Checkout {
  id: string
  email: string | null
  currency: string
  totalPrice: Money
  lines: OrderLine[]
  customer: CustomerRef | null
  abandonedCheckoutUrl?: string | null
  completedAt: string | null
  orderId: string | null
  createdAt: string
  updatedAt: string
}

export interface EntityByKind {
  order: Order
  product: Product
  inventory: InventoryLevel
  customer: Customer
  checkout: Checkout
  shipment: Shipment
}

export type Entity = EntityByKind[ResourceKind]

export const RESOURCE_KINDS: readonly ResourceKind[] = ['order', 'product', 'inventory', 'customer', 'checkout', 'shipment']
