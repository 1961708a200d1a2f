import { CartwireError } from '../../../core/sdk/index.js'
import type { RestOptions, WooRest } from '../rest.js'
import type { WooProduct } from '../woo-types.js'

/** How an action finds what it writes: the order by id, a product or variation by SKU. */

/** Order actions get `orderId` from the core (the event's order) unless the rule names one. */
export function orderPath(params: { orderId?: string }): string {
  if (!params.orderId) throw new CartwireError('ERR_PARAMS', 'orderId is missing: the step has no order to act on')
  return `/orders/${encodeURIComponent(params.orderId)}`
}

/**
 * The product or variation that carries a SKU. `GET /products?sku=` matches exactly and, when a SKU is
 * given, searches variations too (post types product and product_variation). WooCommerce keeps SKUs
 * unique, but imports and direct database writes break that: two matches are ERR_AMBIGUOUS_SKU, never
 * a guess.
 */
export async function findBySku(rest: WooRest, sku: string, opts: RestOptions): Promise<WooProduct> {
  const { data } = await rest.call<WooProduct[]>('GET', '/products', { ...opts, query: { sku, per_page: 100 } })
  const matches = data.filter((p) => p.sku === sku)
  if (matches.length === 0) throw new CartwireError('ERR_NOT_FOUND', `no product or variation has SKU ${sku}`)
  if (matches.length > 1) throw new CartwireError('ERR_AMBIGUOUS_SKU', `SKU ${sku} names ${matches.length} products or variations (ids ${matches.map((p) => p.id).join(', ')})`)
  return matches[0]
}

/** Where a product or variation is written: a variation lives under its parent. */
export function itemPath(item: WooProduct): string {
  return item.type === 'variation' && item.parent_id ? `/products/${item.parent_id}/variations/${item.id}` : `/products/${item.id}`
}
