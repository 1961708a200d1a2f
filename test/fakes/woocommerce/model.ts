/**
 * What the fake WooCommerce keeps, and how it renders it the way REST v3 (and so a webhook body) shows
 * it. Times are kept as epoch ms on the fake's clock, at second resolution like MySQL DATETIME; they
 * render twice: `date_x` in the site's zone without an offset and `date_x_gmt` in UTC without one.
 */

/** The fake site's zone: UTC+02:00 (Europe/Berlin in summer), so local and GMT dates visibly differ. */
export const SITE_OFFSET_MS = 2 * 3_600_000

export const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19)
export const local = (ms: number) => gmt(ms + SITE_OFFSET_MS)
export const dates = (name: string, ms: number | null) => ({ [name]: ms === null ? null : local(ms), [`${name}_gmt`]: ms === null ? null : gmt(ms) })

export interface FakeLine {
  id: number
  name: string
  productId: number
  variationId: number
  sku: string
  quantity: number
  /** unit price, decimal string */
  price: string
}

export interface FakeRefund {
  id: number
  amount: string
  reason: string
  createdMs: number
}

export interface FakeNote {
  id: number
  note: string
  customerNote: boolean
  createdMs: number
}

export interface FakeOrder {
  id: number
  status: string
  currency: string
  total: string
  customerId: number
  email: string
  firstName: string
  lastName: string
  customerNote: string
  lines: FakeLine[]
  refunds: FakeRefund[]
  notes: FakeNote[]
  meta: Array<{ id: number; key: string; value: unknown }>
  createdMs: number
  modifiedMs: number
  paidMs: number | null
  completedMs: number | null
  trashed: boolean
}

export interface FakeProduct {
  id: number
  name: string
  type: 'simple' | 'variable' | 'variation'
  status: string
  parentId: number
  sku: string
  regularPrice: string
  salePrice: string
  manageStock: boolean | 'parent'
  stockQuantity: number | null
  createdMs: number
  modifiedMs: number
  trashed: boolean
}

export interface FakeCustomer {
  id: number
  email: string
  firstName: string
  lastName: string
  meta: Array<{ id: number; key: string; value: unknown }>
  createdMs: number
  modifiedMs: number | null
}

export interface FakeWebhook {
  id: number
  name: string
  status: 'active' | 'paused' | 'disabled'
  topic: string
  deliveryUrl: string
  secret: string
  failureCount: number
  createdMs: number
}

export interface FakeFulfillment {
  id: number
  orderId: number
  status: string
  isFulfilled: boolean
  meta: Array<{ id: number; key: string; value: unknown }>
  updatedMs: number
  deletedMs: number | null
}

const money = (n: number) => n.toFixed(2)
const cents = (amount: string) => Math.round(Number(amount) * 100)

