import { CartwireError, type ConnectorContext, type HttpPriority, type JsonValue } from '../../core/sdk/index.js'
import { createGraphql, type Graphql } from './graphql.js'
import type { InventoryItemInfo } from './normalize-inventory.js'
import { gid, legacyId, type Raw } from './normalize-parts.js'
import { settingsOf, type Settings, type ShopifyOptions } from './options.js'
import { INVENTORY_ITEMS, SHOP, VARIANTS_BY_SKU } from './queries.js'
import { LeakyGate } from './rate-limit.js'
import { createRest, type Rest } from './rest.js'

/** A variant found by SKU: the ids the write mutations need. */
export interface VariantRef {
  variantId: string
  productId: string
  inventoryItemId: string | null
}

/**
 * Everything the connector's parts share for one connection: the REST and GraphQL clients with their
 * gates, the shop currency (read once), and SKU resolution.
 */
export interface ShopifyApi {
  settings: Settings
  options: ShopifyOptions
  rest: Rest
  graphql: Graphql
  restGate: LeakyGate
  graphqlGate: LeakyGate
  currency(): Promise<string>
  /** The one variant with exactly this SKU; none → ERR_NOT_FOUND, several → ERR_AMBIGUOUS_SKU (never a silent pick). */
  variantBySku(sku: string, priority: 'fetch' | 'action', signal?: AbortSignal): Promise<VariantRef>
  /**
   * Inventory items by id with their SKU (null: no such item, or it has no SKU), cached 10 minutes: Shopify
   * keys inventory by item, cartwire by SKU, and a SKU can be edited.
   */
  inventoryItems(ids: readonly string[], priority: HttpPriority, signal?: AbortSignal): Promise<Map<string, InventoryItemInfo | null>>
}

const ITEM_CACHE_MS = 600_000

/** Standard plan figures until Shopify's answers say otherwise. */
const REST_BUCKET = 40
const GRAPHQL_BUCKET = 1000
const GRAPHQL_RESTORE_PER_SECOND = 50

export function createApi(ctx: Pick<ConnectorContext<ShopifyOptions>, 'options' | 'http' | 'kv'>): ShopifyApi {
  const options = ctx.options
  const settings = settingsOf(options)
  const restGate = new LeakyGate({ capacity: REST_BUCKET, leakPerSecond: options.restLeakPerSecond, intakeReserve: options.intakeReserve })
  const graphqlGate = new LeakyGate({ capacity: GRAPHQL_BUCKET, leakPerSecond: GRAPHQL_RESTORE_PER_SECOND, intakeReserve: options.intakeReserve })
  const graphql = createGraphql(ctx, settings, graphqlGate)
  let currency: Promise<string> | undefined

  return {
    settings,
    options,
    rest: createRest(ctx, settings, restGate, options.restLeakPerSecond),
    graphql,
    restGate,
    graphqlGate,
    currency() {
      if (options.currency) return Promise.resolve(options.currency)
      currency ??= graphql.query(SHOP.document, {}, { priority: 'fetch', cost: SHOP.cost }).then(
        (data) => String(data.shop.currencyCode),
        (e) => {
          currency = undefined
          throw e
        },
      )
      return currency
    },
    async variantBySku(sku, priority, signal) {
      // the search matches loosely (prefixes, tokens): only exact SKUs count
      const data = await graphql.query(VARIANTS_BY_SKU.document, { query: `sku:${JSON.stringify(sku)}` }, { priority, signal, cost: VARIANTS_BY_SKU.cost })
      const exact = (data.productVariants?.nodes ?? []).filter((v: { sku?: string | null }) => v.sku === sku)
      if (exact.length === 0) throw new CartwireError('ERR_NOT_FOUND', `Shopify has no variant with SKU ${JSON.stringify(sku)}`)
      if (exact.length > 1) {
        const ids = exact.map((v: { id: string }) => legacyId(v.id)).join(', ')
        throw new CartwireError('ERR_AMBIGUOUS_SKU', `SKU ${JSON.stringify(sku)} names ${exact.length} Shopify variants (${ids}); give each variant its own SKU`, { details: { sku, variants: ids } })
      }
      const v = exact[0]
      return { variantId: legacyId(v.id), productId: legacyId(v.product.id), inventoryItemId: v.inventoryItem?.id ? legacyId(v.inventoryItem.id) : null }
    },
    async inventoryItems(ids, priority, signal) {
      const found = new Map<string, InventoryItemInfo | null>()
      const missing: string[] = []
      for (const id of new Set(ids)) {
        const cached = (await ctx.kv.get(`item:${id}`)) as InventoryItemInfo | null | undefined
        if (cached === undefined) missing.push(id)
        else found.set(id, cached)
      }
      for (let i = 0; i < missing.length; i += 250) {
        const chunk = missing.slice(i, i + 250)
        const data = await graphql.query(INVENTORY_ITEMS.document, { ids: chunk.map((id) => gid('InventoryItem', id)) }, { priority, signal, cost: INVENTORY_ITEMS.cost(chunk.length) })
        const nodes = new Map<string, Raw>((data.nodes as Array<Raw | null>).filter((n): n is Raw => !!n?.id).map((n) => [legacyId(n.id), n]))
        for (const id of chunk) {
          const node = nodes.get(id)
          const info = node?.sku ? { id, sku: String(node.sku), createdAt: String(node.createdAt) } : null
          found.set(id, info)
          await ctx.kv.set(`item:${id}`, info as JsonValue, ITEM_CACHE_MS)
        }
      }
      return found
    },
  }
}

