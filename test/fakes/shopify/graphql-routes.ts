import { decodeCursor, encodeCursor, keysetPage } from './pagination.js'
import { fulfillmentPayload, graphqlTime, type Raw } from './payloads.js'
import { graphqlProduct, graphqlVariant, type FakeProduct, type ShopState } from './state.js'

export interface Effect {
  op: string
  /** the order, product, variant or `item@location` written */
  target: string
  input: unknown
}

export interface GraphqlAnswer {
  data?: unknown
  errors?: unknown[]
  /** requested cost; actual cost is what is kept */
  cost: number
  actual: number
  after?: () => void
}

export interface GraphqlEnv {
  state: ShopState
  version: string
  currency: string
  effects: Effect[]
  pageServed(resource: string, page: number): void
  /** runs before a mutation is applied (tests move data under the connector's feet here) */
  beforeMutation?(op: string, variables: Raw): void
}

const legacy = (gid: unknown) => String(gid ?? '').replace(/^gid:\/\/shopify\/\w+\//, '').replace(/\?.*$/, '')
const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`
const MUTATION_COST = 10

/**
 * The GraphQL operations the connector sends, routed by operation name (a real GraphQL parser is not
 * needed to be faithful to what the connector asks). Costs are requested up front (a THROTTLED answer
 * when the bucket lacks them) and partly refunded; mutations write the shop state, queue the webhooks
 * Shopify would send, and are logged as effects. Idempotency keys are never honoured.
 */
export function createGraphqlRoutes(env: GraphqlEnv) {
  const { state } = env
  let productPages = 0

  const read = (cost: number, data: unknown, after?: () => void): GraphqlAnswer => ({ data, cost, actual: Math.max(1, Math.ceil(cost / 3)), after })
  const write = (data: unknown): GraphqlAnswer => ({ data, cost: MUTATION_COST, actual: MUTATION_COST })
  const userError = (field: string, message: string, code?: string) => ({ field: [field], message, ...(code && { code }) })

  function fulfillmentOrders(order: Raw) {
    const done = new Map<string, number>()
    for (const f of order.fulfillments ?? []) if (f.status !== 'cancelled') for (const l of f.line_items) done.set(String(l.id), (done.get(String(l.id)) ?? 0) + l.quantity)
    const lines = (order.line_items as Raw[]).map((l) => ({ id: gid('FulfillmentOrderLineItem', String(l.id)), remainingQuantity: l.quantity - (done.get(String(l.id)) ?? 0), lineItem: { id: gid('LineItem', String(l.id)) } }))
    return [{ id: gid('FulfillmentOrder', `${order.id}1`), status: lines.some((l) => l.remainingQuantity > 0) ? 'OPEN' : 'CLOSED', lineItems: { nodes: lines } }]
  }

  function createFulfillment(input: Raw): Raw {
    const groups = (input.lineItemsByFulfillmentOrder ?? []) as Raw[]
    const orderId = legacy(groups[0]?.fulfillmentOrderId).slice(0, -1)
    const order = state.orders.get(orderId)
    if (!order) return { fulfillment: null, userErrors: [userError('fulfillment', 'Fulfillment order does not exist.')] }
    const open = new Map(fulfillmentOrders(order)[0].lineItems.nodes.map((l) => [l.id, l.remainingQuantity]))
    const lines: Array<{ lineId: string; quantity: number }> = []
    for (const group of groups) {
      const wanted = (group.fulfillmentOrderLineItems as Raw[] | undefined) ?? [...open].map(([id, quantity]) => ({ id, quantity }))
      for (const w of wanted) {
        if (!open.has(w.id) || w.quantity > (open.get(w.id) ?? 0)) return { fulfillment: null, userErrors: [userError('fulfillment', 'Invalid fulfillment order line item quantity requested.')] }
        if (w.quantity > 0) lines.push({ lineId: legacy(w.id), quantity: w.quantity })
      }
    }
    const id = state.id()
    const at = state.stamp(Date.parse(order.updated_at))
    const fulfillment = fulfillmentPayload({ id, orderId, at, trackingNumber: input.trackingInfo?.number ?? null, trackingCompany: input.trackingInfo?.company ?? null, trackingUrl: input.trackingInfo?.url ?? null, lines })
    state.changeOrder(orderId, (raw) => {
      raw.fulfillments = [...(raw.fulfillments ?? []), fulfillment]
      raw.fulfillment_status = fulfillmentOrders(raw)[0].status === 'CLOSED' ? 'fulfilled' : 'partial'
    }, [])
    state.emit(['fulfillments/create'], fulfillment)
    state.emit([order.fulfillment_status === 'fulfilled' ? 'orders/fulfilled' : 'orders/partially_fulfilled', 'orders/updated'], order)
    env.effects.push({ op: 'fulfillmentCreate', target: orderId, input })
    return { fulfillment: { id: gid('Fulfillment', id), status: 'SUCCESS' }, userErrors: [] }
  }

  function setQuantities(document: string, input: Raw): Raw {
    const modern = env.version >= '2026-01'
    if (env.version >= '2026-04' && !/@idempotent\s*\(\s*key:/.test(document)) return { error: 'inventorySetQuantities requires the @idempotent directive from 2026-04' }
    const userErrors: Raw[] = []
    const apply: Array<() => void> = []
    for (const q of (input.quantities ?? []) as Raw[]) {
      const itemId = legacy(q.inventoryItemId)
      const locationId = legacy(q.locationId)
      const level = state.levels.get(`${itemId}@${locationId}`)
      if (!level) {
        userErrors.push(userError('quantities', 'The specified inventory item could not be found at this location.', 'INVALID_INVENTORY_ITEM'))
        continue
      }
      const hasChangeFrom = modern && 'changeFromQuantity' in q
      if (env.version >= '2026-04' && !hasChangeFrom) userErrors.push(userError('changeFromQuantity', 'changeFromQuantity must be given (null to skip the check)', 'COMPARE_QUANTITY_REQUIRED'))
      const compare = hasChangeFrom ? q.changeFromQuantity : input.ignoreCompareQuantity ? null : q.compareQuantity
      if (compare !== null && compare !== undefined && compare !== level.available) {
        userErrors.push(userError('quantities', 'The compare quantity does not match the current quantity.', hasChangeFrom ? 'CHANGE_FROM_QUANTITY_STALE' : 'COMPARE_QUANTITY_STALE'))
        continue
      }
      apply.push(() => {
        state.setAvailable(itemId, locationId, q.quantity)
        env.effects.push({ op: 'inventorySetQuantities', target: `${itemId}@${locationId}`, input: q })
      })
    }
    if (userErrors.length) return { inventoryAdjustmentGroup: null, userErrors }
    apply.forEach((fn) => fn())
    return { inventoryAdjustmentGroup: { id: gid('InventoryAdjustmentGroup', state.id()) }, userErrors: [] }
  }

  function productPage(variables: Raw): GraphqlAnswer {
    const first = Number(variables.first ?? 10)
    const since = /updated_at:(>=?)'([^']+)'/.exec(String(variables.query ?? ''))
    const min = since ? Date.parse(since[2]) : -Infinity
    const after = variables.after ? decodeCursor<[number, string]>(variables.after) : undefined
    const products = [...state.products.values()].filter((p) => (since?.[1] === '>' ? p.updatedAt > min : p.updatedAt >= min))
    const { page, more, last } = keysetPage(products, (p) => [p.updatedAt, p.id], after, first)
    const number = after ? productPages + 1 : 1
    productPages = number
    const nodes = page.map((p) => ({ ...graphqlProduct(p), variants: { nodes: p.variants.slice(0, 20).map((v) => graphqlVariant(v, p)), pageInfo: { hasNextPage: p.variants.length > 20 } } }))
    return read(2 + first * 43, { products: { nodes, pageInfo: { hasNextPage: more, endCursor: last ? encodeCursor(last) : null } } }, () => env.pageServed('products', number))
  }

  function productNode(p: FakeProduct, after: unknown) {
    const start = after ? Number(decodeCursor<number>(String(after)) ?? 0) : 0
    const slice = p.variants.slice(start, start + 100)
    return { ...graphqlProduct(p), variants: { nodes: slice.map((v) => graphqlVariant(v, p)), pageInfo: { hasNextPage: p.variants.length > start + 100, endCursor: encodeCursor(start + slice.length) } } }
  }

  const handlers: Record<string, (v: Raw, document: string) => GraphqlAnswer> = {
    CartwireShop: () => read(1, { shop: { currencyCode: env.currency } }),
    CartwireProduct: (v) => {
      const p = state.products.get(legacy(v.id))
      return read(203, { product: p ? productNode(p, v.after) : null })
    },
    CartwireProducts: (v) => productPage(v),
    CartwireVariantsBySku: (v) => {
      // Shopify's search is loose (prefixes, tokens); the connector must keep exact matches only
      const sku = /sku:"((?:[^"\\]|\\.)*)"/.exec(String(v.query))?.[1] ?? ''
      const nodes = [...state.products.values()].flatMap((p) => p.variants.filter((x) => x.sku?.startsWith(JSON.parse(`"${sku}"`))).map((x) => graphqlVariant(x, p)))
      return read(32, { productVariants: { nodes: nodes.slice(0, 10) } })
    },
    CartwireLocations: () => read(252, { locations: { nodes: state.locations.map((id) => ({ id: gid('Location', id) })) } }),
    CartwireInventoryItems: (v) => read(1 + (v.ids as string[]).length, { nodes: (v.ids as string[]).map((id) => state.items.get(legacy(id))).map((i) => (i ? { id: gid('InventoryItem', i.id), sku: i.sku, createdAt: graphqlTime(i.createdAt) } : null)) }),
    CartwireInventoryLevel: (v) => {
      const item = state.items.get(legacy(v.id))
      const level = item && state.levels.get(`${item.id}@${legacy(v.locationId)}`)
      const inventoryLevel = level ? { updatedAt: graphqlTime(level.updatedAt), quantities: [{ name: 'available', quantity: level.available }] } : null
      return read(4, { inventoryItem: item ? { id: gid('InventoryItem', item.id), sku: item.sku, createdAt: graphqlTime(item.createdAt), inventoryLevel } : null })
    },
    CartwireOrderNote: (v) => {
      const order = state.orders.get(legacy(v.id))
      return read(1, { order: order ? { id: gid('Order', String(order.id)), note: order.note } : null })
    },
    CartwireFulfillmentOrders: (v) => {
      const order = state.orders.get(legacy(v.id))
      return read(517, { order: order ? { id: v.id, fulfillmentOrders: { nodes: fulfillmentOrders(order) } } : null })
    },
    CartwireOrderFulfillments: (v) => {
      const order = state.orders.get(legacy(v.id))
      const fulfillments = (order?.fulfillments ?? []).map((f: Raw) => ({ id: gid('Fulfillment', String(f.id)), trackingInfo: f.tracking_number ? [{ number: f.tracking_number }] : [] }))
      return read(102, { order: order ? { id: v.id, fulfillments } : null })
    },
    CartwireTagsAdd: (v) => write({ tagsAdd: changeTags(legacy(v.id), v.tags, 'add') }),
    CartwireTagsRemove: (v) => write({ tagsRemove: changeTags(legacy(v.id), v.tags, 'remove') }),
    CartwireOrderUpdateNote: (v) => {
      const id = legacy(v.input?.id)
      if (!state.orders.has(id)) return write({ orderUpdate: { order: null, userErrors: [userError('id', 'Order does not exist')] } })
      const order = state.changeOrder(id, (raw) => (raw.note = v.input.note))
      env.effects.push({ op: 'orderUpdate', target: id, input: v.input })
      return write({ orderUpdate: { order: { id: v.input.id, note: order.note }, userErrors: [] } })
    },
    CartwireInventorySet: (v, document) => {
      const result = setQuantities(document, v.input ?? {})
      return result.error ? { errors: [{ message: result.error, extensions: { code: 'BAD_REQUEST' } }], cost: MUTATION_COST, actual: MUTATION_COST } : write({ inventorySetQuantities: result })
    },
    CartwireVariantsBulkUpdate: (v) => {
      const product = state.products.get(legacy(v.productId))
      if (!product) return write({ productVariantsBulkUpdate: { productVariants: null, userErrors: [userError('productId', 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST')] } })
      const inputs = v.variants as Raw[]
      if (inputs.some((i) => !product.variants.some((x) => x.id === legacy(i.id)))) return write({ productVariantsBulkUpdate: { productVariants: null, userErrors: [userError('variants', 'Product variant does not exist', 'PRODUCT_VARIANT_DOES_NOT_EXIST')] } })
      state.changeProduct(product.id, (p) => {
        for (const input of inputs) {
          const variant = p.variants.find((x) => x.id === legacy(input.id))!
          if (input.price !== undefined) variant.price = String(input.price)
          if (input.compareAtPrice !== undefined) variant.compareAtPrice = input.compareAtPrice === null ? null : String(input.compareAtPrice)
        }
      })
      for (const input of inputs) env.effects.push({ op: 'productVariantsBulkUpdate', target: legacy(input.id), input })
      return write({ productVariantsBulkUpdate: { productVariants: inputs.map((i) => ({ id: i.id, price: i.price, compareAtPrice: i.compareAtPrice ?? null })), userErrors: [] } })
    },
    CartwireProductUpdate: (v) => {
      const id = legacy(v.product?.id)
      if (!state.products.has(id)) return write({ productUpdate: { product: null, userErrors: [userError('id', 'Product does not exist')] } })
      state.changeProduct(id, (p) => (p.status = v.product.status))
      env.effects.push({ op: 'productUpdate', target: id, input: v.product })
      return write({ productUpdate: { product: { id: v.product.id, status: v.product.status }, userErrors: [] } })
    },
    CartwireFulfillmentCreate: (v) => write({ fulfillmentCreate: createFulfillment(v.fulfillment ?? {}) }),
  }

  function changeTags(orderId: string, tags: unknown, how: 'add' | 'remove') {
    if (!state.orders.has(orderId)) return { node: null, userErrors: [userError('id', 'Order does not exist')] }
    const given = (Array.isArray(tags) ? tags : String(tags).split(',')).map((t) => String(t).trim()).filter(Boolean)
    const order = state.changeOrder(orderId, (raw) => {
      const current = new Set(String(raw.tags).split(',').map((t) => t.trim()).filter(Boolean))
      for (const tag of given) how === 'add' ? current.add(tag) : current.delete(tag)
      raw.tags = [...current].sort().join(', ')
    })
    env.effects.push({ op: how === 'add' ? 'tagsAdd' : 'tagsRemove', target: orderId, input: given })
    return { node: { id: gid('Order', orderId), tags: String(order.tags).split(', ').filter(Boolean) }, userErrors: [] }
  }

  return function run(document: string, variables: Raw): GraphqlAnswer {
    const operation = /^\s*(query|mutation)\s+(\w+)/.exec(document)
    const handler = operation ? handlers[operation[2]] : undefined
    if (!handler) return { errors: [{ message: `unknown operation ${operation?.[2] ?? '(anonymous)'}`, extensions: { code: 'undefinedField' } }], cost: 1, actual: 1 }
    if (operation![1] === 'mutation') env.beforeMutation?.(operation![2], variables)
    return handler(variables, document)
  }
}

/** Requested cost of an operation, before running it (the bucket check). */
export function requestedCost(document: string, variables: Raw): number {
  const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? ''
  if (document.trim().startsWith('mutation')) return MUTATION_COST
  if (name === 'CartwireProducts') return 2 + Number(variables.first ?? 10) * 43
  if (name === 'CartwireInventoryItems') return 1 + ((variables.ids as unknown[]) ?? []).length
  return { CartwireShop: 1, CartwireProduct: 203, CartwireVariantsBySku: 32, CartwireLocations: 252, CartwireInventoryLevel: 4, CartwireOrderNote: 1, CartwireFulfillmentOrders: 517, CartwireOrderFulfillments: 102 }[name] ?? 1
}
