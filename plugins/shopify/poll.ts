import { CartwireError, type Decoded, type JsonValue, type PollPage } from '../../core/sdk/index.js'
import type { ShopifyApi } from './api.js'
import { normalizeCustomer } from './normalize-customer.js'
import { levelFromRest } from './normalize-inventory.js'
import { normalizeOrder } from './normalize-order.js'
import { legacyId, type Raw } from './normalize-parts.js'
import { productFromGraphql } from './normalize-product.js'
import type { PollResource } from './options.js'
import { LOCATIONS, productsPage } from './queries.js'

/** `{ orders: iso, products: iso, … }`: each resource's `updated_at_min` for the next walk. */
export type PollCursor = Partial<Record<PollResource, string>>

type OnHeaders = (headers: Record<string, string>) => void
type Walker = (since: string | undefined, signal: AbortSignal, onHeaders: OnHeaders) => AsyncIterable<Decoded[]>

/**
 * One poll walk (SEMANTICS.md §11) over orders, products, customers and inventory, in seek style:
 * `updated_at_min = cursor` and Shopify's cursor pagination (REST `Link` page_info, GraphQL `after`),
 * which is keyset pagination — a record changed during the walk moves past the walk's position (it shows
 * up again later in this walk or in the next) and never shifts another record out of it, so nothing is
 * skipped. walkStart is Shopify's `Date` on the walk's first answer; the cursor the walk ends with is
 * walkStart − overlap for every resource it covered, stored by the core only when the walk completes.
 * Pages are yielded as they come; the last one carries the final cursor.
 */
export function createPoll(api: ShopifyApi) {
  const o = api.options
  const sinceParam = (since: string | undefined) => (since ? `&updated_at_min=${encodeURIComponent(since)}` : '')

  /** A REST list, page by page, following `Link: rel="next"`. */
  async function* restPages(first: string, key: string, signal: AbortSignal, onHeaders: OnHeaders): AsyncIterable<Raw[]> {
    let url: string | undefined = first
    while (url) {
      const res = await api.rest.request(url, { priority: 'poll', signal })
      onHeaders(res.headers)
      yield res.json[key] as Raw[]
      url = res.next
    }
  }

  const orders: Walker = async function* (since, signal, onHeaders) {
    const first = `orders.json?status=any&limit=${o.pageSize}&order=updated_at%20asc${sinceParam(since)}`
    for await (const page of restPages(first, 'orders', signal, onHeaders)) yield page.map((raw): Decoded => ({ snapshot: { kind: 'order', entity: normalizeOrder(raw) } }))
  }

  const customers: Walker = async function* (since, signal, onHeaders) {
    const first = `customers.json?limit=${o.pageSize}&order=updated_at%20asc${sinceParam(since)}`
    for await (const page of restPages(first, 'customers', signal, onHeaders)) yield page.map((raw): Decoded => ({ snapshot: { kind: 'customer', entity: normalizeCustomer(raw) } }))
  }

  const products: Walker = async function* (since, signal, onHeaders) {
    const page = productsPage(o.productPageSize)
    const currency = await api.currency()
    let after: string | null = null
    do {
      const variables = { first: o.productPageSize, after, query: since ? `updated_at:>='${since}'` : null }
      const data: Raw = await api.graphql.query(page.document, variables, { priority: 'poll', signal, cost: page.cost, onHeaders })
      // a product with more variants than the page shows is fetched whole
      yield (data.products.nodes as Raw[]).map((node): Decoded =>
        node.variants.pageInfo.hasNextPage ? { ref: { kind: 'product', id: legacyId(node.id) } } : { snapshot: { kind: 'product', entity: productFromGraphql(node, node.variants.nodes, currency) } },
      )
      after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null
    } while (after)
  }

  const inventory: Walker = async function* (since, signal, onHeaders) {
    const locations = o.locationIds ?? ((await api.graphql.query(LOCATIONS.document, {}, { priority: 'poll', signal, cost: LOCATIONS.cost, onHeaders })).locations.nodes as Raw[]).map((l) => legacyId(l.id))
    for (let i = 0; i < locations.length; i += 50) {
      const first = `inventory_levels.json?location_ids=${locations.slice(i, i + 50).join(',')}&limit=${o.pageSize}${sinceParam(since)}`
      for await (const raws of restPages(first, 'inventory_levels', signal, onHeaders)) {
        const items = await api.inventoryItems(raws.map((l) => String(l.inventory_item_id)), 'poll', signal)
        // items without a SKU cannot be named canonically (sku@location) and are left out
        yield raws.flatMap((raw): Decoded[] => {
          const item = items.get(String(raw.inventory_item_id))
          return item ? [{ snapshot: { kind: 'inventory', entity: levelFromRest(raw, item) } }] : []
        })
      }
    }
  }

  const walkers: Record<PollResource, Walker> = { orders, products, customers, inventory }

  return async function* poll(cursor: JsonValue | null, signal: AbortSignal): AsyncIterable<PollPage> {
    const since = (cursor && typeof cursor === 'object' && !Array.isArray(cursor) ? cursor : {}) as PollCursor
    let walkStart: number | undefined
    const onHeaders: OnHeaders = (headers) => {
      if (walkStart === undefined && headers.date) walkStart = Date.parse(headers.date)
    }
    let held: Decoded[] | undefined
    for (const resource of o.poll) {
      for await (const items of walkers[resource](since[resource], signal, onHeaders)) {
        if (held) yield { items: held, cursor: cursor ?? null }
        held = items
      }
    }
    if (walkStart === undefined || Number.isNaN(walkStart)) throw new CartwireError('ERR_UPSTREAM', 'Shopify sent no Date header: the walk has no start on the platform clock')
    const next = new Date(walkStart - o.overlapMs).toISOString()
    yield { items: held ?? [], cursor: { ...since, ...Object.fromEntries(o.poll.map((r) => [r, next])) } }
  }
}
