import type { Checkout, Customer } from '../../core/sdk/index.js'
import { lineItem } from './normalize-order.js'
import { acceptsMarketing, customerRef, idOf, legacyId, money, optionalTime, requireId, tagsOf, text, time, type Raw } from './normalize-parts.js'

/** `customers/*` payload or `customers.json` element → Customer. */
export function normalizeCustomer(raw: Raw): Customer {
  const orders = raw.orders_count ?? raw.number_of_orders
  return {
    id: typeof raw.admin_graphql_api_id === 'string' ? legacyId(raw.admin_graphql_api_id) : requireId(raw.id, 'customer'),
    email: text(raw.email),
    firstName: text(raw.first_name),
    lastName: text(raw.last_name),
    phone: text(raw.phone),
    tags: tagsOf(raw.tags),
    acceptsMarketing: acceptsMarketing(raw),
    ...(orders !== undefined && orders !== null && { ordersCount: Number(orders) }),
    createdAt: time(raw.created_at, 'customer created_at'),
    updatedAt: time(raw.updated_at, 'customer updated_at'),
  }
}

/**
 * `checkouts/*` payload or abandoned `checkouts.json` element → Checkout. The checkout's `id` is what an
 * order's `checkout_id` points at; a completed checkout has `completed_at`.
 */
export function normalizeCheckout(raw: Raw): Checkout {
  const currency = String(raw.currency ?? raw.presentment_currency ?? '').toUpperCase()
  return {
    id: requireId(raw.id, 'checkout'),
    email: text(raw.email),
    currency,
    totalPrice: money(raw.total_price, currency),
    lines: (raw.line_items ?? []).map((line: Raw, index: number) => lineItem(line, currency, text(line.key) ?? idOf(line.id) ?? idOf(line.variant_id) ?? String(index + 1))),
    customer: customerRef(raw.customer),
    abandonedCheckoutUrl: text(raw.abandoned_checkout_url),
    completedAt: optionalTime(raw.completed_at),
    orderId: idOf(raw.order_id),
    createdAt: time(raw.created_at, 'checkout created_at'),
    updatedAt: time(raw.updated_at, 'checkout updated_at'),
  }
}
