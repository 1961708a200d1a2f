import type { FinancialStatus, FulfillmentStatus, OrderStatus, ProductStatus, ShipmentStatus } from '../../core/sdk/index.js'

/**
 * Shopify states → canonical states (DESIGN.md §3, PLATFORMS.md §6). Tables, not branches, so the test
 * can walk every row. Unknown values (a newer API version may add some) map to the most conservative
 * canonical state and stay visible in `rawStatus`.
 */

/** Order `financial_status`; `expired` (an authorization that lapsed) is a void. */
export const FINANCIAL_STATUS: Readonly<Record<string, FinancialStatus>> = {
  pending: 'pending',
  authorized: 'authorized',
  partially_paid: 'partially_paid',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
  expired: 'voided',
}

/** Order `fulfillment_status`; `null` means nothing is fulfilled yet. */
export const FULFILLMENT_STATUS: Readonly<Record<string, FulfillmentStatus>> = {
  null: 'unfulfilled',
  unfulfilled: 'unfulfilled',
  partial: 'partially_fulfilled',
  fulfilled: 'fulfilled',
  restocked: 'restocked',
}

export function financialStatus(raw: unknown): FinancialStatus {
  return FINANCIAL_STATUS[String(raw ?? 'pending')] ?? 'pending'
}

export function fulfillmentStatus(raw: unknown): FulfillmentStatus {
  return FULFILLMENT_STATUS[String(raw ?? 'null')] ?? 'unfulfilled'
}

/**
 * Shopify has no lifecycle field: an order is cancelled when `cancelled_at` is set and closed (archived)
 * when `closed_at` is set; a cancelled order that was also archived stays `cancelled`.
 */
export function orderStatus(raw: { cancelled_at?: unknown; closed_at?: unknown }): OrderStatus {
  if (raw.cancelled_at) return 'cancelled'
  if (raw.closed_at) return 'closed'
  return 'open'
}

/** `financial/fulfillment[/cancelled][/closed]`, Shopify's own words. */
export function rawOrderStatus(raw: { financial_status?: unknown; fulfillment_status?: unknown; cancelled_at?: unknown; closed_at?: unknown }): string {
  return [String(raw.financial_status ?? 'null'), String(raw.fulfillment_status ?? 'null'), raw.cancelled_at ? 'cancelled' : '', raw.closed_at ? 'closed' : ''].filter(Boolean).join('/')
}

/** A fulfillment's own `status`, where it decides alone. */
export const FULFILLMENT_RECORD_STATUS: Readonly<Record<string, ShipmentStatus>> = {
  pending: 'pending',
  open: 'open',
  cancelled: 'cancelled',
  error: 'failed',
  failure: 'failed',
}

/** A `success` fulfillment's carrier `shipment_status` (null until the carrier reports). */
export const SHIPMENT_STATUS: Readonly<Record<string, ShipmentStatus>> = {
  null: 'open',
  label_printed: 'open',
  label_purchased: 'open',
  confirmed: 'in_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'in_transit',
  attempted_delivery: 'in_transit',
  ready_for_pickup: 'in_transit',
  delivered: 'delivered',
  failure: 'failed',
}

export function shipmentStatus(status: unknown, carrierStatus: unknown): ShipmentStatus {
  const own = FULFILLMENT_RECORD_STATUS[String(status)]
  if (own) return own
  return SHIPMENT_STATUS[String(carrierStatus ?? 'null')] ?? 'in_transit'
}

/** Product status, REST lower case and GraphQL enum alike; `unlisted` (2025-10+) is sellable by link: active. */
export const PRODUCT_STATUS: Readonly<Record<string, ProductStatus>> = {
  active: 'active',
  unlisted: 'active',
  draft: 'draft',
  archived: 'archived',
}

export function productStatus(raw: unknown): ProductStatus {
  return PRODUCT_STATUS[String(raw ?? '').toLowerCase()] ?? 'draft'
}

/** Canonical → the GraphQL `ProductStatus` enum `productUpdate` takes. */
export const PRODUCT_STATUS_INPUT: Readonly<Record<ProductStatus, string>> = {
  active: 'ACTIVE',
  draft: 'DRAFT',
  archived: 'ARCHIVED',
}
