import { CartwireError, type ActionContext } from '../../../core/sdk/index.js'
import { LOCATION_ID } from '../normalize-product.js'
import type { WooRest } from '../rest.js'
import type { WooProduct } from '../woo-types.js'
import { findBySku, itemPath } from './targets.js'

/**
 * `inventory.set` — class `natural`: an absolute stock quantity on the product or variation with the
 * SKU (`manage_stock: true, stock_quantity: n`), so a repeat writes the same figure. WooCommerce has one
 * stock location, `default`; naming another is ERR_PARAMS.
 */
export interface InventorySetParams {
  sku: string
  locationId?: string
  available: number
}

export function createInventorySet(rest: WooRest) {
  return async function run(ctx: ActionContext, params: InventorySetParams) {
    if (params.locationId !== undefined && params.locationId !== LOCATION_ID) {
      throw new CartwireError('ERR_PARAMS', `WooCommerce has one stock location, "${LOCATION_ID}"; got "${params.locationId}"`)
    }
    const item = await findBySku(rest, params.sku, { signal: ctx.signal })
    const { data } = await rest.call<WooProduct>('PUT', itemPath(item), { body: { manage_stock: true, stock_quantity: params.available }, signal: ctx.signal })
    return { id: data.id, sku: params.sku, available: data.stock_quantity }
  }
}
