/**
 * Realistic Shopify REST/webhook payloads, written from the documented field shapes (Admin REST
 * `Order`, `Customer`, `Product`, `Checkout`, `Refund`, `Fulfillment`): strings for money, a comma
 * string for tags, times with the shop's UTC offset, `admin_graphql_api_id` beside numeric ids, and the
 * clutter a real payload has (`*_set`, tax lines, presentment currency) so decoders are tested against
 * it. Used by the fake shop and by the decode tests.
 */

export type Raw = Record<string, any>

/** The fake shop is in New York in summer: REST times carry `-04:00`. */
export const SHOP_OFFSET_MINUTES = -240

export function restTime(ms: number, offsetMinutes = SHOP_OFFSET_MINUTES): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** GraphQL DateTime: UTC, second precision. */
export function graphqlTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

const moneySet = (amount: string, currency: string) => ({ shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } })

export interface CustomerSpec {
  id: string
  email: string
  firstName?: string
  lastName?: string
  tags?: string[]
  marketing?: 'subscribed' | 'not_subscribed' | 'unsubscribed'
  createdAt: number
  updatedAt?: number
}

export function customerPayload(c: CustomerSpec): Raw {
  return {
    id: Number(c.id),
    email: c.email,
    created_at: restTime(c.createdAt),
    updated_at: restTime(c.updatedAt ?? c.createdAt),
    first_name: c.firstName ?? 'Ada',
    last_name: c.lastName ?? 'Lovelace',
    state: 'enabled',
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    phone: null,
    currency: 'EUR',
    tags: (c.tags ?? []).join(', '),
    email_marketing_consent: { state: c.marketing ?? 'not_subscribed', opt_in_level: 'single_opt_in', consent_updated_at: null },
    sms_marketing_consent: null,
    admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
    default_address: null,
  }
}

export interface LineSpec {
  id: string
  sku: string | null
  title: string
  quantity: number
  price: string
  productId?: string | null
  variantId?: string | null
}

export interface OrderSpec {
  id: string
  number: number
  createdAt: number
  updatedAt?: number
  currency?: string
  total: string
  subtotal?: string
  financialStatus?: string
  fulfillmentStatus?: string | null
  tags?: string[]
  note?: string | null
  email?: string
  customer?: Raw | null
  lines: LineSpec[]
  checkoutId?: string | null
}

export function orderPayload(o: OrderSpec): Raw {
  const currency = o.currency ?? 'EUR'
  const created = restTime(o.createdAt)
  return {
    id: Number(o.id),
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    app_id: 580111,
    browser_ip: '203.0.113.7',
    buyer_accepts_marketing: false,
    cancel_reason: null,
    cancelled_at: null,
    cart_token: null,
    checkout_id: o.checkoutId === null ? null : Number(o.checkoutId ?? Number(o.id) + 7),
    checkout_token: 'c1f2e3d4a5b6c7d8e9f0a1b2c3d4e5f6',
    closed_at: null,
    confirmed: true,
    contact_email: o.email ?? o.customer?.email ?? null,
    created_at: created,
    currency,
    current_total_price: o.total,
    email: o.email ?? o.customer?.email ?? '',
    financial_status: o.financialStatus ?? 'pending',
    fulfillment_status: o.fulfillmentStatus ?? null,
    name: `#${o.number}`,
    note: o.note ?? null,
    note_attributes: [],
    number: o.number - 1000,
    order_number: o.number,
    presentment_currency: currency,
    processed_at: created,
    source_name: 'web',
    subtotal_price: o.subtotal ?? o.total,
    subtotal_price_set: moneySet(o.subtotal ?? o.total, currency),
    tags: (o.tags ?? []).join(', '),
    test: false,
    total_discounts: '0.00',
    total_price: o.total,
    total_price_set: moneySet(o.total, currency),
    total_tax: '0.00',
    updated_at: restTime(o.updatedAt ?? o.createdAt),
    billing_address: address(),
    customer: o.customer ?? null,
    discount_applications: [],
    fulfillments: [],
    line_items: o.lines.map((l) => ({
      id: Number(l.id),
      admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
      fulfillable_quantity: l.quantity,
      fulfillment_status: null,
      gift_card: false,
      grams: 300,
      name: l.title,
      price: l.price,
      price_set: moneySet(l.price, currency),
      product_exists: true,
      product_id: l.productId === undefined ? 632910392 : l.productId === null ? null : Number(l.productId),
      properties: [],
      quantity: l.quantity,
      requires_shipping: true,
      sku: l.sku ?? '',
      taxable: true,
      title: l.title,
      total_discount: '0.00',
      variant_id: l.variantId === undefined ? 808950810 : l.variantId === null ? null : Number(l.variantId),
      variant_title: null,
      vendor: 'Cartwire Apparel',
      tax_lines: [],
      discount_allocations: [],
    })),
    refunds: [],
    shipping_address: address(),
    shipping_lines: [{ id: 271878346, code: 'Standard', price: '0.00', title: 'Standard', source: 'shopify' }],
  }
}

