import { CartwireError, type ActionContext, type ActionHandler, type JsonValue, type Order, type OrderStatus, type ProbeResult } from '../../core/sdk/index.js'
import { cancelOrder, fulfil, type ShipmentInput } from './lifecycle.js'
import { priceFromParam } from './money.js'
import type { SandboxRuntime } from './runtime.js'
import type { World } from './state.js'

/**
 * The unified capabilities. Each is one write to the data file whose change is delivered as a webhook,
 * exactly like the generator's, so a rule's effect is visible in the store and its echo reaches the
 * daemon (own-write detection, SEMANTICS.md §12). A call that would change nothing writes nothing and
 * sends nothing — which is what makes the `natural` ones natural.
 *
 * | capability         | class   | why                                                         |
 * | order.addTags      | natural | tags are a set                                              |
 * | order.addNote      | probe   | the note carries `[cartwire:<key>]`; `probe` looks for it   |
 * | order.setStatus    | natural | an absolute set                                             |
 * | inventory.set      | natural | an absolute figure                                          |
 * | product.setPrice   | natural | an absolute price                                           |
 * | fulfillment.create | keyed   | the sandbox remembers the keys it honoured (it is ours)     |
 */
const KEYS_KEPT = 1000

export function noteMarker(key: string): string {
  return `[cartwire:${key}]`
}

function orderOf(world: World, orderId: unknown): Order {
  const order = world.data.orders.find((o) => o.id === orderId)
  if (!order) throw new CartwireError('ERR_NOT_FOUND', `no order ${String(orderId)} in the sandbox`)
  return order
}

export function sandboxActions(rt: SandboxRuntime): Record<string, ActionHandler> {
  return {
    'order.addTags': async (_ctx, p: { orderId: string; tags: string[] }) =>
      rt.write((world) => {
        const order = orderOf(world, p.orderId)
        const added = p.tags.map((t) => t.trim()).filter((t, i, all) => t && !order.tags.includes(t) && all.indexOf(t) === i)
        if (added.length) {
          order.tags = [...order.tags, ...added]
          order.updatedAt = world.stamp()
          world.emit('orders/updated', 'order', order)
        }
        return [...order.tags] // a copy: the state's cached data must not leave the plugin
      }).result,

    'order.addNote': async (ctx, p: { orderId: string; note: string }) =>
      rt.write((world) => {
        const order = orderOf(world, p.orderId)
        order.note = [order.note, `${p.note} ${noteMarker(ctx.key)}`].filter(Boolean).join('\n')
        order.updatedAt = world.stamp()
        world.emit('orders/updated', 'order', order)
        return { marker: noteMarker(ctx.key) }
      }).result,

    'order.setStatus': async (_ctx, p: { orderId: string; status: OrderStatus }) =>
      rt.write((world) => {
        const order = orderOf(world, p.orderId)
        if (order.status === p.status) return order.status
        if (p.status === 'cancelled') cancelOrder(world, order, 'cartwire')
        else {
          order.status = p.status
          order.rawStatus = p.status
          order.updatedAt = world.stamp()
          world.emit('orders/updated', 'order', order)
        }
        return order.status
      }).result,

    'inventory.set': async (ctx, p: { sku: string; locationId?: string; available: number }) =>
      rt.write((world) => {
        const fromEvent = ctx.event?.resource.kind === 'inventory' ? ctx.event.resource.id.split('@')[1] : undefined
        const locationId = p.locationId ?? fromEvent ?? world.data.locations[0]
        const level = world.data.inventory.find((l) => l.id === `${p.sku}@${locationId}`)
        if (!level) throw new CartwireError('ERR_NOT_FOUND', `no stock of ${p.sku} at location ${locationId} in the sandbox`)
        if (level.available !== p.available) {
          level.available = p.available
          level.updatedAt = world.stamp()
          world.emit('inventory_levels/update', 'inventory', level)
        }
        return { id: level.id, available: level.available }
      }).result,

    'product.setPrice': async (_ctx, p: { sku: string; price: number | string; compareAtPrice?: number | string | null }) =>
      rt.write((world) => {
        const matches = world.data.products.flatMap((product) => product.variants.filter((v) => v.sku === p.sku).map((variant) => ({ product, variant })))
        if (matches.length === 0) throw new CartwireError('ERR_NOT_FOUND', `no variant with SKU ${p.sku} in the sandbox`)
        if (matches.length > 1) throw new CartwireError('ERR_AMBIGUOUS_SKU', `SKU ${p.sku} is on ${matches.length} variants (${matches.map((m) => `${m.product.title} / ${m.variant.id}`).join(', ')}); refusing to pick one`)
        const { product, variant } = matches[0]
        const price = priceFromParam(p.price)
        const compareAtPrice = p.compareAtPrice === undefined ? variant.compareAtPrice : p.compareAtPrice === null ? null : priceFromParam(p.compareAtPrice)
        if (variant.price.amount !== price.amount || JSON.stringify(variant.compareAtPrice ?? null) !== JSON.stringify(compareAtPrice ?? null)) {
          variant.price = price
          variant.compareAtPrice = compareAtPrice
          product.updatedAt = world.stamp()
          world.emit('products/update', 'product', product)
        }
        return { productId: product.id, variantId: variant.id, price: variant.price.amount }
      }).result,

    'fulfillment.create': async (ctx, p: ShipmentInput & { orderId: string }) =>
      rt.write((world): JsonValue => {
        const seen = world.data.fulfillmentKeys.find((k) => k.key === ctx.key)
        if (seen) return { shipmentId: seen.shipmentId, orderId: seen.orderId, replayed: true }
        const shipment = fulfil(world, orderOf(world, p.orderId), p)
        world.data.fulfillmentKeys = [...world.data.fulfillmentKeys, { key: ctx.key, orderId: p.orderId, shipmentId: shipment.id }].slice(-KEYS_KEPT)
        return { shipmentId: shipment.id, orderId: p.orderId }
      }).result,
  }
}

/** `probe` for the one probe-class capability: is this step's marker in the order's note? */
export async function sandboxProbe(rt: SandboxRuntime, capability: string, ctx: ActionContext, p: { orderId: string }): Promise<ProbeResult> {
  if (capability !== 'order.addNote') throw new CartwireError('ERR_CAPABILITY', `sandbox has no probe for ${capability}`)
  const order = rt.read().orders.find((o) => o.id === p.orderId)
  return { found: order?.note?.includes(noteMarker(ctx.key)) ?? false }
}
