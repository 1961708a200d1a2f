import { CartwireError, type FetchResult, type ResourceRef, type Snapshot } from '../../core/sdk/index.js'
import { LOCATION_ID } from './normalize-product.js'
import type { WooRest } from './rest.js'
import type { Builder } from './snapshots.js'
import type { WooCustomer, WooOrder, WooProduct } from './woo-types.js'

/**
 * `fetch(ref)`: the current state of one resource over REST v3 (after a wait, on a version tie, for a
 * thin ref from decode, to confirm a restore). 404 — and a trashed order or product — is `{ gone }`.
 * An inventory level `<sku>@default` is read through `GET /products?sku=` (which finds variations too).
 */
export function createFetch(rest: WooRest, build: Builder) {
  return async function fetch(target: ResourceRef, signal?: AbortSignal): Promise<FetchResult> {
    const opts = { priority: 'fetch' as const, signal }
    const goneResult: FetchResult = { gone: { kind: target.kind, id: target.id } }
    const pick = (items: Array<{ snapshot: Snapshot } | object>, kind: ResourceRef['kind']): FetchResult => {
      const found = items.find((i): i is { snapshot: Snapshot } => 'snapshot' in i && i.snapshot.kind === kind && i.snapshot.entity.id === target.id)
      return found ? found.snapshot : goneResult
    }
    const get = async <T>(path: string, query?: Record<string, string | number>) => {
      const res = await rest.call<T>('GET', path, { ...opts, query, accept: [404] })
      return res.status === 404 ? undefined : res.data
    }
    switch (target.kind) {
      case 'order': {
        const order = await get<WooOrder>(`/orders/${encodeURIComponent(target.id)}`)
        return order ? pick(await build.order(order, { live: true, opts }), 'order') : goneResult
      }
      case 'product': {
        const product = await get<WooProduct>(`/products/${encodeURIComponent(target.id)}`)
        return product ? pick(await build.product(product, { live: true, opts }), 'product') : goneResult
      }
      case 'customer': {
        const customer = await get<WooCustomer>(`/customers/${encodeURIComponent(target.id)}`)
        return customer ? pick(await build.customer(customer), 'customer') : goneResult
      }
      case 'inventory': {
        const sku = target.id.endsWith(`@${LOCATION_ID}`) ? target.id.slice(0, -LOCATION_ID.length - 1) : undefined
        if (!sku) return goneResult
        const items = (await get<WooProduct[]>('/products', { sku })) ?? []
        const matches = items.filter((p) => p.sku === sku)
        if (matches.length > 1) throw new CartwireError('ERR_AMBIGUOUS_SKU', `SKU ${sku} names ${matches.length} products or variations (${matches.map((p) => p.id).join(', ')})`)
        return matches.length ? pick(await build.product(matches[0], { live: true, opts }), 'inventory') : goneResult
      }
      default:
        throw new CartwireError('ERR_NOT_FOUND', `WooCommerce has no ${target.kind} resources`)
    }
  }
}