function address(): Raw {
  return {
    first_name: 'Ada', last_name: 'Lovelace', name: 'Ada Lovelace', company: null, address1: '1 Analytical St', address2: '',
    city: 'Berlin', province: null, province_code: null, zip: '10115', country: 'Germany', country_code: 'DE', phone: '+49 30 1234567', latitude: null, longitude: null,
  }
}

export function refundPayload(r: { id: string; orderId: string; at: number; amount: string; currency?: string; lines?: Array<{ lineId: string; quantity: number }>; note?: string }): Raw {
  return {
    id: Number(r.id),
    admin_graphql_api_id: `gid://shopify/Refund/${r.id}`,
    order_id: Number(r.orderId),
    created_at: restTime(r.at),
    processed_at: restTime(r.at),
    note: r.note ?? null,
    restock: true,
    user_id: null,
    refund_line_items: (r.lines ?? []).map((l, i) => ({ id: 100 + i, line_item_id: Number(l.lineId), quantity: l.quantity, restock_type: 'return', subtotal: '0.00' })),
    transactions: [
      { id: Number(r.id) + 1, kind: 'refund', status: 'success', amount: r.amount, currency: r.currency ?? 'EUR', gateway: 'bogus', created_at: restTime(r.at) },
      { id: Number(r.id) + 2, kind: 'refund', status: 'failure', amount: r.amount, currency: r.currency ?? 'EUR', gateway: 'bogus', created_at: restTime(r.at) },
    ],
    order_adjustments: [],
  }
}

export function fulfillmentPayload(f: { id: string; orderId: string; at: number; updatedAt?: number; status?: string; shipmentStatus?: string | null; trackingNumber?: string | null; trackingCompany?: string | null; trackingUrl?: string | null; lines: Array<{ lineId: string; quantity: number }> }): Raw {
  return {
    id: Number(f.id),
    admin_graphql_api_id: `gid://shopify/Fulfillment/${f.id}`,
    order_id: Number(f.orderId),
    status: f.status ?? 'success',
    created_at: restTime(f.at),
    updated_at: restTime(f.updatedAt ?? f.at),
    service: 'manual',
    shipment_status: f.shipmentStatus ?? null,
    location_id: 655441491,
    name: `#F${f.id}`,
    tracking_company: f.trackingCompany ?? null,
    tracking_number: f.trackingNumber ?? null,
    tracking_numbers: f.trackingNumber ? [f.trackingNumber] : [],
    tracking_url: f.trackingUrl ?? null,
    tracking_urls: f.trackingUrl ? [f.trackingUrl] : [],
    line_items: f.lines.map((l) => ({ id: Number(l.lineId), quantity: l.quantity, fulfillment_status: 'fulfilled' })),
  }
}

export function checkoutPayload(c: { id: string; createdAt: number; updatedAt?: number; email: string; total: string; currency?: string; customer?: Raw | null; completedAt?: number | null; lines: LineSpec[] }): Raw {
  return {
    id: Number(c.id),
    token: `tok${c.id}`,
    cart_token: `cart${c.id}`,
    email: c.email,
    created_at: restTime(c.createdAt),
    updated_at: restTime(c.updatedAt ?? c.createdAt),
    completed_at: c.completedAt ? restTime(c.completedAt) : null,
    currency: c.currency ?? 'EUR',
    presentment_currency: c.currency ?? 'EUR',
    total_price: c.total,
    subtotal_price: c.total,
    total_tax: '0.00',
    abandoned_checkout_url: `https://cartwire-test.myshopify.com/checkouts/${c.id}/recover?key=k${c.id}`,
    customer: c.customer ?? null,
    line_items: c.lines.map((l) => ({ key: `key-${l.id}`, variant_id: l.variantId === undefined ? 808950810 : Number(l.variantId), product_id: 632910392, sku: l.sku ?? '', title: l.title, quantity: l.quantity, price: l.price, line_price: l.price })),
    shipping_address: address(),
  }
}
