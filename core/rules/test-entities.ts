import type { EntityByKind, ResourceKind } from '../sdk/entities.js'

/**
 * The entities a rule test case starts from: `event.data` in rules/<id>.test.json is merged over
 * these (objects merge key by key, arrays and scalars replace), so a case writes only what matters
 * to it. They are part of the rule-test format — users' tests rely on them — so change them only
 * with a note in the changelog. Valid against schemas/entities (test/rules checks).
 *
 * The order: #1001, paid and unfulfilled, 100.00 EUR for one line, a customer without tags.
 */
const AT = '2024-05-01T10:00:00.000Z'
const eur = (amount: string) => ({ amount, currency: 'EUR' })
const customerRef = { id: 'customer-1', email: 'ada@example.com', tags: [] as string[], acceptsMarketing: false }
const line = { id: 'line-1', sku: 'SKU-1', productId: 'product-1', variantId: 'variant-1', title: 'Item', quantity: 1, price: eur('100.00') }

const DEFAULTS: EntityByKind = {
  order: {
    id: 'order-1001', number: '1001', currency: 'EUR', totalPrice: eur('100.00'), subtotalPrice: eur('100.00'),
    status: 'open', financialStatus: 'paid', fulfillmentStatus: 'unfulfilled', rawStatus: 'paid',
    email: 'ada@example.com', tags: [], note: null, customer: customerRef, lines: [line], refunds: [], fulfillments: [],
    shippingAddress: { name: 'Ada Lovelace', line1: '1 Main St', city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
    checkoutId: null, createdAt: AT, updatedAt: AT,
  },
  shipment: { id: 'shipment-1', orderId: 'order-1001', status: 'in_transit', trackingNumber: 'TRACK-1', trackingCompany: 'DHL', lines: [{ lineId: 'line-1', quantity: 1 }], createdAt: AT, updatedAt: AT },
  product: {
    id: 'product-1', title: 'Item', status: 'active', handle: 'item', tags: [],
    variants: [{ id: 'variant-1', sku: 'SKU-1', title: 'Default', price: eur('100.00'), compareAtPrice: null, inventoryItemId: 'item-1' }],
    createdAt: AT, updatedAt: AT,
  },
  inventory: { id: 'SKU-1@main', sku: 'SKU-1', locationId: 'main', available: 10, inventoryItemId: 'item-1', createdAt: AT, updatedAt: AT },
  customer: { id: 'customer-1', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', tags: [], acceptsMarketing: false, createdAt: AT, updatedAt: AT },
  checkout: {
    id: 'checkout-1', email: 'ada@example.com', currency: 'EUR', totalPrice: eur('100.00'), lines: [line], customer: customerRef,
    abandonedCheckoutUrl: null, completedAt: null, orderId: null, createdAt: AT, updatedAt: AT,
  },
}

/** A fresh copy of the default entity of a kind, with `overrides` merged over it. */
export function testEntity(kind: ResourceKind, overrides: unknown = {}): Record<string, unknown> {
  return mergeOver(structuredClone(DEFAULTS[kind]), overrides) as Record<string, unknown>
}

/** `patch` over `base`: plain objects merge key by key; anything else (arrays, null, scalars) replaces. */
export function mergeOver(base: unknown, patch: unknown): unknown {
  if (!isPlain(base) || !isPlain(patch)) return patch === undefined ? base : structuredClone(patch)
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    Object.defineProperty(out, key, { value: mergeOver(base[key], value), enumerable: true, writable: true, configurable: true })
  }
  return out
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
