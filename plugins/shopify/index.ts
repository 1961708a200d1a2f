import { EVENT_TYPES, defineConnector, type ConnectorContext } from '../../core/sdk/index.js'
import { createFulfillmentActions } from './actions/fulfillment.js'
import { createInventoryActions } from './actions/inventory.js'
import { createNoteActions } from './actions/note.js'
import { createProductActions } from './actions/product.js'
import { createTagActions } from './actions/tags.js'
import { createApi } from './api.js'
import { decodeDelivery } from './decode.js'
import { createFetch } from './fetch.js'
import { options, type ShopifyOptions } from './options.js'
import { createPoll } from './poll.js'
import { dedupeKey, verifySignature } from './signature.js'
import { createSubscriptions } from './subscriptions.js'

/**
 * Shopify: signed webhooks, REST for orders/customers/checkouts (its shape is the webhook's), GraphQL for
 * products, variants, inventory and every write, under the shop's rate limits. README.md has options,
 * topics, capabilities and scopes.
 */
export default defineConnector({
  name: 'shopify',
  version: '1.0.0',
  options,
  emits: EVENT_TYPES,
  /** Idempotency classes (SEMANTICS.md §5); each action file says why. */
  capabilities: {
    /** tagsAdd adds only the named tags: repeating it changes nothing */
    'order.addTags': { idempotency: 'natural' },
    /** tagsRemove removes only the named tags */
    'order.removeTags': { idempotency: 'natural' },
    /** a read-modify-write of the note string; a marker of the step's key shows whether it landed */
    'order.addNote': { idempotency: 'probe' },
    /** an absolute quantity with compare-and-swap; a level already at the target is success */
    'inventory.set': { idempotency: 'natural' },
    /** an absolute price on the one variant with that SKU */
    'product.setPrice': { idempotency: 'natural' },
    /** an absolute status */
    'product.setStatus': { idempotency: 'natural' },
    /** a new fulfillment each call; the order's fulfillments show the tracking number after a crash */
    'fulfillment.create': { idempotency: 'probe' },
  },
  setup(ctx: ConnectorContext<ShopifyOptions>) {
    const api = createApi(ctx)
    const notes = createNoteActions(api)
    const products = createProductActions(api)
    const fulfillments = createFulfillmentActions(api)
    const probes: Record<string, typeof notes.probe | typeof fulfillments.probe> = { 'order.addNote': notes.probe, 'fulfillment.create': fulfillments.probe }
    return {
      verify: (req) => verifySignature(req, api.settings.webhookSecrets),
      dedupeKey,
      decode: (delivery) => decodeDelivery(delivery, { currency: () => api.currency(), skuOfItem: async (id) => (await api.inventoryItems([id], 'fetch')).get(id)?.sku ?? null }),
      fetch: createFetch(api),
      poll: createPoll(api),
      subscriptions: createSubscriptions(api, ctx.connection, ctx.kv),
      actions: {
        ...createTagActions(api),
        'order.addNote': notes.addNote,
        'inventory.set': createInventoryActions(api),
        'product.setPrice': products.setPrice,
        'product.setStatus': products.setStatus,
        'fulfillment.create': fulfillments.create,
      },
      async probe(capability, actx, params) {
        const probe = probes[capability]
        // natural capabilities are re-run, never probed; asking is a core defect
        if (!probe) throw new Error(`shopify: ${capability} has no probe (its class is natural)`)
        return probe(actx, params)
      },
    }
  },
})
