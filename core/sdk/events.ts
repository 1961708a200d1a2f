import type { Entity, ResourceKind } from './entities.js'

/**
 * Every canonical event type. schemas/event.schema.json lists the same set (a test holds them together).
 * Milestones fire when an entity enters a class of states; members fire once per member id (a refund, a
 * fulfillment); updates fire once per stored version (SEMANTICS.md §1).
 */
export const EVENT_TYPES = [
  'order.created', 'order.updated', 'order.paid', 'order.fulfilled', 'order.cancelled', 'order.closed', 'order.deleted',
  'order.refunded',
  'shipment.created', 'shipment.updated', 'shipment.delivered',
  'product.created', 'product.updated', 'product.deleted',
  'inventory.created', 'inventory.changed', 'inventory.deleted',
  'customer.created', 'customer.updated', 'customer.deleted',
  'checkout.created', 'checkout.updated', 'checkout.completed', 'checkout.deleted',
] as const

export type EventType = (typeof EVENT_TYPES)[number]

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value)
}

export interface ResourceRef {
  kind: ResourceKind
  id: string
}

export interface CommerceEvent<T = Entity> {
  /** stable: same across redeliveries and across webhook vs poll */
  id: string
  type: EventType
  /** connection id from config */
  source: string
  resource: { kind: ResourceKind; id: string; version: string }
  /** platform time of the change */
  occurredAt: string
  /** when cartwire stored the delivery */
  receivedAt: string
  /** ledger key of cartwire's own write that fully explains this change (SEMANTICS.md §12) */
  causedBy?: string
  /** for member events: the member (refund, shipment) this event is about */
  member?: { kind: 'refund' | 'shipment'; id: string }
  /** dotted paths that changed from the previous version (update events; empty otherwise) */
  changes: string[]
  data: T
}
