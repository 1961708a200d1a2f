import { CheckNotApplicable } from '../../../core/connector-kit/session.js'
import type { CapabilityFixture, ConnectorFixture, FakePlatform } from '../../../core/connector-kit/fixture.js'
import type { ResourceKind } from '../../../core/sdk/entities.js'
import { checkoutPayload, refundPayload, restTime, type Raw } from './payloads.js'
import { FakeShopify } from './server.js'
import { restProduct, type Delivery } from './state.js'

/** The REST resource each kind is listed as (the page hook names it). */
const LISTED_AS: Partial<Record<ResourceKind, string>> = { order: 'orders', product: 'products', customer: 'customers', inventory: 'inventory_levels' }
const UPDATE_TOPIC: Record<string, string> = { order: 'orders/updated', product: 'products/update', customer: 'customers/update', checkout: 'checkouts/update' }

/**
 * The conformance fixture (core/connector-kit) for plugins/shopify over the fake Shopify. Pages are
 * small (25 REST records, 10 GraphQL products) so the kit's walk spans several. Inventory levels are
 * named `SKU@location` at the shop's first location; their webhook is Shopify's thin
 * `inventory_levels/update`, and an order's thin webhook is `refunds/create`. Checkouts are not polled
 * (Shopify's abandoned-checkout list is a report, not a change feed), so `polledKinds` leaves them out.
 */
