import { CartwireError, type ActionContext, type ProductStatus } from '../../../core/sdk/index.js'
import type { ShopifyApi } from '../api.js'
import { assertNoUserErrors } from '../graphql.js'
import { decimal, gid } from '../normalize-parts.js'
import { PRODUCT_UPDATE, VARIANTS_BULK_UPDATE } from '../queries.js'
import { PRODUCT_STATUS_INPUT } from '../status-map.js'

interface PriceParams {
  sku: string
  price: number | string
  compareAtPrice?: number | string | null
}

interface StatusParams {
  productId?: string
  sku?: string
  status: ProductStatus
}

/** A number is written with the currency's minor units (JPY 0, EUR 2); a decimal string as it is. */
export function priceText(value: number | string, currency: string): string {
  if (typeof value === 'string') return decimal(value)
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  return value.toFixed(digits)
}

/**
 * Product writes, through GraphQL only (the REST product and variant endpoints are deprecated).
 * - `product.setPrice`: the variant with this exact SKU (two variants sharing it is ERR_AMBIGUOUS_SKU,
 *   never a silent pick) gets an absolute price through `productVariantsBulkUpdate`: `natural`.
 * - `product.setStatus`: `productUpdate` with an absolute status: `natural`.
 */
export function createProductActions(api: ShopifyApi) {
  async function setPrice(ctx: ActionContext, p: PriceParams) {
    const variant = await api.variantBySku(p.sku, 'action', ctx.signal)
    const currency = await api.currency()
    const input = {
      id: gid('ProductVariant', variant.variantId),
      price: priceText(p.price, currency),
      ...(p.compareAtPrice !== undefined && { compareAtPrice: p.compareAtPrice === null ? null : priceText(p.compareAtPrice, currency) }),
    }
    const data = await api.graphql.query(VARIANTS_BULK_UPDATE.document, { productId: gid('Product', variant.productId), variants: [input] }, { priority: 'action', signal: ctx.signal, cost: VARIANTS_BULK_UPDATE.cost })
    assertNoUserErrors(data.productVariantsBulkUpdate, `Shopify productVariantsBulkUpdate for SKU ${p.sku}`)
    return { variantId: variant.variantId, price: input.price }
  }

  async function setStatus(ctx: ActionContext, p: StatusParams) {
    const fromEvent = ctx.event?.resource.kind === 'product' && ctx.event.source === ctx.connection ? ctx.event.resource.id : undefined
    const productId = p.productId ?? (p.sku ? (await api.variantBySku(p.sku, 'action', ctx.signal)).productId : fromEvent)
    if (!productId) throw new CartwireError('ERR_PARAMS', 'product.setStatus needs productId, sku, or a product event')
    const product = { id: gid('Product', productId), status: PRODUCT_STATUS_INPUT[p.status] }
    const data = await api.graphql.query(PRODUCT_UPDATE.document, { product }, { priority: 'action', signal: ctx.signal, cost: PRODUCT_UPDATE.cost })
    assertNoUserErrors(data.productUpdate, `Shopify productUpdate (status) on product ${productId}`)
    return { productId, status: p.status }
  }

  return { setPrice, setStatus }
}
