/**
 * The WooCommerce REST v3 shapes this connector reads (a webhook body is the same representation as
 * `GET /wp-json/wc/v3/<resource>s/<id>`). Only the fields used are typed; WooCommerce sends many more.
 * Dates come twice: `date_x` in the site's zone without an offset, `date_x_gmt` in UTC without an
 * offset; the connector reads only the `_gmt` ones, parsed with `assumeUtc`.
 */

export interface WooMeta {
  id?: number
  key: string
  value: unknown
}

export interface WooAddress {
  first_name?: string
  last_name?: string
  company?: string
  address_1?: string
  address_2?: string
  city?: string
  state?: string
  postcode?: string
  country?: string
  email?: string
  phone?: string
}

export interface WooLineItem {
  id: number
  name: string
  product_id: number
  variation_id: number
  quantity: number
  /** pre-discount line total (decimal string) */
  subtotal: string
  /** line total after discounts (decimal string) */
  total: string
  sku: string | null
  /** unit price: a JSON number in the REST response */
  price: number | string
  meta_data?: WooMeta[]
}

/** As the order lists them: no date; `total` is negative ("-10.00"). */
export interface WooOrderRefund {
  id: number
  reason: string
  total: string
}

export interface WooOrder {
  id: number
  parent_id?: number
  number: string
  status: string
  currency: string
  date_created_gmt: string
  date_modified_gmt: string
  date_paid_gmt?: string | null
  date_completed_gmt?: string | null
  total: string
  customer_id: number
  customer_note: string
  billing: WooAddress
  shipping: WooAddress
  line_items: WooLineItem[]
  refunds: WooOrderRefund[]
  meta_data?: WooMeta[]
}

/** `GET /orders/<id>/refunds`: refunds with their dates. */
export interface WooRefund {
  id: number
  date_created_gmt: string
  amount: string
  reason: string
}

export interface WooOrderNote {
  id: number
  note: string
  customer_note: boolean
  date_created_gmt: string
}

export interface WooProduct {
  id: number
  name: string
  slug?: string
  /** simple, variable, grouped, external — or `variation` when a variation is read through /products */
  type: string
  /** publish, draft, pending, private, future, trash */
  status: string
  parent_id?: number
  sku: string
  price: string
  regular_price: string
  sale_price: string
  on_sale?: boolean
  /** true, false, or "parent" on a variation whose stock the parent manages */
  manage_stock: boolean | 'parent'
  stock_quantity: number | null
  tags?: Array<{ id: number; name: string; slug: string }>
  variations?: number[]
  date_created_gmt: string
  date_modified_gmt: string
}

export interface WooCustomer {
  id: number
  email: string
  first_name: string
  last_name: string
  billing?: WooAddress
  date_created_gmt: string
  /** null for an account never modified since it was created */
  date_modified_gmt: string | null
  meta_data?: WooMeta[]
}

export interface WooWebhook {
  id: number
  name: string
  /** active, paused (by a person), disabled (by WooCommerce after delivery failures) */
  status: 'active' | 'paused' | 'disabled'
  topic: string
  delivery_url: string
}

/** Fulfillments REST API (WooCommerce 10.1+): meta keys `_items`, `_tracking_number`, `_tracking_url`, `_shipping_provider`. */
export interface WooFulfillment {
  id: number
  entity_type: string
  entity_id: string
  status: string
  is_fulfilled: boolean
  date_updated: string | null
  date_deleted: string | null
  meta_data: WooMeta[]
}
