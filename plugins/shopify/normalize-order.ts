import type { Order, OrderLine, Refund, Shipment } from '../../core/sdk/index.js'
import { address, customerRef, idOf, legacyId, money, optionalTime, requireId, sumDecimals, tagsOf, text, time, type Raw } from './normalize-parts.js'
import { financialStatus, fulfillmentStatus, orderStatus, rawOrderStatus, shipmentStatus } from './status-map.js'

/**
 * A Shopify order in its REST/webhook representation (`orders/*` payloads and `orders.json` are the same
 * object) → the canonical Order. Money stays in the order's decimal strings and shop currency
 * (`currency`; `presentment_currency` is what the buyer saw); `updatedAt` is `updated_at`, so a retried
 * delivery with the original payload normalizes to the stored version and fires nothing.
 */
export function normalizeOrder(raw: Raw): Order {
  const id = orderId(raw)
  const currency = String(raw.currency ?? '').toUpperCase()
  return {
    id,
    number: text(raw.name)?.replace(/^#/, '') ?? String(raw.order_number ?? id),
    currency,
    totalPrice: money(raw.total_price, currency),
    subtotalPrice: money(raw.subtotal_price ?? raw.total_price, currency),
    status: orderStatus(raw),
    financialStatus: financialStatus(raw.financial_status),
    fulfillmentStatus: fulfillmentStatus(raw.fulfillment_status),
    rawStatus: rawOrderStatus(raw),
    email: text(raw.email) ?? text(raw.contact_email),
    tags: tagsOf(raw.tags),
    note: text(raw.note),
    customer: customerRef(raw.customer),
    lines: (raw.line_items ?? []).map((line: Raw) => lineItem(line, currency, requireId(line.id, 'order line'))),
    refunds: (raw.refunds ?? []).map((refund: Raw) => normalizeRefund(refund, currency)),
    fulfillments: (raw.fulfillments ?? []).map((f: Raw) => normalizeShipment(f, id)),
    shippingAddress: address(raw.shipping_address),
    checkoutId: idOf(raw.checkout_id) ?? text(raw.checkout_token),
    createdAt: time(raw.created_at, 'order created_at'),
    updatedAt: time(raw.updated_at, 'order updated_at'),
    cancelledAt: optionalTime(raw.cancelled_at),
  }
}

/** The order id: from `admin_graphql_api_id` when present (exact whatever its size), else `id`. */
export function orderId(raw: Raw): string {
  return typeof raw.admin_graphql_api_id === 'string' ? legacyId(raw.admin_graphql_api_id) : requireId(raw.id, 'order')
}

/** An order or checkout line item; checkout lines have no id of their own and pass their `key`. */
export function lineItem(raw: Raw, currency: string, id: string): OrderLine {
  return {
    id,
    sku: text(raw.sku),
    productId: idOf(raw.product_id),
    variantId: idOf(raw.variant_id),
    ...(typeof raw.title === 'string' && { title: raw.title }),
    quantity: Number(raw.quantity ?? 0),
    price: money(raw.price, currency),
  }
}

/**
 * A refund's amount is what was paid back: its successful `refund` transactions. A refund that only
 * restocks (no transaction) is 0.
 */
export function normalizeRefund(raw: Raw, currency: string): Refund {
  const paidBack = (raw.transactions ?? []).filter((t: Raw) => t.kind === 'refund' && t.status === 'success').map((t: Raw) => String(t.amount))
  return {
    id: requireId(raw.id, 'refund'),
    amount: { amount: sumDecimals(paidBack), currency },
    createdAt: time(raw.created_at ?? raw.processed_at, 'refund created_at'),
    reason: text(raw.note),
    lines: (raw.refund_line_items ?? []).map((l: Raw) => ({ lineId: requireId(l.line_item_id, 'refund line'), quantity: Number(l.quantity ?? 0) })),
  }
}

/** A fulfillment → canonical Shipment (a member of its order; shipment.* events come from these). */
export function normalizeShipment(raw: Raw, orderIdValue: string): Shipment {
  return {
    id: requireId(raw.id, 'fulfillment'),
    orderId: idOf(raw.order_id) ?? orderIdValue,
    status: shipmentStatus(raw.status, raw.shipment_status),
    trackingNumber: text(raw.tracking_number) ?? text(raw.tracking_numbers?.[0]),
    trackingCompany: text(raw.tracking_company),
    trackingUrl: text(raw.tracking_url) ?? text(raw.tracking_urls?.[0]),
    lines: (raw.line_items ?? []).map((l: Raw) => ({ lineId: requireId(l.id, 'fulfillment line'), quantity: Number(l.quantity ?? 0) })),
    createdAt: time(raw.created_at, 'fulfillment created_at'),
    updatedAt: time(raw.updated_at ?? raw.created_at, 'fulfillment updated_at'),
  }
}
