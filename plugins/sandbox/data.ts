import type { Customer, EventType, InventoryLevel, Order, Product } from '../../core/sdk/index.js'

/**
 * The shape of the sandbox's data file (`<dataDir>/sandbox.json`): the simulated store itself. Entities
 * are kept in canonical form (the sandbox is cartwire's own platform, so it needs no normalizer), and
 * everything the simulator must remember across restarts lives here too: the PRNG state, the platform
 * clock, id counters, the keys `fulfillment.create` has honoured, and the webhook outbox.
 */
export const DATA_VERSION = 1

export type SandboxKind = 'order' | 'product' | 'inventory' | 'customer'

export type SandboxEntity = Order | Product | InventoryLevel | Customer

export interface SandboxData {
  version: typeof DATA_VERSION
  /** the seed the store was created with (a later `seed` option does not re-seed it) */
  seed: number
  /** mulberry32 state (random.ts) */
  rng: number
  /** the platform clock: the highest timestamp handed out, epoch ms; every write gets a later one */
  clock: number
  next: { order: number; customer: number; product: number; shipment: number; refund: number }
  locations: string[]
  products: Product[]
  inventory: InventoryLevel[]
  customers: Customer[]
  /** newest last; the generator keeps at most `historyLimit` */
  orders: Order[]
  /** `fulfillment.create` is `keyed`: the keys it honoured, newest last, capped */
  fulfillmentKeys: Array<{ key: string; orderId: string; shipmentId: string }>
  /** webhooks not yet accepted by the daemon, oldest first, capped */
  outbox: OutboxEntry[]
  /**
   * Test seam (the conformance fixture's `modifyDuringNextWalk`): records a merchant edits while the
   * next poll walk runs, applied right after that walk's first page is served.
   */
  walkEdits: Array<{ kind: SandboxKind; id: string }>
}

/** A change the platform announces by webhook, with the entity as it was at that moment. */
export interface Change {
  topic: Topic
  kind: SandboxKind
  id: string
  /** deep copy at the time of the change; null for deletes */
  entity: SandboxEntity | null
  /** ISO time of the change on the platform clock */
  at: string
}

export interface OutboxEntry extends Change {
  /** stable across retries: the daemon's inbox drops a redelivery by it */
  deliveryId: string
  attempts: number
  /** epoch ms */
  nextAttemptAt: number
}

/**
 * Webhook topics, Shopify-like. Every order-related topic (refunds, fulfillments) carries the whole
 * order; `/delete` topics carry `{ id, deletedAt }`.
 */
export const TOPICS = {
  'orders/create': { kind: 'order' },
  'orders/updated': { kind: 'order' },
  'orders/paid': { kind: 'order', hint: 'order.paid' },
  'orders/cancelled': { kind: 'order', hint: 'order.cancelled' },
  'orders/fulfilled': { kind: 'order', hint: 'order.fulfilled' },
  'orders/partially_fulfilled': { kind: 'order' },
  'orders/delete': { kind: 'order' },
  'refunds/create': { kind: 'order' },
  'fulfillments/create': { kind: 'order' },
  'fulfillments/update': { kind: 'order' },
  'products/create': { kind: 'product' },
  'products/update': { kind: 'product' },
  'products/delete': { kind: 'product' },
  'inventory_levels/update': { kind: 'inventory' },
  'inventory_levels/delete': { kind: 'inventory' },
  'customers/create': { kind: 'customer' },
  'customers/update': { kind: 'customer' },
  'customers/delete': { kind: 'customer' },
} as const satisfies Record<string, { kind: SandboxKind; hint?: EventType }>

export type Topic = keyof typeof TOPICS

export const UPDATE_TOPIC: Record<SandboxKind, Topic> = {
  order: 'orders/updated',
  product: 'products/update',
  inventory: 'inventory_levels/update',
  customer: 'customers/update',
}

export const DELETE_TOPIC: Record<SandboxKind, Topic> = {
  order: 'orders/delete',
  product: 'products/delete',
  inventory: 'inventory_levels/delete',
  customer: 'customers/delete',
}

/** The collection that holds a kind. */
export function listOf(data: SandboxData, kind: SandboxKind): SandboxEntity[] {
  switch (kind) {
    case 'order':
      return data.orders
    case 'product':
      return data.products
    case 'inventory':
      return data.inventory
    case 'customer':
      return data.customers
  }
}

export function findEntity(data: SandboxData, kind: SandboxKind, id: string): SandboxEntity | undefined {
  return listOf(data, kind).find((entity) => entity.id === id)
}
