import { CartwireError, isCartwireError, type FetchResult, type ResourceRef } from '../../core/sdk/index.js'
import type { ShopifyApi } from './api.js'
import { ITEM_REF_PREFIX } from './decode.js'
import { normalizeCheckout, normalizeCustomer } from './normalize-customer.js'
import { levelFromGraphql } from './normalize-inventory.js'
import { normalizeOrder } from './normalize-order.js'
import { gid, legacyId, type Raw } from './normalize-parts.js'
import { productFromGraphql } from './normalize-product.js'
import { INVENTORY_LEVEL, PRODUCT } from './queries.js'

/**
 * The current state of one resource (thin webhooks, version ties, after a wait). Orders, customers and
 * checkouts come from REST, whose shape is the webhook's, so one normalizer serves both; products and
 * inventory from GraphQL. A resource Shopify no longer has is `{ gone }`.
 */
export function createFetch(api: ShopifyApi) {
  const gone = (ref: ResourceRef): FetchResult => ({ gone: { kind: ref.kind, id: ref.id } })

  async function rest(path: string, signal?: AbortSignal) {
    const res = await api.rest.request(path, { priority: 'fetch', signal, accept: [404] })
    return res.status === 404 ? undefined : (res.json as Raw)
  }

  async function product(id: string, signal?: AbortSignal): Promise<Raw | undefined> {
    const variants: Raw[] = []
    let node: Raw | undefined
    let after: string | null = null
    do {
      const data: Raw = await api.graphql.query(PRODUCT.document, { id: gid('Product', id), after }, { priority: 'fetch', signal, cost: PRODUCT.cost })
      if (!data.product) return undefined
      node = data.product
      variants.push(...data.product.variants.nodes)
      after = data.product.variants.pageInfo.hasNextPage ? data.product.variants.pageInfo.endCursor : null
    } while (after)
    return { node, variants }
  }

  /** `sku@location` (canonical) or `item:<inventoryItemId>@location` (from an inventory_levels webhook). */
  async function inventory(ref: ResourceRef, signal?: AbortSignal): Promise<FetchResult> {
    const at = ref.id.lastIndexOf('@')
    if (at <= 0) throw new CartwireError('ERR_DECODE', `inventory id ${ref.id} is not sku@location`)
    const key = ref.id.slice(0, at)
    const locationId = ref.id.slice(at + 1)
    let itemId: string | null
    if (key.startsWith(ITEM_REF_PREFIX)) itemId = key.slice(ITEM_REF_PREFIX.length)
    else {
      try {
        itemId = (await api.variantBySku(key, 'fetch', signal)).inventoryItemId
      } catch (e) {
        if (isCartwireError(e) && e.code === 'ERR_NOT_FOUND') return gone(ref)
        throw e
      }
    }
    if (!itemId) return gone(ref)
    const data = await api.graphql.query(INVENTORY_LEVEL.document, { id: gid('InventoryItem', itemId), locationId: gid('Location', locationId) }, { priority: 'fetch', signal, cost: INVENTORY_LEVEL.cost })
    const item = data.inventoryItem
    if (!item?.inventoryLevel || !item.sku) return gone(ref)
    return { kind: 'inventory', entity: levelFromGraphql(item.inventoryLevel, locationId, { id: legacyId(item.id), sku: item.sku, createdAt: item.createdAt }) }
  }

  /**
   * REST has no single abandoned checkout: `checkouts.json?since_id=<id − 1>&limit=1` is the checkout
   * itself when it still exists; open and completed ones are listed separately.
   */
  async function checkout(id: string, signal?: AbortSignal): Promise<Raw | undefined> {
    if (!/^\d+$/.test(id)) return undefined
    const since = (BigInt(id) - 1n).toString()
    for (const status of ['open', 'closed']) {
      const res = await rest(`checkouts.json?since_id=${since}&limit=1&status=${status}`, signal)
      const found = (res?.checkouts ?? []).find((c: Raw) => String(c.id) === id)
      if (found) return found
    }
    return undefined
  }

  return async function fetch(ref: ResourceRef, signal?: AbortSignal): Promise<FetchResult> {
    switch (ref.kind) {
      case 'order': {
        const raw = await rest(`orders/${ref.id}.json`, signal)
        return raw ? { kind: 'order', entity: normalizeOrder(raw.order) } : gone(ref)
      }
      case 'customer': {
        const raw = await rest(`customers/${ref.id}.json`, signal)
        return raw ? { kind: 'customer', entity: normalizeCustomer(raw.customer) } : gone(ref)
      }
      case 'checkout': {
        const raw = await checkout(ref.id, signal)
        return raw ? { kind: 'checkout', entity: normalizeCheckout(raw) } : gone(ref)
      }
      case 'product': {
        const found = await product(ref.id, signal)
        return found ? { kind: 'product', entity: productFromGraphql(found.node, found.variants, await api.currency()) } : gone(ref)
      }
      case 'inventory':
        return inventory(ref, signal)
      default:
        throw new CartwireError('ERR_NOT_FOUND', `Shopify has no ${ref.kind} to fetch`)
    }
  }
}
