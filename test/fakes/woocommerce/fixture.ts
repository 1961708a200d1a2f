import type { ConnectorFixture, FakePlatform } from '../../../core/connector-kit/fixture.js'
import type { ResourceKind } from '../../../core/sdk/entities.js'
import { WooFake } from './server.js'

/**
 * The shared connector kit's view of the fake WooCommerce (core/connector-kit/fixture.ts).
 * - kinds: orders, products, their stock (an inventory id is `<sku>@default`) and customers; the poll
 *   walks orders and products (with stock), never customers (the customers endpoint has no
 *   modified_after), so `polledKinds` leaves customers out.
 * - The fake's clock starts at the real time, and the OAuth timestamp check is off: the kit may run the
 *   connector on a clock of its own (the nonce check stays on).
 * - No thin webhooks: WooCommerce sends full payloads (a `*.deleted` body has only the id, but that is a
 *   delete, not a thin payload).
 * - `touch` moves the clock one second, then changes the record, so its date_modified moves forward.
 */
const LIST_PATH: Partial<Record<ResourceKind, string>> = { order: '/orders', product: '/products', inventory: '/products' }

function skuOf(inventoryId: string): string {
  return inventoryId.replace(/@default$/, '')
}

export const woocommerceFixture: ConnectorFixture = {
  async start() {
    const fake = await new WooFake({ now: Math.floor(Date.now() / 1000) * 1000, checkOAuthTimestamp: false }).start()
    let touches = 0
    const product = (kind: ResourceKind, id: string) => {
      const found = kind === 'inventory' ? [...fake.products.values()].find((p) => p.sku === skuOf(id)) : fake.products.get(Number(id))
      if (!found) throw new Error(`no ${kind} ${id} on the fake`)
      return found
    }
    const topicOf = (kind: ResourceKind) => (kind === 'inventory' ? 'product' : kind)
    const resourceId = (kind: ResourceKind, id: string) => (kind === 'inventory' || kind === 'product' ? product(kind, id).id : Number(id))
    const touch = async (kind: ResourceKind, id: string) => {
      fake.advance(1000)
      const n = ++touches
      if (kind === 'order') fake.updateOrder(Number(id), (o) => (o.customerNote = `changed ${n}`))
      else if (kind === 'product') fake.updateProduct(product(kind, id).id, (p) => (p.name = `Espresso machine v${n}`))
      else if (kind === 'inventory') fake.updateProduct(product(kind, id).id, (p) => (p.stockQuantity = (p.stockQuantity ?? 0) + 1))
      else if (kind === 'customer') {
        const c = fake.customers.get(Number(id))!
        c.firstName = `Ada ${n}`
        c.modifiedMs = fake.second()
      } else throw new Error(`the fake has no ${kind}`)
    }
    const platform: FakePlatform = {
      kinds: ['order', 'product', 'inventory', 'customer'],
      polledKinds: ['order', 'product', 'inventory'],
      async seed(kind, count) {
        const ids: string[] = []
        for (let i = 0; i < count; i++) {
          if (i % 7 === 6) fake.advance(1000)
          if (kind === 'order') ids.push(String(fake.createOrder().id))
          else if (kind === 'product') ids.push(String(fake.createProduct().id))
          else if (kind === 'inventory') ids.push(`${fake.createProduct({ stockQuantity: 5 + (i % 3) }).sku}@default`)
          else if (kind === 'customer') ids.push(String(fake.createCustomer({ email: `kit-${i}@example.com` }).id))
          else throw new Error(`the fake has no ${kind}`)
        }
        return ids
      },
      touch,
      async webhook(kind, id) {
        return fake.webhook(`${topicOf(kind)}.updated`, resourceId(kind, id))
      },
      async webhookWithWrongSecret(kind, id) {
        return fake.webhook(`${topicOf(kind)}.updated`, resourceId(kind, id), { secret: 'not-the-webhook-secret' })
      },
      async remove(kind, id) {
        if (kind === 'order') fake.trashOrder(Number(id))
        else if (kind === 'customer') fake.customers.delete(Number(id))
        else fake.updateProduct(product(kind, id).id, (p) => (p.trashed = true))
      },
      modifyDuringNextWalk(kind, ids) {
        fake.onList = (path) => {
          if (path !== LIST_PATH[kind]) return
          fake.onList = undefined
          for (const id of ids) void touch(kind, id)
        }
      },
      capabilities: {
        'order.addNote': { kind: 'order', params: (id) => ({ orderId: id, note: 'Checked by the kit' }), effectCount: async (id) => fake.mustOrder(Number(id)).notes.length },
        'order.setStatus': {
          kind: 'order',
          params: (id) => ({ orderId: id, status: 'on_hold' }),
          effectCount: async (id) => (fake.mustOrder(Number(id)).status === 'on-hold' ? 1 : 0),
          state: async (id) => fake.mustOrder(Number(id)).status,
        },
        'inventory.set': {
          kind: 'inventory',
          params: (id) => ({ sku: skuOf(id), available: 42 }),
          effectCount: async (id) => (product('inventory', id).stockQuantity === 42 ? 1 : 0),
          state: async (id) => product('inventory', id).stockQuantity,
        },
        'product.setPrice': {
          kind: 'product',
          params: (id) => ({ sku: product('product', id).sku, price: '9.99' }),
          effectCount: async (id) => (product('product', id).regularPrice === '9.99' ? 1 : 0),
          state: async (id) => ({ regular: product('product', id).regularPrice, sale: product('product', id).salePrice }),
        },
        'fulfillment.create': { kind: 'order', params: (id) => ({ orderId: id, trackingNumber: 'KIT-0001' }), effectCount: async (id) => fake.fulfillments.filter((f) => f.orderId === Number(id)).length },
      },
      stop: () => fake.stop(),
    }
    return { platform, options: fake.options({ currency: 'EUR' }) }
  },
}