export const shopifyFixture: ConnectorFixture = {
  async start() {
    const fake = await new FakeShopify({ plan: { rest: { leakPerSecond: 1000 }, graphql: { max: 20_000, restorePerSecond: 20_000 } } }).start()
    const { state } = fake
    const location = state.locations[0]
    let seeded = 0
    const pendingTouches = new Map<string, { kind: ResourceKind; ids: string[] }>()

    const inventoryOf = (id: string) => {
      const sku = id.slice(0, id.lastIndexOf('@'))
      const [{ variant }] = state.variantsWithSku(sku)
      return state.levels.get(`${variant.inventoryItemId}@${id.slice(id.lastIndexOf('@') + 1)}`)!
    }
    const productOf = (id: string) => state.products.get(id) ?? (() => { throw new Error(`no product ${id}`) })()

    function seedOne(kind: ResourceKind): string {
      const n = ++seeded
      switch (kind) {
        case 'order':
          return String(state.addOrder({ total: '30.00', tags: ['seeded'], lines: [{ id: state.id(), sku: `KIT-${n}`, title: 'Kit item', quantity: 2, price: '15.00' }] }, { silent: true }).id)
        case 'customer':
          return String(state.addCustomer({ email: `kit-${n}@example.com`, tags: ['seeded'] }, { silent: true }).id)
        case 'product':
          return state.addProduct({ title: `Kit product ${n}`, variants: [{ sku: `KIT-P-${n}`, price: '10.00' }] }, { silent: true }).id
        case 'inventory':
          state.addProduct({ title: `Kit stock ${n}`, variants: [{ sku: `KIT-I-${n}`, price: '10.00', available: 5 }] }, { silent: true })
          return `KIT-I-${n}@${location}`
        case 'checkout': {
          const id = state.id()
          state.checkouts.set(id, checkoutPayload({ id, createdAt: state.stamp(), email: `kit-${n}@example.com`, total: '15.00', lines: [{ id: state.id(), sku: `KIT-${n}`, title: 'Kit item', quantity: 1, price: '15.00' }] }))
          return id
        }
        default:
          throw new Error(`the Shopify fixture cannot seed ${kind}`)
      }
    }

    /** A merchant's real change: content differs and updated_at moves forward. */
    function touch(kind: ResourceKind, id: string): void {
      switch (kind) {
        case 'order':
          state.changeOrder(id, (raw) => (raw.note = `touched ${state.now}`), [])
          return
        case 'customer': {
          const raw = state.customers.get(id)!
          raw.note = `touched ${state.now}`
          raw.phone = `+1555${String(state.now).slice(-7)}`
          raw.updated_at = restTime(state.stamp(Date.parse(raw.updated_at)))
          return
        }
        case 'product': {
          const product = productOf(id)
          product.title = `${product.title}+`
          product.updatedAt = state.stamp(product.updatedAt)
          return
        }
        case 'inventory': {
          const level = inventoryOf(id)
          level.available += 1
          level.updatedAt = state.stamp(level.updatedAt)
          return
        }
        case 'checkout': {
          const raw = state.checkouts.get(id)!
          raw.email = `touched-${state.now}@example.com`
          raw.updated_at = restTime(state.stamp(Date.parse(raw.updated_at)))
          return
        }
        default:
          throw new Error(`the Shopify fixture cannot touch ${kind}`)
      }
    }

    function delivery(kind: ResourceKind, id: string): Delivery {
      const make = (topic: string, payload: Raw): Delivery => ({ topic, body: JSON.stringify(payload), webhookId: `kit-${state.id()}`, eventId: `kit-${state.id()}`, triggeredAt: new Date(state.now).toISOString() })
      switch (kind) {
        case 'order':
          return make(UPDATE_TOPIC.order, state.order(id))
        case 'customer':
          return make(UPDATE_TOPIC.customer, state.customers.get(id)!)
        case 'checkout':
          return make(UPDATE_TOPIC.checkout, state.checkouts.get(id)!)
        case 'product':
          return make(UPDATE_TOPIC.product, restProduct(productOf(id)))
        case 'inventory': {
          const level = inventoryOf(id)
          return make('inventory_levels/update', { inventory_item_id: Number(level.itemId), location_id: Number(level.locationId), available: level.available, updated_at: restTime(level.updatedAt) })
        }
        default:
          throw new Error(`the Shopify fixture has no webhook for ${kind}`)
      }
    }

    fake.afterPage = (resource, page) => {
      if (page !== 1) return
      const touches = pendingTouches.get(resource)
      if (!touches) return
      pendingTouches.delete(resource)
      for (const id of touches.ids) touch(touches.kind, id)
    }

    const capabilities: Record<string, CapabilityFixture> = {
      'order.addTags': { kind: 'order', params: (id) => ({ orderId: id, tags: ['kit-tag'] }), effectCount: async (id) => tagCount(state.order(id), 'kit-tag'), state: async (id) => state.order(id).tags },
      'order.removeTags': { kind: 'order', params: (id) => ({ orderId: id, tags: ['seeded'] }), effectCount: async (id) => 1 - tagCount(state.order(id), 'seeded'), state: async (id) => state.order(id).tags },
      'order.addNote': { kind: 'order', params: (id) => ({ orderId: id, note: 'Kit note' }), effectCount: async (id) => String(state.order(id).note ?? '').split('Kit note').length - 1 },
      'fulfillment.create': { kind: 'order', params: (id) => ({ orderId: id, trackingNumber: `KIT-TRACK-${id}` }), effectCount: async (id) => (state.order(id).fulfillments ?? []).length },
      'inventory.set': { kind: 'inventory', params: (id) => ({ sku: id.slice(0, id.lastIndexOf('@')), locationId: location, available: 77 }), effectCount: async (id) => Number(inventoryOf(id).available === 77), state: async (id) => inventoryOf(id).available },
      'product.setPrice': { kind: 'product', params: (id) => ({ sku: productOf(id).variants[0].sku!, price: '123.45' }), effectCount: async (id) => Number(productOf(id).variants[0].price === '123.45'), state: async (id) => productOf(id).variants[0].price },
      'product.setStatus': { kind: 'product', params: (id) => ({ productId: id, status: 'archived' }), effectCount: async (id) => Number(productOf(id).status === 'ARCHIVED'), state: async (id) => productOf(id).status },
    }

    const platform: FakePlatform = {
      kinds: ['order', 'product', 'customer', 'inventory', 'checkout'],
      polledKinds: ['order', 'product', 'customer', 'inventory'],
      async seed(kind, count) {
        return Array.from({ length: count }, () => seedOne(kind))
      },
      async touch(kind, id) {
        touch(kind, id)
      },
      async webhook(kind, id) {
        return fake.request(delivery(kind, id))
      },
      async webhookWithWrongSecret(kind, id) {
        return fake.request(delivery(kind, id), { secret: 'not-the-app-secret' })
      },
      async thinWebhook(kind, id) {
        if (kind === 'inventory') return fake.request(delivery(kind, id))
        if (kind !== 'order') throw new CheckNotApplicable(`Shopify sends no thin webhook for ${kind}`)
        const refund = refundPayload({ id: state.id(), orderId: id, at: state.now, amount: '0.00' })
        return fake.request({ topic: 'refunds/create', body: JSON.stringify(refund), webhookId: `kit-${state.id()}`, eventId: `kit-${state.id()}`, triggeredAt: new Date(state.now).toISOString() })
      },
      async remove(kind, id) {
        if (kind === 'order') state.orders.delete(id)
        else if (kind === 'customer') state.customers.delete(id)
        else if (kind === 'checkout') state.checkouts.delete(id)
        else if (kind === 'product') state.products.delete(id)
        else if (kind === 'inventory') for (const { product } of state.variantsWithSku(id.slice(0, id.lastIndexOf('@')))) state.products.delete(product.id)
      },
      modifyDuringNextWalk(kind, ids) {
        const resource = LISTED_AS[kind]
        if (resource) pendingTouches.set(resource, { kind, ids })
      },
      capabilities,
      stop: () => fake.stop(),
    }
    return { platform, options: { shop: fake.shop, baseUrl: fake.url, accessToken: fake.token, webhookSecret: fake.secret, apiVersion: fake.version, pageSize: 25, productPageSize: 10, restLeakPerSecond: 1000 } }
  },
}

function tagCount(order: Raw, tag: string): number {
  return String(order.tags).split(',').map((t) => t.trim()).filter((t) => t === tag).length
}
