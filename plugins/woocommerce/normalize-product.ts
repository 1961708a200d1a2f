import type { InventoryLevel, Product, ProductStatus, Variant } from '../../core/sdk/index.js'
import { utc } from './normalize-order.js'
import type { WooProduct } from './woo-types.js'

/**
 * WooCommerce products → canonical products and inventory levels.
 * - A simple (or external, grouped) product is its own single variant; a variable product's variants
 *   are its variations, read from `/products/<id>/variations` (the product lists only their ids).
 * - Price: `price` is what the customer pays now; when a sale runs, `regular_price` is the struck-through
 *   one (`compareAtPrice`). Product payloads carry no currency: the store currency is passed in.
 * - Inventory: WooCommerce has one stock location, `default`. A product or variation with
 *   `manage_stock: true`, a SKU and a quantity is one level `<sku>@default`; stock the parent manages
 *   (`manage_stock: "parent"`) or does not track yields none.
 */
export const LOCATION_ID = 'default'

/** WordPress post statuses; `trash` never gets here (a trashed product is gone, as product.deleted says). */
const STATUS: Readonly<Record<string, ProductStatus>> = { publish: 'active', future: 'draft', draft: 'draft', pending: 'draft', private: 'draft' }

function variantOf(p: WooProduct, currency: string): Variant {
  const amount = p.price || p.regular_price || '0'
  const onSale = Boolean(p.sale_price) && p.regular_price !== '' && p.regular_price !== p.price
  return {
    id: String(p.id),
    sku: p.sku ? p.sku : null,
    ...(p.name ? { title: p.name } : {}),
    price: { amount, currency },
    compareAtPrice: onSale ? { amount: p.regular_price, currency } : null,
    inventoryItemId: String(p.id),
  }
}

export function normalizeProduct(product: WooProduct, variations: readonly WooProduct[], currency: string): Product {
  // ordered by id, so the content does not depend on the order the variations list was read in
  const variants = product.type === 'variable' ? [...variations].sort((a, b) => a.id - b.id).map((v) => variantOf(v, currency)) : [variantOf(product, currency)]
  return {
    id: String(product.id),
    title: product.name,
    status: STATUS[product.status] ?? 'draft',
    handle: product.slug ? product.slug : null,
    vendor: null,
    tags: (product.tags ?? []).map((t) => t.name.trim()).filter(Boolean),
    variants,
    createdAt: utc(product.date_created_gmt),
    updatedAt: utc(product.date_modified_gmt),
  }
}

/** The inventory level a product or variation carries, if its stock is tracked under a SKU. */
export function inventoryOf(item: WooProduct): InventoryLevel | null {
  if (item.manage_stock !== true || !item.sku || item.stock_quantity === null || item.stock_quantity === undefined) return null
  return {
    id: `${item.sku}@${LOCATION_ID}`,
    sku: item.sku,
    locationId: LOCATION_ID,
    available: item.stock_quantity,
    inventoryItemId: String(item.id),
    createdAt: utc(item.date_created_gmt),
    updatedAt: utc(item.date_modified_gmt),
  }
}
