import type { EventType, ResourceKind } from '../../core/sdk/index.js'

/**
 * Every webhook topic the connector decodes, and how (REST topic names; GraphQL enums are the same in
 * UPPER_SNAKE_CASE):
 * - `snapshot`: the payload is the full resource (the REST representation): normalized as it is;
 * - `ref`: the payload is thin or names another resource (a refund or fulfillment names its order, an
 *   inventory level has no SKU): the core fetches the current resource;
 * - `gone`: a delete, `{ "id": … }` only.
 * `hint` names the milestone the topic announces (SEMANTICS.md §2): it fires once when the stored state
 * is in that milestone's class, also for an order that predates the connection's baseline.
 */
export interface TopicSpec {
  kind: ResourceKind
  mode: 'snapshot' | 'ref' | 'gone'
  hint?: EventType
}

export const TOPICS: Readonly<Record<string, TopicSpec>> = {
  'orders/create': { kind: 'order', mode: 'snapshot' },
  'orders/updated': { kind: 'order', mode: 'snapshot' },
  'orders/paid': { kind: 'order', mode: 'snapshot', hint: 'order.paid' },
  'orders/fulfilled': { kind: 'order', mode: 'snapshot', hint: 'order.fulfilled' },
  'orders/partially_fulfilled': { kind: 'order', mode: 'snapshot' },
  'orders/cancelled': { kind: 'order', mode: 'snapshot', hint: 'order.cancelled' },
  'orders/edited': { kind: 'order', mode: 'ref' },
  'orders/delete': { kind: 'order', mode: 'gone' },
  'refunds/create': { kind: 'order', mode: 'ref' },
  'fulfillments/create': { kind: 'order', mode: 'ref' },
  'fulfillments/update': { kind: 'order', mode: 'ref' },
  'products/create': { kind: 'product', mode: 'snapshot' },
  'products/update': { kind: 'product', mode: 'snapshot' },
  'products/delete': { kind: 'product', mode: 'gone' },
  'inventory_levels/update': { kind: 'inventory', mode: 'ref' },
  'customers/create': { kind: 'customer', mode: 'snapshot' },
  'customers/update': { kind: 'customer', mode: 'snapshot' },
  'customers/delete': { kind: 'customer', mode: 'gone' },
  'checkouts/create': { kind: 'checkout', mode: 'snapshot' },
  'checkouts/update': { kind: 'checkout', mode: 'snapshot' },
  'checkouts/delete': { kind: 'checkout', mode: 'gone' },
}
