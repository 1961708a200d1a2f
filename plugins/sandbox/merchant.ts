import { CartwireError, type Customer, type Order, type Product } from '../../core/sdk/index.js'
import { newCustomer } from './catalog.js'
import { DELETE_TOPIC, findEntity, listOf, UPDATE_TOPIC, type SandboxKind } from './data.js'
import { eur } from './money.js'
import { createOrder } from './orders.js'
import type { World } from './state.js'

/**
 * What a merchant does in the store's back office: add records, edit them, delete them. Each is a real
 * change announced by webhook. The generator uses `touch` for back-office edits; the conformance
 * fixture uses all three to play the merchant against the connector.
 */

/** Adds `count` records of `kind`; returns their ids. Inventory comes with a new one-variant product. */
export function seed(world: World, kind: SandboxKind, count: number): string[] {
  return Array.from({ length: count }, () => {
    switch (kind) {
      case 'order':
        return createOrder(world, { paid: true }).id
      case 'customer': {
        const customer = newCustomer(world.rng, world.data.next.customer++, world.stamp())
        world.data.customers.push(customer)
        world.emit('customers/create', 'customer', customer)
        return customer.id
      }
      case 'product':
        return newProduct(world).id
      case 'inventory': {
        const sku = newProduct(world).variants[0].sku!
        return world.data.inventory.find((level) => level.sku === sku)!.id
      }
    }
  })
}

function newProduct(world: World): Product {
  const { data } = world
  const n = data.next.product++
  const at = world.stamp()
  const sku = `SAMPLE-${n}`
  const product: Product = { id: `product-${n}`, title: `Sample product ${n}`, status: 'active', handle: `sample-product-${n}`, vendor: 'Sandbox Store', tags: ['sample'], variants: [{ id: `variant-${n}-1`, sku, title: 'Default', price: eur(1000 + n), compareAtPrice: null, inventoryItemId: `item-${sku}` }], createdAt: at, updatedAt: at }
  data.products.push(product)
  world.emit('products/create', 'product', product)
  for (const locationId of data.locations) {
    const level = { id: `${sku}@${locationId}`, sku, locationId, available: 10, inventoryItemId: `item-${sku}`, createdAt: at, updatedAt: at }
    data.inventory.push(level)
    world.emit('inventory_levels/update', 'inventory', level)
  }
  return product
}

/**
 * A back-office edit that always changes content: an order's `staff-checked` tag and a product's
 * `featured` tag are toggled, a stock count is corrected up by one, a customer's marketing consent flips.
 */
export function touch(world: World, kind: SandboxKind, id: string): void {
  const entity = findEntity(world.data, kind, id)
  if (!entity) throw new CartwireError('ERR_NOT_FOUND', `no ${kind} ${id} in the sandbox`)
  switch (kind) {
    case 'order':
      toggleTag(entity as Order, 'staff-checked')
      break
    case 'product':
      toggleTag(entity as Product, 'featured')
      break
    case 'inventory':
      ;(entity as { available: number }).available += 1
      break
    case 'customer': {
      const customer = entity as Customer
      customer.acceptsMarketing = !customer.acceptsMarketing
      customer.tags = customer.acceptsMarketing ? [...customer.tags, 'newsletter'] : customer.tags.filter((t) => t !== 'newsletter')
      break
    }
  }
  entity.updatedAt = world.stamp()
  world.emit(UPDATE_TOPIC[kind], kind, entity)
}

function toggleTag(entity: { tags: string[] }, tag: string): void {
  entity.tags = entity.tags.includes(tag) ? entity.tags.filter((t) => t !== tag) : [...entity.tags, tag]
}

/** Deletes a record; its webhook carries only the id and the delete time. */
export function remove(world: World, kind: SandboxKind, id: string): void {
  const list = listOf(world.data, kind)
  const index = list.findIndex((entity) => entity.id === id)
  if (index < 0) throw new CartwireError('ERR_NOT_FOUND', `no ${kind} ${id} in the sandbox`)
  list.splice(index, 1)
  world.stamp()
  world.emitDeleted(DELETE_TOPIC[kind], kind, id)
}
