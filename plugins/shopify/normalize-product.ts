import type { Product, Variant } from '../../core/sdk/index.js'
import { idOf, legacyId, money, requireId, tagsOf, text, time, type Raw } from './normalize-parts.js'
import { productStatus } from './status-map.js'

/**
 * Products arrive in two shapes: the REST shape of `products/*` webhooks and the GraphQL shape of fetch
 * and poll (products and variants are read through GraphQL only: the REST product endpoints are
 * deprecated and show a custom app at most 100 variants). Both normalize to the same canonical Product,
 * so one state seen both ways is one version. Product payloads carry no currency: prices are in the
 * shop currency, passed in.
 */

/** `products/create|update` payload → Product. */
export function productFromRest(raw: Raw, currency: string): Product {
  return {
    id: typeof raw.admin_graphql_api_id === 'string' ? legacyId(raw.admin_graphql_api_id) : requireId(raw.id, 'product'),
    title: String(raw.title ?? ''),
    status: productStatus(raw.status),
    handle: text(raw.handle),
    vendor: text(raw.vendor),
    tags: tagsOf(raw.tags),
    variants: (raw.variants ?? []).map(
      (v: Raw): Variant => ({
        id: typeof v.admin_graphql_api_id === 'string' ? legacyId(v.admin_graphql_api_id) : requireId(v.id, 'variant'),
        sku: text(v.sku),
        ...(typeof v.title === 'string' && { title: v.title }),
        price: money(v.price, currency),
        compareAtPrice: v.compare_at_price === null || v.compare_at_price === undefined || v.compare_at_price === '' ? null : money(v.compare_at_price, currency),
        inventoryItemId: idOf(v.inventory_item_id),
      }),
    ),
    createdAt: time(raw.created_at, 'product created_at'),
    updatedAt: time(raw.updated_at, 'product updated_at'),
  }
}

/** A GraphQL `Product` node (fields of PRODUCT_FIELDS) with all its variant nodes → Product. */
export function productFromGraphql(node: Raw, variants: readonly Raw[], currency: string): Product {
  return {
    id: legacyId(String(node.id)),
    title: String(node.title ?? ''),
    status: productStatus(node.status),
    handle: text(node.handle),
    vendor: text(node.vendor),
    tags: tagsOf(node.tags),
    variants: variants.map(
      (v): Variant => ({
        id: legacyId(String(v.id)),
        sku: text(v.sku),
        ...(typeof v.title === 'string' && { title: v.title }),
        price: money(v.price, currency),
        compareAtPrice: v.compareAtPrice === null || v.compareAtPrice === undefined ? null : money(v.compareAtPrice, currency),
        inventoryItemId: v.inventoryItem?.id ? legacyId(String(v.inventoryItem.id)) : null,
      }),
    ),
    createdAt: time(node.createdAt, 'product createdAt'),
    updatedAt: time(node.updatedAt, 'product updatedAt'),
  }
}

/**
 * The REST shape may be cut short for products with many variants (a custom app sees at most 100), so a
 * webhook with that many is treated as thin and the product is fetched through GraphQL.
 */
export const REST_VARIANT_LIMIT = 100
