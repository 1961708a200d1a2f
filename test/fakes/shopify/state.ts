import { randomUUID } from 'node:crypto'
import { customerPayload, graphqlTime, orderPayload, restTime, type CustomerSpec, type OrderSpec, type Raw } from './payloads.js'

/**
 * The fake shop's data and the merchant's hand: records as Shopify holds them (orders, customers and
 * checkouts in their REST shape, products/inventory in a neutral shape rendered per API), a clock that
 * only moves when told (`now`, used for `updated_at` and the `Date` header), and the webhook outbox: every
 * change queues the deliveries Shopify would send, one event id per merchant action.
 */

export interface FakeVariant {
  id: string
  sku: string | null
  title: string
  price: string
  compareAtPrice: string | null
  inventoryItemId: string
}

export interface FakeProduct {
  id: string
  title: string
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED'
  handle: string
  vendor: string
  tags: string[]
  createdAt: number
  updatedAt: number
  variants: FakeVariant[]
}

export interface FakeLevel {
  itemId: string
  locationId: string
  available: number
  updatedAt: number
}

export interface Delivery {
  topic: string
  body: string
  webhookId: string
  eventId: string
  triggeredAt: string
}

export class ShopState {
  /** the shop's clock (ms); writes stamp `updated_at` from it and move it forward a second each */
  now: number
  private nextId = 5_500_000_000_000
  readonly orders = new Map<string, Raw>()
  readonly customers = new Map<string, Raw>()
  readonly checkouts = new Map<string, Raw>()
  readonly products = new Map<string, FakeProduct>()
  readonly items = new Map<string, { id: string; sku: string | null; createdAt: number }>()
  readonly levels = new Map<string, FakeLevel>()
  readonly locations = ['655441491', '655441492']
  readonly subscriptions: Raw[] = []
  /** deliveries in the order Shopify would send them */
  readonly outbox: Delivery[] = []

  constructor(now = Date.parse('2024-05-01T09:00:00Z')) {
    this.now = now
  }

  id(): string {
    return String(this.nextId++)
  }

  /** A new `updated_at`: now, a whole second after the previous one at least (Shopify's resolution). */
  stamp(previous = 0): number {
    this.now = Math.max(Math.floor(this.now / 1000) * 1000, Math.floor(previous / 1000) * 1000 + 1000)
    return this.now
  }

  /** Queues the deliveries of one merchant action (they share `X-Shopify-Event-Id`). */
  emit(topics: string[], payload: Raw): Delivery[] {
    const eventId = randomUUID()
    const body = JSON.stringify(payload)
    const made = topics.map((topic) => ({ topic, body, webhookId: randomUUID(), eventId, triggeredAt: new Date(this.now).toISOString() }))
    this.outbox.push(...made)
    return made
  }

  /** The last queued delivery of `topic` (for `id` when given). */
  lastDelivery(topic: string, id?: string): Delivery {
    const found = [...this.outbox].reverse().find((d) => d.topic === topic && (id === undefined || String(JSON.parse(d.body).id) === id || String(JSON.parse(d.body).order_id) === id))
    if (!found) throw new Error(`no ${topic} delivery${id ? ` for ${id}` : ''} in the outbox`)
    return found
  }

  // ---- orders ------------------------------------------------------------------------------------

  addCustomer(spec: Omit<CustomerSpec, 'id' | 'createdAt'> & { id?: string; createdAt?: number }, opts: { silent?: boolean } = {}): Raw {
    const raw = customerPayload({ ...spec, id: spec.id ?? this.id(), createdAt: spec.createdAt ?? this.stamp() })
    this.customers.set(String(raw.id), raw)
    if (!opts.silent) this.emit(['customers/create'], raw)
    return raw
  }

  addOrder(spec: Omit<OrderSpec, 'id' | 'number' | 'createdAt'> & { id?: string; number?: number; createdAt?: number }, opts: { silent?: boolean } = {}): Raw {
    const id = spec.id ?? this.id()
    const raw = orderPayload({ ...spec, id, number: spec.number ?? 1000 + this.orders.size + 1, createdAt: spec.createdAt ?? this.stamp() })
    this.orders.set(id, raw)
    if (!opts.silent) this.emit(raw.financial_status === 'paid' ? ['orders/create', 'orders/paid'] : ['orders/create'], raw)
    return raw
  }

  order(id: string): Raw {
    const raw = this.orders.get(id)
    if (!raw) throw new Error(`fake shop has no order ${id}`)
    return raw
  }

  /** A change to an order: `mutate` edits it, `updated_at` moves, and `topics` are queued. */
  changeOrder(id: string, mutate: (raw: Raw) => void, topics: string[] = ['orders/updated']): Raw {
    const raw = this.order(id)
    mutate(raw)
    raw.updated_at = restTime(this.stamp(Date.parse(raw.updated_at)))
    if (topics.length) this.emit(topics, raw)
    return raw
  }

