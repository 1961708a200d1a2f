import type { ActionContext } from '../../../core/sdk/index.js'
import { numberToDecimal } from '../decimal.js'
import type { WooRest } from '../rest.js'
import type { WooProduct } from '../woo-types.js'
import { findBySku, itemPath } from './targets.js'

/**
 * `product.setPrice` — class `natural`: absolute prices on the product or variation with the SKU.
 * WooCommerce keeps `regular_price` and, during a sale, `sale_price` (what the customer pays); the
 * canonical `price` is what the customer pays and `compareAtPrice` the struck-through one:
 * - compareAtPrice given:   regular_price = compareAtPrice, sale_price = price;
 * - compareAtPrice null:    regular_price = price, sale_price cleared (the sale ends);
 * - compareAtPrice omitted: the running sale, if any, is kept: sale_price = price; else regular_price = price.
 * A repeat finds the state the first run left and writes the same fields. Numbers are written as the
 * decimal they print as (19.9 → "19.9"); decimal strings as given.
 */
export interface SetPriceParams {
  sku: string
  price: number | string
  compareAtPrice?: number | string | null
}

export function priceBody(item: Pick<WooProduct, 'sale_price'>, params: SetPriceParams): Record<string, string> {
  const price = numberToDecimal(params.price)
  if (params.compareAtPrice === null) return { regular_price: price, sale_price: '' }
  if (params.compareAtPrice !== undefined) return { regular_price: numberToDecimal(params.compareAtPrice), sale_price: price }
  return item.sale_price ? { sale_price: price } : { regular_price: price }
}

export function createSetPrice(rest: WooRest) {
  return async function run(ctx: ActionContext, params: SetPriceParams) {
    const item = await findBySku(rest, params.sku, { signal: ctx.signal })
    const { data } = await rest.call<WooProduct>('PUT', itemPath(item), { body: priceBody(item, params), signal: ctx.signal })
    return { id: data.id, sku: params.sku, price: data.price, regularPrice: data.regular_price, salePrice: data.sale_price }
  }
}
