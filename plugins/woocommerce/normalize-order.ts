import { toUtcIso, type Address, type Order, type OrderLine, type Refund } from '../../core/sdk/index.js'
import { absDecimal, numberToDecimal, sumDecimals } from './decimal.js'
import { mapOrderStatus } from './status-map.js'
import type { WooAddress, WooOrder } from './woo-types.js'

/**
 * WooCommerce order (REST v3 / webhook body) → canonical order.
 * - Times: `date_created_gmt` / `date_modified_gmt`, UTC without a zone, parsed with `assumeUtc`.
 * - Tags: WooCommerce orders have none, so `tags` is always []. Customer tags come from the caller
 *   (the `customerTagsMetaKey` user meta), else [].
 * - Refunds: the order lists each refund with id, reason and a negative total, but no date; the caller
 *   supplies the dates it read from `GET /orders/<id>/refunds` (refunds never change once made).
 * - subtotal: WooCommerce has no order subtotal field; it is the exact sum of the lines' pre-discount
 *   subtotals.
 * - `note` is the customer's checkout note (`customer_note`); private order notes are a separate list.
 */
export const ORDER_NORMALIZER_VERSION = 1

export function utc(value: string): string {
  return toUtcIso(value, { assumeUtc: true })
}

export function normalizeOrder(order: WooOrder, refundDates: ReadonlyMap<string, string>, customerTags: readonly string[]): Order {
  const currency = order.currency
  const money = (amount: string) => ({ amount, currency })
  const refunds: Refund[] = order.refunds.map((r) => {
    const createdAt = refundDates.get(String(r.id))
    if (!createdAt) throw new Error(`refund ${r.id} of order ${order.id} has no known date`)
    return { id: String(r.id), amount: money(absDecimal(r.total)), createdAt, reason: r.reason ? r.reason : null }
  })
  const status = mapOrderStatus({
    status: order.status,
    datePaid: order.date_paid_gmt,
    dateCompleted: order.date_completed_gmt,
    total: order.total,
    refunds: refunds.map((r) => r.amount.amount),
  })
  const lines: OrderLine[] = order.line_items.map((item) => ({
    id: String(item.id),
    sku: item.sku ? item.sku : null,
    productId: item.product_id ? String(item.product_id) : null,
    variantId: item.variation_id ? String(item.variation_id) : null,
    title: item.name,
    quantity: item.quantity,
    price: money(numberToDecimal(item.price)),
    total: money(item.total),
  }))
  const email = order.billing?.email ? order.billing.email : null
  return {
    id: String(order.id),
    number: order.number,
    currency,
    totalPrice: money(order.total),
    subtotalPrice: money(sumDecimals(order.line_items.map((item) => item.subtotal))),
    ...status,
    email,
    tags: [],
    note: order.customer_note ? order.customer_note : null,
    customer: { id: order.customer_id ? String(order.customer_id) : null, email, tags: [...customerTags], acceptsMarketing: false },
    lines,
    refunds,
    fulfillments: [],
    shippingAddress: address(order.shipping),
    checkoutId: null,
    createdAt: utc(order.date_created_gmt),
    updatedAt: utc(order.date_modified_gmt),
  }
}

/** A WooCommerce address → canonical; empty strings are absent fields, an address of nothing is null. */
export function address(a: WooAddress | undefined): Address | null {
  if (!a) return null
  const name = [a.first_name, a.last_name].filter(Boolean).join(' ')
  const out: Address = {}
  const set = (key: keyof Address, value: string | undefined) => {
    if (value) out[key] = value
  }
  set('name', name)
  set('company', a.company)
  set('line1', a.address_1)
  set('line2', a.address_2)
  set('city', a.city)
  set('region', a.state)
  set('postalCode', a.postcode)
  set('countryCode', a.country)
  set('phone', a.phone)
  return Object.keys(out).length ? out : null
}

/** Tags from a user-meta value: a comma-separated string or an array of strings; trimmed, no empties. */
export function tagsFromMeta(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : []
  return [...new Set(parts.map((t) => t.trim()).filter(Boolean))]
}
