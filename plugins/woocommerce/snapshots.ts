import type { Decoded, ResourceRef } from '../../core/sdk/index.js'
import type { Lookups } from './lookups.js'
import { normalizeCustomer } from './normalize-customer.js'
import { normalizeOrder, ORDER_NORMALIZER_VERSION } from './normalize-order.js'
import { inventoryOf, normalizeProduct } from './normalize-product.js'
import type { RestOptions, WooRest } from './rest.js'
import type { WooCustomer, WooOrder, WooProduct } from './woo-types.js'

/**
 * REST payloads → what the core stores. Two modes:
 * - webhook decode (`live: false`) depends on the payload alone, so the same body always decodes the
 *   same, and never calls the platform. A payload that lacks a fact becomes a `ref` the core fetches
 *   (retrying while the platform is down): an order listing refunds (the order gives no refund dates),
 *   an order of a registered customer when customer tags come from user meta, a product when the store
 *   currency is not configured, a variable product (its variations are separate resources);
 * - poll and fetch (`live: true`) read what is missing, through the connection's cache (lookups.ts).
 * A trashed order or product (`status: "trash"`) is gone, as its `*.deleted` webhook says.
 */
export type Mode = { live: false } | { live: true; opts: RestOptions }

export interface Builder {
  order(order: WooOrder, mode: Mode): Promise<Decoded[]>
  product(product: WooProduct, mode: Mode): Promise<Decoded[]>
  customer(customer: WooCustomer): Promise<Decoded[]>
}

const ref = (kind: ResourceRef['kind'], id: number | string): Decoded => ({ ref: { kind, id: String(id) } })
const gone = (kind: ResourceRef['kind'], id: number | string): Decoded => ({ gone: { kind, id: String(id) } })

export function createBuilder(rest: WooRest, lookups: Lookups, settings: { customerTagsMetaKey?: string; currency?: string }): Builder {
  const tagsMetaKey = settings.customerTagsMetaKey
  const configuredCurrency = settings.currency
  return {
    async order(order, mode) {
      if (order.status === 'trash') return [gone('order', order.id)]
      if (!mode.live) {
        if (order.refunds.length > 0 || (tagsMetaKey && order.customer_id)) return [ref('order', order.id)]
        return [{ snapshot: { kind: 'order', entity: normalizeOrder(order, new Map(), []), normalizerVersion: ORDER_NORMALIZER_VERSION } }]
      }
      const dates = await lookups.refundDates(order, mode.opts)
      const tags = await lookups.customerTagsOf(order.customer_id, mode.opts)
      return [{ snapshot: { kind: 'order', entity: normalizeOrder(order, dates, tags), normalizerVersion: ORDER_NORMALIZER_VERSION } }]
    },

    async product(product, mode) {
      const level = inventoryOf(product)
      const inventory: Decoded[] = level ? [{ snapshot: { kind: 'inventory', entity: level } }] : []
      // a variation read through /products: its stock is its own, its catalogue entry is the parent's
      if (product.type === 'variation') return [...inventory, ...(product.parent_id ? [ref('product', product.parent_id)] : [])]
      if (product.status === 'trash') return [gone('product', product.id)]
      const currency = mode.live ? await lookups.currency(mode.opts) : configuredCurrency
      if (!currency || (product.type === 'variable' && !mode.live)) return [ref('product', product.id), ...inventory]
      const variations = product.type === 'variable' && mode.live ? await listVariations(rest, product.id, mode.opts) : []
      const variationLevels = variations.map(inventoryOf).filter((l) => l !== null).map((entity): Decoded => ({ snapshot: { kind: 'inventory', entity } }))
      return [{ snapshot: { kind: 'product', entity: normalizeProduct(product, variations, currency) } }, ...inventory, ...variationLevels]
    },

    async customer(customer) {
      await lookups.rememberCustomer(customer)
      return [{ snapshot: { kind: 'customer', entity: normalizeCustomer(customer, tagsMetaKey) } }]
    },
  }
}

/** Every variation of a variable product, page by page (WooCommerce caps per_page at 100). */
export async function listVariations(rest: WooRest, productId: number, opts: RestOptions): Promise<WooProduct[]> {
  const all: WooProduct[] = []
  for (let page = 1; ; page++) {
    const { data, headers } = await rest.call<WooProduct[]>('GET', `/products/${productId}/variations`, { ...opts, query: { per_page: 100, page } })
    all.push(...data.map((v) => ({ ...v, type: 'variation', parent_id: productId })))
    if (page >= Number(headers['x-wp-totalpages'] ?? 1) || data.length === 0) return all
  }
}
