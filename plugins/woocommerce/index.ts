import { z } from 'zod'
import { defineConnector, secret, secretList, type ConnectorContext, type ConnectorInstance, type EventType } from '../../core/sdk/index.js'
import { createAddNote } from './actions/add-note.js'
import { createFulfillmentCreate } from './actions/fulfillment-create.js'
import { createInventorySet } from './actions/inventory-set.js'
import { createSetPrice } from './actions/set-price.js'
import { createSetStatus } from './actions/set-status.js'
import { decodeWebhook } from './decode.js'
import { createFetch } from './fetch.js'
import { createLookups } from './lookups.js'
import { createPoll } from './poll.js'
import { createRest } from './rest.js'
import { verifyWebhook } from './signature.js'
import { createBuilder } from './snapshots.js'
import { createSubscriptions } from './subscriptions.js'

const options = z.object({
  /** The store's home URL, e.g. `https://shop.example.com`; the REST API is `<url>/wp-json/wc/v3`. */
  url: z.string().url(),
  /** REST API consumer key (`ck_…`), read/write. */
  consumerKey: secret(),
  /** REST API consumer secret (`cs_…`). */
  consumerSecret: secret(),
  /** The secret set on the store's webhooks; a list while rotating (each is tried). */
  webhookSecret: secretList(),
  /** User-meta key whose value (comma-separated or an array) supplies customer tags. @default none: tags are [] */
  customerTagsMetaKey: z.string().min(1).optional(),
  /** Poll page size; WooCommerce caps `per_page` at 100. @default 100 */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Subtracted from walkStart (the platform's clock) to form the next walk's cursor. @default 120000 */
  overlapMs: z.number().int().min(0).default(120_000),
  /** Walk products (and their stock) as well as orders. @default true */
  pollProducts: z.boolean().default(true),
  /** The store currency (ISO-4217) for product prices. @default read once from the store's settings */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** HTTPS only: send the keys as query parameters, for servers that strip the Authorization header. @default false */
  queryStringAuth: z.boolean().default(false),
})

type Options = z.output<typeof options>

const EMITS: readonly EventType[] = [
  'order.created', 'order.updated', 'order.paid', 'order.fulfilled', 'order.cancelled', 'order.closed', 'order.deleted', 'order.refunded',
  'product.created', 'product.updated', 'product.deleted',
  'inventory.created', 'inventory.changed',
  'customer.created', 'customer.updated', 'customer.deleted',
]

/**
 * WooCommerce over REST v3 and webhooks. README.md has options, topics, capabilities and why polling
 * is required. WooCommerce has no order or customer tags, so `order.addTags` is not a capability:
 * `cartwire validate` refuses a rule that tags orders on a WooCommerce connection.
 */
export default defineConnector({
  name: 'woocommerce',
  version: '1.0.0',
  options,
  emits: EMITS,
  capabilities: {
    // notes are append-only and keys are ignored: a marker in the text lets the probe find the note
    'order.addNote': { idempotency: 'probe' },
    // an absolute status: writing it twice is writing it once
    'order.setStatus': { idempotency: 'natural' },
    // an absolute stock quantity on the product or variation with the SKU
    'inventory.set': { idempotency: 'natural' },
    // absolute regular/sale prices on the product or variation with the SKU
    'product.setPrice': { idempotency: 'natural' },
    // the Fulfillments API ignores keys; the step's key in the fulfillment's meta lets the probe find it
    'fulfillment.create': { idempotency: 'probe' },
  },
  setup(ctx: ConnectorContext<Options>): ConnectorInstance {
    const o = ctx.options
    const secrets = (Array.isArray(o.webhookSecret) ? o.webhookSecret : [o.webhookSecret]).map(String)
    const rest = createRest(ctx.http, o.url, { consumerKey: String(o.consumerKey), consumerSecret: String(o.consumerSecret), queryStringAuth: o.queryStringAuth }, ctx.clock)
    const lookups = createLookups(rest, ctx.kv, { currency: o.currency, customerTagsMetaKey: o.customerTagsMetaKey })
    const build = createBuilder(rest, lookups, { customerTagsMetaKey: o.customerTagsMetaKey, currency: o.currency })
    const addNote = createAddNote(rest)
    const fulfillment = createFulfillmentCreate(rest)
    const probes: Record<string, (typeof addNote)['probe']> = { 'order.addNote': addNote.probe, 'fulfillment.create': fulfillment.probe }
    return {
      verify: (req) => verifyWebhook(req, secrets),
      decode: (delivery) => decodeWebhook(delivery, build),
      fetch: createFetch(rest, build),
      poll: createPoll(rest, build, { pageSize: o.pageSize, overlapMs: o.overlapMs, products: o.pollProducts }, ctx.log, () => ctx.clock.now()),
      subscriptions: createSubscriptions(rest, ctx.connection, secrets[0], ctx.log),
      actions: {
        'order.addNote': addNote.run,
        'order.setStatus': createSetStatus(rest),
        'inventory.set': createInventorySet(rest),
        'product.setPrice': createSetPrice(rest),
        'fulfillment.create': fulfillment.run,
      },
      async probe(capability, actx, params) {
        const probe = probes[capability]
        if (!probe) throw new Error(`woocommerce: ${capability} has no probe (its class is not probe)`)
        return probe(actx, params)
      },
    }
  },
})
