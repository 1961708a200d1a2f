import type { Checkout, Customer, Entity, InventoryLevel, Money, Order, Product, ResourceKind, Shipment } from '../../core/sdk/entities.js'
import type { CommerceEvent, EventType } from '../../core/sdk/events.js'

/**
 * Builders of canonical entities for tests: valid against schemas/entities (test/schemas holds them to
 * it), deterministic (fixed ids and timestamps), and shallow-overridable: `makeOrder({ tags: ['vip'] })`.
 * Nested values are fresh per call, so a test may mutate what it got.
 */

export const T0 = '2024-05-01T10:00:00.000Z'
export const T1 = '2024-05-01T10:05:00.000Z'

export function money(amount: string, currency = 'EUR'): Money {
  return { amount, currency }
}

/** A paid, unfulfilled EUR order #1001 of two lines (2 × 200.00 + 1 × 112.00 = 512.00), a known customer. */
export function makeOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'order-1001',
    number: '1001',
    currency: 'EUR',
    totalPrice: money('512.00'),
    subtotalPrice: money('512.00'),
    status: 'open',
    financialStatus: 'paid',
    fulfillmentStatus: 'unfulfilled',
    rawStatus: 'paid',
    email: 'ada@example.com',
    tags: [],
    note: null,
    customer: { id: 'customer-1', email: 'ada@example.com', tags: ['newsletter'], acceptsMarketing: true },
    lines: [
      { id: 'line-1', sku: 'TSHIRT-M', productId: 'product-1', variantId: 'variant-1', title: 'T-shirt M', quantity: 2, price: money('200.00') },
      { id: 'line-2', sku: 'MUG', productId: 'product-2', variantId: 'variant-2', title: 'Mug', quantity: 1, price: money('112.00') },
    ],
    refunds: [],
    fulfillments: [],
    shippingAddress: { name: 'Ada Lovelace', line1: '1 Analytical St', city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
    checkoutId: 'checkout-1',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/** A fulfillment of order-1001 in transit with DHL. */
export function makeShipment(overrides: Partial<Shipment> = {}): Shipment {
  return {
    id: 'shipment-1',
    orderId: 'order-1001',
    status: 'in_transit',
    trackingNumber: '00340434161094042557',
    trackingCompany: 'DHL',
    trackingUrl: 'https://www.dhl.de/track?id=00340434161094042557',
    lines: [{ lineId: 'line-1', quantity: 2 }],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/** An active T-shirt with one variant, TSHIRT-M at 19.90 EUR. */
export function makeProduct(overrides: Partial<Product> = {}): Product {
  return {
    id: 'product-1',
    title: 'T-shirt',
    status: 'active',
    handle: 't-shirt',
    vendor: 'Cartwire Apparel',
    tags: ['summer'],
    variants: [{ id: 'variant-1', sku: 'TSHIRT-M', title: 'M', price: money('19.90'), compareAtPrice: null, inventoryItemId: 'item-1' }],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/** TSHIRT-M at location `main`, 12 available. The id follows sku@locationId unless overridden. */
export function makeInventoryLevel(overrides: Partial<InventoryLevel> = {}): InventoryLevel {
  const sku = overrides.sku ?? 'TSHIRT-M'
  const locationId = overrides.locationId ?? 'main'
  return { id: `${sku}@${locationId}`, sku, locationId, available: 12, inventoryItemId: 'item-1', createdAt: T0, updatedAt: T0, ...overrides }
}

export function makeCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'customer-1',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: null,
    tags: ['newsletter'],
    acceptsMarketing: true,
    ordersCount: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/** An open (abandoned, not completed) checkout of one T-shirt. */
export function makeCheckout(overrides: Partial<Checkout> = {}): Checkout {
  return {
    id: 'checkout-1',
    email: 'ada@example.com',
    currency: 'EUR',
    totalPrice: money('19.90'),
    lines: [{ id: 'checkout-line-1', sku: 'TSHIRT-M', quantity: 1, price: money('19.90') }],
    customer: { id: 'customer-1', email: 'ada@example.com', tags: [], acceptsMarketing: false },
    abandonedCheckoutUrl: 'https://shop.example.com/checkouts/checkout-1/recover',
    completedAt: null,
    orderId: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/**
 * A canonical event about `data` with a readable deterministic id (`order.paid:order-1001`). Member
 * events get their member from `overrides.member`; shipment.* events are about the order.
 */
export function makeEvent<T extends Entity>(type: EventType, data: T, overrides: Partial<CommerceEvent<T>> = {}): CommerceEvent<T> {
  const kind: ResourceKind = type.startsWith('shipment.') ? 'order' : (type.slice(0, type.indexOf('.')) as ResourceKind)
  return {
    id: `${type}:${data.id}`,
    type,
    source: 'shop-main',
    resource: { kind, id: data.id, version: `${Date.parse(data.updatedAt)}:v1` },
    occurredAt: data.updatedAt,
    receivedAt: data.updatedAt,
    changes: [],
    data,
    ...overrides,
  }
}
