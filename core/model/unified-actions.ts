import type { FieldEffect } from '../sdk/action.js'
import type { OrderStatus, ProductStatus, ResourceKind } from '../sdk/entities.js'

/**
 * The unified actions: the capabilities every connector implements under the same name, with params
 * in schemas/actions/<name>.json (marked there with `x-cartwire-resource`; a test holds the two
 * together). Built-ins such as http.request and log have schemas but no entry here: they write no
 * commerce resource.
 *
 * `effect(params)` is what the step will change on its target resource, recorded at reserve so the
 * echo of cartwire's own write is recognised even before the commit (SEMANTICS.md §12). Params are the
 * validated, interpolated ones. Paths are dotted on the canonical entity; core/changes/own-writes.ts
 * judges them: an effect explains a change at or under its path when `equals` holds, or when `includes`
 * items were added and nothing else changed. An effect with neither claims the field but explains
 * nothing, so such an echo fires as an ordinary update: that is the sound choice wherever the outcome
 * cannot be stated from the params alone (a tag removal, a new fulfillment, a variant found by SKU).
 */
export interface UnifiedAction {
  /** the kind of resource the action writes */
  kind: ResourceKind
  /** acts on the event's order unless params name `orderId` (required when `target` is another connection) */
  needsOrderId?: boolean
  effect(params: any): FieldEffect[]
}

type WithOrderId<T> = T & { orderId?: string }

export const UNIFIED_ACTIONS: Readonly<Record<string, UnifiedAction>> = {
  'order.addTags': {
    kind: 'order',
    needsOrderId: true,
    effect: (p: WithOrderId<{ tags: string[] }>) => [{ path: 'tags', includes: p.tags.map((tag) => tag.trim()) }],
  },
  'order.removeTags': {
    kind: 'order',
    needsOrderId: true,
    // FieldEffect cannot say "no longer includes": claimed, not explained
    effect: () => [{ path: 'tags' }],
  },
  'order.addNote': {
    kind: 'order',
    needsOrderId: true,
    // appended: the note will contain the text, whatever was there before
    effect: (p: WithOrderId<{ note: string }>) => [{ path: 'note', includes: [p.note] }],
  },
  'order.setStatus': {
    kind: 'order',
    needsOrderId: true,
    // the platform rewrites its own raw status (and stamps a cancel time) along with the canonical one
    effect: (p: WithOrderId<{ status: OrderStatus }>) => [
      { path: 'status', equals: p.status },
      { path: 'rawStatus', follows: true },
      { path: 'cancelledAt', follows: true },
    ],
  },
  'fulfillment.create': {
    kind: 'order',
    needsOrderId: true,
    // the new fulfillment's id and the resulting fulfillment status are the platform's to choose
    effect: () => [{ path: 'fulfillments' }, { path: 'fulfillmentStatus' }],
  },
  'inventory.set': {
    kind: 'inventory',
    effect: (p: { sku: string; locationId?: string; available: number }) => [{ path: 'available', equals: p.available }],
  },
  'product.setPrice': {
    kind: 'product',
    // Prices live on variants, and the params name the variant by SKU while entity paths name it by id
    // (`variants.<id>.price.amount`): no path can be stated before the write, so the variants are
    // claimed and the echo fires as an update. A FieldEffect that selects an element by a field
    // (`where: { sku }`) would let this one be explained.
    effect: () => [{ path: 'variants' }],
  },
  'product.setStatus': {
    kind: 'product',
    effect: (p: { productId?: string; sku?: string; status: ProductStatus }) => [{ path: 'status', equals: p.status }],
  },
}