  markPaid(id: string): Raw {
    return this.changeOrder(id, (raw) => (raw.financial_status = 'paid'), ['orders/paid', 'orders/updated'])
  }

  // ---- products and inventory ---------------------------------------------------------------------

  addProduct(spec: { title: string; tags?: string[]; variants: Array<{ sku: string | null; price: string; title?: string; available?: number }> }, opts: { silent?: boolean } = {}): FakeProduct {
    const at = this.stamp()
    const product: FakeProduct = {
      id: this.id(), title: spec.title, status: 'ACTIVE', handle: spec.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'), vendor: 'Cartwire Apparel', tags: spec.tags ?? [], createdAt: at, updatedAt: at,
      variants: spec.variants.map((v) => {
        const item = { id: this.id(), sku: v.sku, createdAt: at }
        this.items.set(item.id, item)
        for (const locationId of this.locations) this.levels.set(`${item.id}@${locationId}`, { itemId: item.id, locationId, available: v.available ?? 10, updatedAt: at })
        return { id: this.id(), sku: v.sku, title: v.title ?? v.sku ?? 'Default Title', price: v.price, compareAtPrice: null, inventoryItemId: item.id }
      }),
    }
    this.products.set(product.id, product)
    if (!opts.silent) this.emit(['products/create'], restProduct(product))
    return product
  }

  changeProduct(id: string, mutate: (p: FakeProduct) => void): FakeProduct {
    const product = this.products.get(id)
    if (!product) throw new Error(`fake shop has no product ${id}`)
    mutate(product)
    product.updatedAt = this.stamp(product.updatedAt)
    this.emit(['products/update'], restProduct(product))
    return product
  }

  setAvailable(itemId: string, locationId: string, available: number): FakeLevel {
    const level = this.levels.get(`${itemId}@${locationId}`)
    if (!level) throw new Error(`item ${itemId} is not stocked at ${locationId}`)
    level.available = available
    level.updatedAt = this.stamp(level.updatedAt)
    this.emit(['inventory_levels/update'], { inventory_item_id: Number(itemId), location_id: Number(locationId), available, updated_at: restTime(level.updatedAt), admin_graphql_api_id: `gid://shopify/InventoryLevel/${itemId}?inventory_item_id=${itemId}` })
    return level
  }

  variantsWithSku(sku: string): Array<{ product: FakeProduct; variant: FakeVariant }> {
    return [...this.products.values()].flatMap((product) => product.variants.filter((v) => v.sku === sku).map((variant) => ({ product, variant })))
  }
}

/** A product in its REST/webhook shape. */
export function restProduct(p: FakeProduct): Raw {
  return {
    id: Number(p.id), title: p.title, body_html: '<p>Soft cotton.</p>', vendor: p.vendor, product_type: 'Shirts', created_at: restTime(p.createdAt), handle: p.handle,
    updated_at: restTime(p.updatedAt), published_at: restTime(p.createdAt), template_suffix: null, published_scope: 'web', tags: p.tags.join(', '), status: p.status.toLowerCase(),
    admin_graphql_api_id: `gid://shopify/Product/${p.id}`,
    variants: p.variants.map((v, i) => ({
      id: Number(v.id), product_id: Number(p.id), title: v.title, price: v.price, sku: v.sku ?? '', position: i + 1, inventory_policy: 'deny', compare_at_price: v.compareAtPrice,
      option1: v.title, created_at: restTime(p.createdAt), updated_at: restTime(p.updatedAt), taxable: true, barcode: null, grams: 200, inventory_item_id: Number(v.inventoryItemId),
      inventory_quantity: 10, old_inventory_quantity: 10, requires_shipping: true, admin_graphql_api_id: `gid://shopify/ProductVariant/${v.id}`,
    })),
    options: [{ id: 594680422, product_id: Number(p.id), name: 'Size', position: 1 }],
    images: [],
    image: null,
  }
}

/** A product node as GraphQL returns it (variants paged by the caller). Prices as GraphQL spells them ("19.9"). */
export function graphqlProduct(p: FakeProduct): Raw {
  return { id: `gid://shopify/Product/${p.id}`, title: p.title, status: p.status, handle: p.handle, vendor: p.vendor, tags: [...p.tags].sort(), createdAt: graphqlTime(p.createdAt), updatedAt: graphqlTime(p.updatedAt) }
}

export function graphqlVariant(v: FakeVariant, p: FakeProduct): Raw {
  return {
    id: `gid://shopify/ProductVariant/${v.id}`, sku: v.sku, title: v.title, price: String(Number(v.price)), compareAtPrice: v.compareAtPrice === null ? null : String(Number(v.compareAtPrice)),
    inventoryItem: { id: `gid://shopify/InventoryItem/${v.inventoryItemId}` }, product: { id: `gid://shopify/Product/${p.id}` },
  }
}