export function renderOrder(o: FakeOrder) {
  const address = { first_name: o.firstName, last_name: o.lastName, company: '', address_1: 'Friedrichstraße 1', address_2: '', city: 'Berlin', state: '', postcode: '10117', country: 'DE' }
  return {
    id: o.id,
    parent_id: 0,
    status: o.trashed ? 'trash' : o.status,
    currency: o.currency,
    version: '9.8.5',
    prices_include_tax: false,
    ...dates('date_created', o.createdMs),
    ...dates('date_modified', o.modifiedMs),
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: '0.00',
    shipping_tax: '0.00',
    cart_tax: '0.00',
    total: o.total,
    total_tax: '0.00',
    customer_id: o.customerId,
    order_key: `wc_order_${o.id.toString(36)}fake`,
    billing: { ...address, email: o.email, phone: '+49 30 1234567' },
    shipping: { ...address, phone: '' },
    payment_method: 'stripe',
    payment_method_title: 'Credit card',
    transaction_id: o.paidMs ? `ch_${o.id}` : '',
    customer_ip_address: '203.0.113.7',
    customer_user_agent: 'Mozilla/5.0',
    created_via: 'checkout',
    customer_note: o.customerNote,
    ...dates('date_completed', o.completedMs),
    ...dates('date_paid', o.paidMs),
    cart_hash: 'c0ffee',
    number: String(o.id),
    meta_data: o.meta,
    line_items: o.lines.map((l) => ({
      id: l.id,
      name: l.name,
      product_id: l.productId,
      variation_id: l.variationId,
      quantity: l.quantity,
      tax_class: '',
      subtotal: money((cents(l.price) * l.quantity) / 100),
      subtotal_tax: '0.00',
      total: money((cents(l.price) * l.quantity) / 100),
      total_tax: '0.00',
      taxes: [],
      meta_data: [],
      sku: l.sku,
      price: Number(l.price),
      image: { id: '', src: '' },
      parent_name: null,
    })),
    tax_lines: [],
    shipping_lines: [],
    fee_lines: [],
    coupon_lines: [],
    refunds: [...o.refunds].reverse().map((r) => ({ id: r.id, reason: r.reason, total: `-${r.amount}` })),
    payment_url: `https://shop.example/checkout/order-pay/${o.id}/`,
    is_editable: false,
    needs_payment: !o.paidMs,
    needs_processing: true,
    currency_symbol: '€',
    _links: { self: [{ href: `https://shop.example/wp-json/wc/v3/orders/${o.id}` }], collection: [{ href: 'https://shop.example/wp-json/wc/v3/orders' }] },
  }
}

export function renderRefund(r: FakeRefund) {
  return { id: r.id, ...dates('date_created', r.createdMs), amount: r.amount, reason: r.reason, refunded_by: 1, refunded_payment: true, meta_data: [], line_items: [] }
}

export function renderNote(n: FakeNote) {
  return { id: n.id, author: 'system', ...dates('date_created', n.createdMs), note: n.note, customer_note: n.customerNote }
}

export function renderProduct(p: FakeProduct, variations: FakeProduct[] = []) {
  const price = p.salePrice || p.regularPrice
  return {
    id: p.id,
    name: p.name,
    slug: p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    permalink: `https://shop.example/product/${p.id}/`,
    ...dates('date_created', p.createdMs),
    ...dates('date_modified', p.modifiedMs),
    type: p.type,
    status: p.trashed ? 'trash' : p.status,
    parent_id: p.parentId,
    sku: p.sku,
    price,
    regular_price: p.regularPrice,
    sale_price: p.salePrice,
    on_sale: Boolean(p.salePrice),
    manage_stock: p.manageStock,
    stock_quantity: p.stockQuantity,
    stock_status: p.stockQuantity === null || p.stockQuantity > 0 ? 'instock' : 'outofstock',
    tags: [],
    variations: variations.map((v) => v.id),
    meta_data: [],
  }
}

export function renderCustomer(c: FakeCustomer) {
  return {
    id: c.id,
    ...dates('date_created', c.createdMs),
    ...dates('date_modified', c.modifiedMs),
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    role: 'customer',
    username: c.email.split('@')[0],
    billing: { first_name: c.firstName, last_name: c.lastName, email: c.email, phone: '' },
    shipping: { first_name: c.firstName, last_name: c.lastName },
    is_paying_customer: true,
    meta_data: c.meta,
  }
}

export function renderWebhook(w: FakeWebhook) {
  const [resource, event] = w.topic.split('.')
  return { id: w.id, name: w.name, status: w.status, topic: w.topic, resource, event, hooks: [], delivery_url: w.deliveryUrl, ...dates('date_created', w.createdMs), ...dates('date_modified', w.createdMs) }
}

export function renderFulfillment(f: FakeFulfillment) {
  return { id: f.id, entity_type: 'WC_Order', entity_id: String(f.orderId), status: f.status, is_fulfilled: f.isFulfilled, date_updated: gmt(f.updatedMs), date_deleted: f.deletedMs ? gmt(f.deletedMs) : null, meta_data: f.meta }
}
